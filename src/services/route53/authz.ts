// Route 53's resources as policies name them: a health check by the HealthCheckId (or tagged ResourceId) it acts on.
import type { ResourceOverride, ResourceOverrides } from '../../core/authorization.js';

/**
 * The IAM catalogue's templates (`arn:${Partition}:route53:::healthcheck/${Id}`) name a variable no input member is
 * called, so the generic resolution would match any health check: the id comes from HealthCheckId, or, for tags,
 * from ResourceId under the ResourceType it names. Operations naming no health check resolve generically.
 */
const healthCheck: ResourceOverride = async (env) => {
  const { HealthCheckId, ResourceType, ResourceId } = env.input as Record<string, unknown>;
  let arn: string | undefined;
  if (typeof HealthCheckId === 'string') arn = `arn:${env.partition}:route53:::healthcheck/${HealthCheckId}`;
  else if (typeof ResourceId === 'string' && (ResourceType === 'healthcheck' || ResourceType === 'hostedzone')) {
    arn = `arn:${env.partition}:route53:::${ResourceType}/${ResourceId}`;
  }
  return arn === undefined ? undefined : [{ arn, display: arn }];
};

export const route53ResourceOverrides: ResourceOverrides = {
  'route53:*': { resolve: healthCheck, members: ['HealthCheckId', 'ResourceType', 'ResourceId'] },
};
