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
 * Turns every intent into its record, each batch in one transaction with the intents' deletion; returns how many.
 * Run it before the server takes requests. On a database shared by several nodes, a node starting while another is
 * mid-call may recover that call's intent too: the call then has two records (this one, and its final record under
 * its own eventID), never none — an inserted event id already present is left as it is.
 */
export async function recoverAuditIntents(store: Store): Promise<number> {
  let recovered = 0;
  for (;;) {
    const intents = await store.db
      .selectFrom('audit_intents')
      .selectAll()
      .orderBy('created_at')
      .orderBy('event_id')
      .limit(BATCH)
      .execute();
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
