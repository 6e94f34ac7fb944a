// Health checks asked of the service holding them (Route 53), by services that act on a resource's health (Shield).
import type { HealthCheckDirectory, Runtime } from './runtime.js';

/** The directory of the one service that holds health checks; undefined when none does. */
export function healthCheckDirectory(runtime: Runtime): HealthCheckDirectory | undefined {
  return [...runtime.services.values()].find((s) => s.healthChecks)?.healthChecks;
}

/** Route 53's health check ARNs are global and name no account: `arn:<partition>:route53:::healthcheck/<id>`. */
const HEALTH_CHECK_ARN = /^arn:[a-z-]+:route53:::healthcheck\/(\S{1,64})$/;

/** The health check id an ARN names; undefined when it is not a health check ARN. */
export function healthCheckIdOf(arn: string): string | undefined {
  return HEALTH_CHECK_ARN.exec(arn)?.[1];
}

export function healthCheckArn(partition: string, id: string): string {
  return `arn:${partition}:route53:::healthcheck/${id}`;
}
