// Amazon Route 53 as Warden knows it: health checks only (every other Route 53 operation answers 501 naming it).
import type { ServiceDescriptor } from '../../core/runtime.js';

export const route53Service: ServiceDescriptor = {
  model: 'route53',
  iamPrefix: 'route53',
  eventSource: 'route53.amazonaws.com',
  billing: { name: 'Amazon Route 53', requestUsageType: 'Route53-Requests' },
};
