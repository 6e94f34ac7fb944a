// Metering: billable usage per account, day, usage type, region and operation, from the audit trail and KMS keys.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Dialect, Store } from '../store/store.js';
import { KMS_EVENT_SOURCE, KMS_KEY_USAGE_TYPE, type BilledService } from './services.js';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Hours in a billing month: AWS prices monthly resources at 730 hours. */
export const HOURS_PER_MONTH = 730;

export interface UsageRecord {
  accountId: string;
  /** Start of the UTC day, epoch ms. */
  day: number;
  /** Cost Explorer's SERVICE name. */
  service: string;
  usageType: string;
  /** Cost Explorer's REGION: where the call was made, or where the key lives. */
  region: string;
  /** Cost Explorer's OPERATION: the API action called; NO_OPERATION for a key's existence. */
  operation: string;
  quantity: number;
}

/** The OPERATION of usage no API call made (a KMS key existing for an hour), as Cost Explorer names it. */
export const NO_OPERATION = 'NoOperation';
/** The REGION of a record that names none (every audit record Warden writes names one). */
export const NO_REGION = 'NoRegion';

export interface UsageQuery {
  /** The services metered: a call to any other is not billed (src/services/registry.ts has Warden's). */
  services: readonly BilledService[];
  /** The accounts whose usage is wanted. */
  accounts: readonly string[];
  /** Epoch ms, inclusive; whole UTC days. */
  start: number;
  /** Epoch ms, exclusive; whole UTC days. */
  end: number;
  /** Resources are billed up to this instant (never into the future). */
  now: number;
}

/** API requests plus KMS key-months of the accounts in [start, end). */
export async function meterUsage(store: Store, query: UsageQuery): Promise<UsageRecord[]> {
  if (query.accounts.length === 0 || query.start >= query.end) return [];
  return [...(await meterRequests(store, query)), ...(await meterKmsKeys(store.db, query))];
}

/**
 * A call is billable when it succeeded (no errorCode: failed authentication, denials and validation errors are
 * not billed) and it is the caller's own record: CloudTrail also delivers a copy of a cross-account call to the
 * resource owner (same sharedEventID), and that copy must not bill the owner a second time.
 */
function billable(dialect: Dialect): RawBuilder<boolean> {
  return dialect === 'postgres'
    ? sql<boolean>`(record::jsonb ->> 'errorCode') is null and ((record::jsonb ->> 'sharedEventID') is null
        or (record::jsonb -> 'userIdentity' ->> 'accountId') = recipient_account_id)`
    : sql<boolean>`json_extract(record, '$.errorCode') is null and (json_extract(record, '$.sharedEventID') is null
        or json_extract(record, '$.userIdentity.accountId') = recipient_account_id)`;
}

function regionOf(dialect: Dialect): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(record::jsonb ->> 'awsRegion')`
    : sql<string | null>`json_extract(record, '$.awsRegion')`;
}

/** One GROUP BY over audit_events; days are bucketed with integer arithmetic both dialects share. */
async function meterRequests(store: Store, { services, accounts, start, end }: UsageQuery): Promise<UsageRecord[]> {
  const day = sql<number>`event_time - event_time % ${sql.lit(DAY_MS)}`;
  const region = regionOf(store.dialect);
  const rows = await store.db
    .selectFrom('audit_events')
    .select([
      'recipient_account_id',
      'event_source',
      'event_name',
      region.as('region'),
      day.as('day'),
      (eb) => eb.fn.countAll<number | string | bigint>().as('requests'),
    ])
    .where('recipient_account_id', 'in', [...accounts])
    .where('event_time', '>=', start)
    .where('event_time', '<', end)
    .where(billable(store.dialect))
    .groupBy(['recipient_account_id', 'event_source', 'event_name', region, day])
    .execute();
  const bySource = new Map(services.map((s) => [s.eventSource, s]));
  const usage: UsageRecord[] = [];
  for (const row of rows) {
    const service = bySource.get(row.event_source);
    if (!service) continue;
    usage.push({
      accountId: row.recipient_account_id,
      day: Number(row.day),
      service: service.name,
      usageType: service.requestUsageType,
      region: row.region ?? NO_REGION,
      operation: row.event_name,
      quantity: Number(row.requests),
    });
  }
  return usage;
}

/**
 * Each KMS key is billed for every UTC clock hour it exists in, at 1/730 key-month an hour, until it is
 * deleted (a key pending deletion still exists and is still billed). Deleted keys' rows are gone, so only the
 * keys that exist now are metered.
 */
async function meterKmsKeys(
  db: Kysely<Database>,
  { services, accounts, start, end, now }: UsageQuery,
): Promise<UsageRecord[]> {
  const kms = services.find((s) => s.eventSource === KMS_EVENT_SOURCE);
  const until = Math.min(end, now);
  if (!kms || until <= start) return [];
  const keys = await db
    .selectFrom('kms_keys')
    .select(['account_id', 'region', 'created_at'])
    .where('account_id', 'in', [...accounts])
    .where('created_at', '<', until)
    .execute();
  const usage: UsageRecord[] = [];
  for (const key of keys) {
    const firstHour = Number(key.created_at) - (Number(key.created_at) % HOUR_MS);
    for (let day = start; day < until; day += DAY_MS) {
      const from = Math.max(day, firstHour);
      const to = Math.min(day + DAY_MS, until);
      if (to <= from) continue;
      const hours = Math.ceil((to - from) / HOUR_MS);
      usage.push({
        accountId: key.account_id,
        day,
        service: kms.name,
        usageType: KMS_KEY_USAGE_TYPE,
        region: key.region,
        operation: NO_OPERATION,
        quantity: hours / HOURS_PER_MONTH,
      });
    }
  }
  return usage;
}
