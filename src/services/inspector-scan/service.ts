// Inspector Scan as Warden knows it: ScanSbom matches an SBOM's packages against the imported advisories.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { inspectorScan } from './index.js';

export const inspectorScanService: ServiceDescriptor = {
  model: 'inspector-scan',
  iamPrefix: 'inspector-scan',
  eventSource: 'inspector-scan.amazonaws.com',
  billing: { name: 'Amazon Inspector', requestUsageType: 'InspectorScan-Requests' },
  provider: inspectorScan,
};
