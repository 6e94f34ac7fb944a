// Test helpers: audit rows, KMS keys and organizations written straight into a store, as the services write them.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export interface CallSpec {
  account: string;
  /** The caller's account when it differs from the recipient (a cross-account copy). */
  caller?: string;
  eventSource: string;
  time: number;
  errorCode?: string;
  shared?: boolean;
  /** The API action (Cost Explorer's OPERATION); `Call` when not given. */
  eventName?: string;
  /** awsRegion (Cost Explorer's REGION); us-east-1 when not given. */
  region?: string;
}

/** Inserts one audit_events row per call, with a record shaped as src/audit/record.ts builds it. */
export async function insertCalls(db: Kysely<Database>, calls: readonly CallSpec[]): Promise<void> {
  // In chunks: one statement may bind only so many parameters (SQLite: 32766).
  for (let i = 0; i < calls.length; i += 500) await insertChunk(db, calls.slice(i, i + 500));
}

async function insertChunk(db: Kysely<Database>, calls: readonly CallSpec[]): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      calls.map((c) => {
        const record = {
          eventVersion: '1.11',
          userIdentity: { type: 'Root', accountId: c.caller ?? c.account },
          eventTime: new Date(c.time).toISOString(),
          eventSource: c.eventSource,
          eventName: c.eventName ?? 'Call',
          awsRegion: c.region ?? 'us-east-1',
          ...(c.errorCode ? { errorCode: c.errorCode, errorMessage: 'failed' } : {}),
          requestParameters: null,
          eventID: randomUUID(),
          recipientAccountId: c.account,
          ...(c.shared ? { sharedEventID: randomUUID() } : {}),
        };
        return {
          event_id: record.eventID,
          event_time: c.time,
          recipient_account_id: c.account,
          event_source: c.eventSource,
          event_name: c.eventName ?? 'Call',
          username: null,
          access_key_id: null,
          read_only: 1,
          resource_names: null,
          resource_types: null,
          record: JSON.stringify(record),
        };
      }),
    )
    .execute();
}

export async function insertKmsKey(db: Kysely<Database>, account: string, createdAt: number): Promise<void> {
  const keyId = randomUUID();
  await db
    .insertInto('kms_keys')
    .values({
      key_id: keyId,
      account_id: account,
      region: 'us-east-1',
      arn: `arn:aws:kms:us-east-1:${account}:key/${keyId}`,
      description: '',
      key_spec: 'SYMMETRIC_DEFAULT',
      key_usage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      key_state: 'Enabled',
      policy: '{}',
      multi_region: 0,
      created_at: createdAt,
      deletion_at: null,
      pending_window_days: null,
      rotation_enabled: 0,
      rotation_period_days: null,
      next_rotation_at: null,
      on_demand_rotation_at: null,
      current_version: 1,
      expiration_model: null,
      valid_to: null,
    })
    .execute();
}

export async function insertAccount(db: Kysely<Database>, id: string, name: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ id, email: `${name}@example.com`, name, status: 'ACTIVE', created_at: 0 })
    .execute();
}

/** An organization managed by `manager` with `members` (the manager is a member too, as Organizations records it). */
export async function insertOrganization(db: Kysely<Database>, manager: string, members: string[]): Promise<void> {
  const orgId = `o-${manager.slice(0, 10)}`;
  await db
    .insertInto('org_organizations')
    .values({ id: orgId, management_account_id: manager, feature_set: 'ALL', created_at: 0 })
    .execute();
  await db
    .insertInto('org_accounts')
    .values(
      [manager, ...members].map((account_id) => ({
        account_id,
        org_id: orgId,
        parent_id: 'r-root',
        joined_method: 'CREATED',
        joined_at: 0,
      })),
    )
    .execute();
}
