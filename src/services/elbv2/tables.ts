// Row types of ELBv2's tables (created by ./migrations/0060_elbv2.ts). Times are epoch ms; lists and settings are JSON.

export interface Elbv2LoadBalancersTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  scheme: string;
  ip_address_type: string;
  /** JSON string[]: the subnets as given (Warden has no VPCs; they are echoed, never checked). */
  subnets: string;
  /** JSON string[]: the security groups as given, likewise. */
  security_groups: string;
  /** JSON Record<string,string>: the load balancer's attributes. */
  attributes: string;
  created_at: number;
}

export interface Elbv2TargetGroupsTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  protocol: string;
  protocol_version: string;
  port: number;
  target_type: string;
  ip_address_type: string;
  /** JSON of the group's health-check settings (HealthCheckSettings in lookup.ts). */
  health_check: string;
  /** JSON Record<string,string>: the group's attributes. */
  attributes: string;
  created_at: number;
}

export interface Elbv2TargetsTable {
  account_id: string;
  target_group_arn: string;
  target_id: string;
  port: number;
  registered_at: number;
}

export interface Elbv2ListenersTable {
  arn: string;
  account_id: string;
  region: string;
  load_balancer_arn: string;
  protocol: string;
  port: number;
  ssl_policy: string | null;
  /** JSON Certificate[]: IAM server certificate ARNs (Warden's stand-in for ACM). */
  certificates: string;
  /** JSON Action[] as ELBv2 describes them. */
  default_actions: string;
  created_at: number;
}

export interface Elbv2RulesTable {
  arn: string;
  account_id: string;
  region: string;
  listener_arn: string;
  priority: number;
  /** JSON RuleCondition[] as ELBv2 describes them. */
  conditions: string;
  /** JSON Action[]. */
  actions: string;
  created_at: number;
}

export interface Elbv2TagsTable {
  account_id: string;
  resource_arn: string;
  tag_key: string;
  tag_value: string;
}

export interface Elbv2Tables {
  elbv2_load_balancers: Elbv2LoadBalancersTable;
  elbv2_target_groups: Elbv2TargetGroupsTable;
  elbv2_targets: Elbv2TargetsTable;
  elbv2_listeners: Elbv2ListenersTable;
  elbv2_rules: Elbv2RulesTable;
  elbv2_tags: Elbv2TagsTable;
}

/** Adds ELBv2's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Elbv2Tables' members into Database
  interface Database extends Elbv2Tables {}
}
