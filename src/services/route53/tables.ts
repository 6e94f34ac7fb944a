// Row types of Route 53's tables (created by ./migrations/0110_route53.ts). Times are epoch ms.

export interface Route53HealthChecksTable {
  account_id: string;
  id: string;
  caller_reference: string;
  /** JSON HealthCheckConfig as the caller set it (defaults filled in). */
  config: string;
  /** HealthCheckVersion: 1 at creation, one more per update. */
  version: number;
  /** 1 once deleted: the row stays so its CallerReference cannot be reused (HealthCheckAlreadyExists). */
  deleted: number;
  created_at: number;
}

export interface Route53TagsTable {
  account_id: string;
  /** The health check's id (the only resource type Warden's Route 53 tags). */
  resource_id: string;
  tag_key: string;
  tag_value: string;
}

export interface Route53Tables {
  route53_health_checks: Route53HealthChecksTable;
  route53_tags: Route53TagsTable;
}

/** Adds Route 53's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Route53Tables' members into Database
  interface Database extends Route53Tables {}
}
