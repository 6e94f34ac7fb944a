// Inspector (v2) as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const inspector2Service: ServiceDescriptor = {
  model: 'inspector2',
  iamPrefix: 'inspector2',
  eventSource: 'inspector2.amazonaws.com',
  billing: { name: 'Amazon Inspector', requestUsageType: 'Inspector-Requests' },
};
