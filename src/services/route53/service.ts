// Amazon Route 53 as Warden knows it: health checks that really run (every other Route 53 operation answers 501).
import type { ServiceDescriptor } from '../../core/runtime.js';
import { route53ResourceOverrides } from './authz.js';
import { route53HealthChecks } from './directory.js';
import { route53 } from './index.js';
import { route53Migration } from './migrations/0110_route53.js';
import { startHealthChecks } from './runner.js';

export const route53Service: ServiceDescriptor = {
  model: 'route53',
  iamPrefix: 'route53',
  eventSource: 'route53.amazonaws.com',
  billing: { name: 'Amazon Route 53', requestUsageType: 'Route53-Requests' },
  provider: route53,
  authorization: { resourceOverrides: route53ResourceOverrides },
  migrations: [route53Migration],
  start: startHealthChecks,
  healthChecks: route53HealthChecks,
};
