// Start-up recovery: every audit intent a stopped server left behind becomes its call's record, outcome unknown.
import type { Store } from '../store/store.js';
import type { CloudTrailRecord } from './record.js';
import { auditRowOf } from './row.js';

/**
 * What a recovered record adds to additionalEventData. The server stopped (kill -9, power loss) after the call's
 * intent was committed and before its final record was: the handler may or may not have committed its change, and
 * no reply was sent. The record keeps what was known before the handler ran (no responseElements, no errorCode).
 */
export const UNKNOWN_OUTCOME = {
  outcome: 'Unknown',
  outcomeDetail:
    'The server stopped before it answered this call; the change it asked for may or may not have been made.',
} as const;

/** Intents recovered per transaction. */
const BATCH = 200;

/** The record of a call whose intent outlived its server, under the intent's eventID. */
export function recoveredRecord(pending: CloudTrailRecord): CloudTrailRecord {
  const additionalEventData = { ...(pending.additionalEventData ?? {}), ...UNKNOWN_OUTCOME };
  // Rebuilt key by key so additionalEventData sits where AWS writes it, before requestID.
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pending)) {
    if (key === 'additionalEventData') continue;
    if (key === 'requestID') out.additionalEventData = additionalEventData;
    out[key] = value;
  }
  return out as unknown as CloudTrailRecord;
}

/**
 * How old an intent must be before a sweep of a running deployment recovers it. No call is in its handler this
 * long (requests are bounded by the listener's timeouts), so an older intent's server is gone.
 */
export const INTENT_GRACE_MS = 120_000;

/**
 * Turns intents into their records, each batch in one transaction with the intents' deletion; returns how many.
 * `createdBefore` (epoch ms) leaves younger intents alone: on a database shared by several nodes, another node may
 * still be running those calls. Should that node answer after all, its final record replaces the recovered one
 * (the writer upserts by event id), so a call never has two records, nor none.
 */
export async function recoverAuditIntents(store: Store, createdBefore = Number.POSITIVE_INFINITY): Promise<number> {
  let recovered = 0;
  for (;;) {
    let query = store.db.selectFrom('audit_intents').selectAll();
    if (Number.isFinite(createdBefore)) query = query.where('created_at', '<', createdBefore);
    const intents = await query.orderBy('created_at').orderBy('event_id').limit(BATCH).execute();
    if (intents.length === 0) return recovered;
    const rows = intents.map((intent) => auditRowOf(recoveredRecord(JSON.parse(intent.record) as CloudTrailRecord)));
    const ids = intents.map((intent) => intent.event_id);
    await store.transaction(async (trx) => {
      await trx
        .insertInto('audit_events')
        .values(rows)
        .onConflict((oc) => oc.column('event_id').doNothing())
        .execute();
      await trx.deleteFrom('audit_intents').where('event_id', 'in', ids).execute();
    });
    recovered += intents.length;
  }
}

/**
 * Start-up recovery and the sweep after it. SQLite is one node's file: every intent in it belongs to a server that
 * stopped, so start-up takes them all. On PostgreSQL other nodes may be mid-call, so only intents past the grace
 * period are taken, at start-up and every minute after (a node that died is recovered by the others).
 */
export async function startIntentRecovery(
  store: Store,
  onRecovered: (count: number) => void,
  graceMs = INTENT_GRACE_MS,
): Promise<{ stop(): Promise<void> }> {
  const sweep = () => recoverAuditIntents(store, Date.now() - graceMs);
  const first = store.dialect === 'sqlite' ? await recoverAuditIntents(store) : await sweep();
  if (first > 0) onRecovered(first);
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= sweep()
      .then((n) => (n > 0 ? onRecovered(n) : undefined))
      .catch(() => undefined) // a failed sweep is tried again on the next tick
      .finally(() => (running = undefined));
  }, 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
