// STS as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { sts } from './index.js';

export const stsService: ServiceDescriptor = {
  model: 'sts',
  iamPrefix: 'sts',
  eventSource: 'sts.amazonaws.com',
  billing: { name: 'AWS Security Token Service', requestUsageType: 'STS-Requests' },
  provider: sts,
};
