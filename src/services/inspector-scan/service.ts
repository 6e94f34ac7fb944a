// Inspector Scan (ScanSbom) as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const inspectorScanService: ServiceDescriptor = {
  model: 'inspector-scan',
  iamPrefix: 'inspector-scan',
  eventSource: 'inspector-scan.amazonaws.com',
  billing: { name: 'Amazon Inspector', requestUsageType: 'InspectorScan-Requests' },
};
