// Cost Explorer as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { ce } from './index.js';

export const ceService: ServiceDescriptor = {
  model: 'ce',
  iamPrefix: 'ce',
  eventSource: 'ce.amazonaws.com',
  billing: { name: 'AWS Cost Explorer', requestUsageType: 'CE-Requests' },
  provider: ce,
};
