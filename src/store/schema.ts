// Row types of the core tables, as kysely sees them; services add theirs. Times are epoch milliseconds; booleans 0/1.
import type { Generated } from 'kysely';

export interface AccountsTable {
  id: string;
  email: string;
  name: string;
  /** ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED */
  status: string;
  created_at: number;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** Null for the root user's keys. */
  user_name: string | null;
  /** The owning principal's unique id (AIDA... for users, the account id for root). */
  principal_id: string;
  /** The secret access key, wrapped under the master key (see src/store/secrets.ts). */
  secret_wrapped: string;
  /** Active | Inactive */
  status: string;
  created_at: number;
  last_used_at: number | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface MigrationsTable {
  id: string;
  applied_at: number;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  event_id: string;
  event_time: number;
  recipient_account_id: string;
  event_source: string;
  event_name: string;
  username: string | null;
  access_key_id: string | null;
  read_only: number;
  resource_names: string | null;
  resource_types: string | null;
  /** The whole CloudTrail record, JSON. */
  record: string;
}

/** A mutating call's pending audit record, until its final record replaces it (see src/audit/intents.ts). */
export interface AuditIntentsTable {
  /** The eventID the record gets if start-up recovery has to write it. */
  event_id: string;
  created_at: number;
  /** The pending CloudTrail record, JSON: what was known before the handler ran. */
  record: string;
}

/**
 * Temporary credentials withdrawn before they expire: a session whose grant names `revocation_key` (an SSM managed
 * instance's ARN) is refused at authentication once the key is here (0100_session_revocations).
 */
export interface SessionRevocationsTable {
  revocation_key: string;
  account_id: string;
  revoked_at: number;
}

export interface TrailsTable {
  account_id: string;
  name: string;
  arn: string;
  home_region: string;
  s3_bucket_name: string;
  s3_key_prefix: string | null;
  include_global_service_events: number;
  is_multi_region_trail: number;
  is_organization_trail: number;
  log_file_validation_enabled: number;
  kms_key_id: string | null;
  is_logging: number;
  start_logging_time: number | null;
  stop_logging_time: number | null;
  latest_delivery_time: number | null;
  /** Sequence number of the last audit event written to this trail's files. */
  delivered_seq: number;
  created_at: number;
}

/**
 * Every table. Declared here with the core tables (those src/store/migrations/ creates); each service adds its own
 * in its folder's tables.ts by declaration merging:
 *
 *     declare module '../../store/schema.js' {
 *       interface Database extends KmsTables {}
 *     }
 *
 * So the store imports no service, yet every handle (store.db, a transaction) is typed with every table.
 */
export interface Database {
  warden_meta: MetaTable;
  warden_migrations: MigrationsTable;
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  audit_events: AuditEventsTable;
  audit_intents: AuditIntentsTable;
  trails: TrailsTable;
  session_revocations: SessionRevocationsTable;
}
