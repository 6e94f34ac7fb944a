// The Route 53 provider: health checks and their tags (every other Route 53 operation answers 501 naming it).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Route53Operations } from '../../aws/generated/route53.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import {
  createHealthCheck,
  deleteHealthCheck,
  getHealthCheck,
  getHealthCheckCount,
  getHealthCheckStatus,
  listHealthChecks,
  updateHealthCheck,
} from './health-checks.js';
import { changeTagsForResource, listTagsForResource } from './tags.js';

const handlers: Handlers<Route53Operations> = {
  CreateHealthCheck: createHealthCheck,
  GetHealthCheck: getHealthCheck,
  ListHealthChecks: listHealthChecks,
  UpdateHealthCheck: updateHealthCheck,
  DeleteHealthCheck: deleteHealthCheck,
  GetHealthCheckStatus: getHealthCheckStatus,
  GetHealthCheckCount: getHealthCheckCount,
  ChangeTagsForResource: changeTagsForResource,
  ListTagsForResource: listTagsForResource,
};

export const route53: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
