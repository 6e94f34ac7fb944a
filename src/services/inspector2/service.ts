// Inspector (v2) as Warden knows it: modelled, not built yet, so every operation answers 501 naming it; it owns the
// vulnerability advisories (./advisories) that Inspector Scan and its findings match packages against.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { inspectorAdvisoriesMigration } from './migrations/0105_inspector_advisories.js';

export const inspector2Service: ServiceDescriptor = {
  model: 'inspector2',
  iamPrefix: 'inspector2',
  eventSource: 'inspector2.amazonaws.com',
  billing: { name: 'Amazon Inspector', requestUsageType: 'Inspector-Requests' },
  migrations: [inspectorAdvisoriesMigration],
};
