// Row types of Shield's tables (created by ./migrations/0080_shield.ts). Times are epoch ms; lists are JSON.
import type { Generated } from 'kysely';

export interface ShieldSubscriptionsTable {
  account_id: string;
  /** The subscription's ARN suffix, kept across renewals. */
  subscription_id: string;
  /** The current commitment period. Renewal moves it forward a year at a time (see subscription.ts). */
  start_time: number;
  end_time: number;
  /** ENABLED | DISABLED */
  auto_renew: string;
  /** ENABLED | DISABLED, or null while proactive engagement was never set up. */
  proactive_engagement: string | null;
  /** JSON EmergencyContact[]. */
  emergency_contacts: string;
  created_at: number;
}

export interface ShieldProtectionsTable {
  id: string;
  arn: string;
  account_id: string;
  name: string;
  resource_arn: string;
  /** ProtectedResourceType of the resource (APPLICATION_LOAD_BALANCER for Warden's load balancers). */
  resource_type: string;
  /** JSON { Status, Action } of its application-layer automatic response, or null when never enabled. */
  automatic_response: string | null;
  /** JSON string[]: the ids of the Route 53 health checks associated with it (health-based detection). */
  health_check_ids: Generated<string>;
  created_at: number;
}

export interface ShieldProtectionGroupsTable {
  account_id: string;
  id: string;
  arn: string;
  /** SUM | MEAN | MAX */
  aggregation: string;
  /** ALL | ARBITRARY | BY_RESOURCE_TYPE */
  pattern: string;
  resource_type: string | null;
  /** JSON string[]: the members of an ARBITRARY group ([] otherwise). */
  members: string;
  created_at: number;
}

export interface ShieldTagsTable {
  account_id: string;
  resource_arn: string;
  tag_key: string;
  tag_value: string;
}

export interface ShieldAttacksTable {
  id: string;
  account_id: string;
  resource_arn: string;
  start_time: number;
  /** Null while the attack goes on. */
  end_time: number | null;
  /** JSON StoredAttack (attacks.ts): counters, contributors, mitigations. */
  detail: string;
  updated_at: number;
}

export interface ShieldTables {
  shield_attacks: ShieldAttacksTable;
  shield_subscriptions: ShieldSubscriptionsTable;
  shield_protections: ShieldProtectionsTable;
  shield_protection_groups: ShieldProtectionGroupsTable;
  shield_tags: ShieldTagsTable;
}

/** Adds Shield's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges ShieldTables' members into Database
  interface Database extends ShieldTables {}
}
