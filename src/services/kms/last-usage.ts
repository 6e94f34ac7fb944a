// GetKeyLastUsage and what feeds it: each successful cryptographic call's key use is remembered in memory and written
// at most once a minute per key (the latest use of the minute, by a timer), so the hot path adds no write per call.
import { sql } from 'kysely';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations, KeyLastUsageTrackingOperation } from '../../aws/generated/kms.js';
import type { Handler, RequestContext, Runtime } from '../../core/runtime.js';
import { mapsPerOwner } from '../../core/maps-per-owner.js';
import { resolveKey } from './keys.js';
import { KMS_MULTI_REGION_MIGRATION_ID } from './migrations/0031_kms_multi_region.js';
import { dbOf, noteKey, whereOf } from './common.js';

type H = Handlers<KMSOperations>;

/** How often a key's use is written (per process); a read on this node also sees the use not yet written. */
export const LAST_USAGE_WRITE_INTERVAL_MS = 60_000;
/** Keys remembered per runtime; past this the least recently used are forgotten (their next use writes again). */
const MAX_TRACKED_KEYS = 10_000;

/** The operations whose successful use KMS tracks (the model's KeyLastUsageTrackingOperation). */
export const TRACKED_OPERATIONS: ReadonlySet<string> = new Set<KeyLastUsageTrackingOperation>([
  'Decrypt',
  'DeriveSharedSecret',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'ReEncrypt',
  'Sign',
  'Verify',
  'VerifyMac',
]);

interface Usage {
  keyId: string;
  region: string;
  operation: string;
  usedAt: number;
  requestId: string;
}

interface Tracked {
  /** The latest use seen on this node. */
  latest: Usage;
  /** When this node last wrote the key's use (0: never). */
  writtenAt: number;
  /** Whether latest is newer than what this node wrote. */
  dirty: boolean;
  timer?: NodeJS.Timeout;
}

const trackerOf = mapsPerOwner<Runtime, string, Tracked>();

const KEY_ARN = /^arn:[^:]+:kms:([^:]+):\d{12}:key\/(.+)$/;

/** Upserts the use unless the stored one is later (another node's), and only for a key that still exists. */
async function write(runtime: Runtime, usage: Usage): Promise<void> {
  const db = runtime.store.db;
  await db
    .insertInto('kms_key_last_usage')
    .columns(['key_id', 'region', 'operation', 'used_at', 'request_id'])
    .expression(
      db
        .selectFrom('kms_keys')
        .select([
          'key_id',
          'region',
          sql<string>`${usage.operation}`.as('operation'),
          sql<number>`${usage.usedAt}`.as('used_at'),
          sql<string>`${usage.requestId}`.as('request_id'),
        ])
        .where('key_id', '=', usage.keyId)
        .where('region', '=', usage.region),
    )
    .onConflict((oc) =>
      oc
        .columns(['key_id', 'region'])
        .doUpdateSet({
          operation: (eb) => eb.ref('excluded.operation'),
          used_at: (eb) => eb.ref('excluded.used_at'),
          request_id: (eb) => eb.ref('excluded.request_id'),
        })
        .where('kms_key_last_usage.used_at', '<', usage.usedAt),
    )
    .execute();
}

function flush(runtime: Runtime, entry: Tracked): void {
  entry.timer = undefined;
  if (!entry.dirty) return;
  entry.dirty = false;
  entry.writtenAt = Date.now();
  write(runtime, entry.latest).catch((err: unknown) => {
    runtime.log.warn({ err, keyId: entry.latest.keyId }, 'could not record KMS key usage');
  });
}

