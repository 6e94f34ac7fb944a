// Elastic Load Balancing (v2) as Warden knows it: application load balancers whose listeners really serve traffic.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { elbv2 } from './index.js';
import { elbv2Migration } from './migrations/0060_elbv2.js';
import { startElbv2, loadBalancerExists } from './lifecycle.js';

export const elbv2Service: ServiceDescriptor = {
  // botocore's name; requests are signed for (and routed by) the model's signing name, `elasticloadbalancing`.
  model: 'elbv2',
  iamPrefix: 'elasticloadbalancing',
  eventSource: 'elasticloadbalancing.amazonaws.com',
  billing: { name: 'Elastic Load Balancing', requestUsageType: 'ELB-Requests' },
  provider: elbv2,
  migrations: [elbv2Migration],
  start: startElbv2,
  traffic: { resources: { exists: loadBalancerExists } },
};
