// Systems Manager as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const ssmService: ServiceDescriptor = {
  model: 'ssm',
  iamPrefix: 'ssm',
  eventSource: 'ssm.amazonaws.com',
  billing: { name: 'AWS Systems Manager', requestUsageType: 'SSM-Requests' },
};