/** Notes a successful use of a key; writes now if the key's use was not written this minute, else by a timer. */
export function recordKeyUse(runtime: Runtime, usage: Usage): void {
  const map = trackerOf(runtime);
  const id = `${usage.keyId}|${usage.region}`;
  let entry = map.get(id);
  if (entry && entry.latest.usedAt > usage.usedAt) return;
  if (!entry) {
    entry = { latest: usage, writtenAt: 0, dirty: true };
    if (map.size >= MAX_TRACKED_KEYS) {
      const [oldestId, oldest] = map.entries().next().value as [string, Tracked];
      if (oldest.timer) clearTimeout(oldest.timer);
      if (oldest.dirty) flush(runtime, oldest);
      map.delete(oldestId);
    }
  } else {
    map.delete(id);
    entry.latest = usage;
    entry.dirty = true;
  }
  map.set(id, entry);
  if (entry.timer) return;
  const wait = entry.writtenAt + LAST_USAGE_WRITE_INTERVAL_MS - Date.now();
  const tracked = entry;
  if (wait <= 0) flush(runtime, tracked);
  else {
    tracked.timer = setTimeout(() => flush(runtime, tracked), wait);
    // A pending write never keeps the process alive; its use is lost only if the process stops within the minute.
    tracked.timer.unref();
  }
}

/** The keys a successful call used (as its audit record names them), recorded as used by this operation. */
export function recordCallUsage(ctx: RequestContext): void {
  for (const resource of ctx.audit.resources ?? []) {
    const m = resource.type === 'AWS::KMS::Key' ? KEY_ARN.exec(resource.ARN) : null;
    if (!m?.[1] || !m[2]) continue;
    recordKeyUse(ctx.runtime, {
      keyId: m[2],
      region: m[1],
      operation: ctx.operation,
      usedAt: ctx.receivedAt.getTime(),
      requestId: ctx.requestId,
    });
  }
}

/** A tracked operation's handler, recording its keys' use when it succeeds. */
export function trackingUsage<I, O>(handler: Handler<I, O>): Handler<I, O> {
  return async (ctx, input) => {
    const output = await handler(ctx, input);
    recordCallUsage(ctx);
    return output;
  };
}

/** The eventID of the call's record in the key owner's trail: found by its request id at the second it was made. */
async function eventIdOf(ctx: RequestContext, accountId: string, usage: Usage): Promise<string | undefined> {
  const second = Math.floor(usage.usedAt / 1000) * 1000;
  const rows = await dbOf(ctx)
    .selectFrom('audit_events')
    .select(['event_id', 'record'])
    .where('recipient_account_id', '=', accountId)
    .where('event_time', '=', second)
    .where('event_name', '=', usage.operation)
    .where('event_source', '=', 'kms.amazonaws.com')
    .execute();
  for (const row of rows) {
    if ((JSON.parse(row.record) as { requestID?: string }).requestID === usage.requestId) return row.event_id;
  }
  return undefined;
}

export const getKeyLastUsage: NonNullable<H['GetKeyLastUsage']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  noteKey(ctx, key);
  const stored = await db
    .selectFrom('kms_key_last_usage')
    .selectAll()
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .executeTakeFirst();
  let usage: Usage | undefined = stored && {
    keyId: stored.key_id,
    region: stored.region,
    operation: stored.operation,
    usedAt: Number(stored.used_at),
    requestId: stored.request_id,
  };
  const local = trackerOf(ctx.runtime).get(`${key.key_id}|${key.region}`)?.latest;
  if (local && (!usage || local.usedAt > usage.usedAt)) usage = local;
  // Tracking began when the migration that added it was applied (a test-mode reset keeps that record).
  const start = await db
    .selectFrom('warden_migrations')
    .select('applied_at')
    .where('id', '=', KMS_MULTI_REGION_MIGRATION_ID)
    .executeTakeFirst();
  const trackingStart = Math.max(key.created_at, Number(start?.applied_at ?? key.created_at));
  const eventId = usage && (await eventIdOf(ctx, key.account_id, usage));
  return {
    KeyId: key.key_id,
    ...(usage
      ? {
          KeyLastUsage: {
            Operation: usage.operation as KeyLastUsageTrackingOperation,
            Timestamp: new Date(usage.usedAt),
            ...(eventId ? { CloudTrailEventId: eventId } : {}),
            KmsRequestId: usage.requestId,
          },
        }
      : {}),
    TrackingStartDate: new Date(trackingStart),
    KeyCreationDate: new Date(key.created_at),
  };
};
