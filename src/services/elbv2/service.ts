// Elastic Load Balancing (v2) as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const elbv2Service: ServiceDescriptor = {
  // botocore's name; requests are signed for (and routed by) the model's signing name, `elasticloadbalancing`.
  model: 'elbv2',
  iamPrefix: 'elasticloadbalancing',
  eventSource: 'elasticloadbalancing.amazonaws.com',
  billing: { name: 'Elastic Load Balancing', requestUsageType: 'ELB-Requests' },
};
