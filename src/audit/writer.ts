// The audit trail's writer: each append resolves once its record is committed, commits grouped to keep throughput.
import type { Insertable, Kysely } from 'kysely';
import type { Store } from '../store/store.js';
import { reusableRowsStatement } from '../store/reusable-query.js';
import type { AuditEventsTable, AuditIntentsTable, Database } from '../store/schema.js';
import type { ListsEveryColumn } from '../store/listed-columns.js';
import type { CloudTrailRecord } from './record.js';
import { auditRowOf } from './row.js';

export interface AppendOptions {
  /** The intent this record fulfils: it is deleted in the same transaction that inserts the record. */
  resolvesIntent?: string;
}

export interface AuditWriter {
  /** Resolves only after the record is durably committed; rejects if its commit failed. */
  append(record: CloudTrailRecord, options?: AppendOptions): Promise<void>;
  /**
   * Commits a mutating call's pending record to audit_intents (never read by LookupEvents or delivery), keyed by its
   * eventID; resolves once it is durable. It shares group commits with the records.
   */
  appendIntent(pending: CloudTrailRecord): Promise<void>;
  /** Resolves when every record appended so far has been committed or rejected. */
  flush(): Promise<void>;
  /** Flushes, then refuses further appends. */
  close(): Promise<void>;
}

export interface AuditWriterOptions {
  /**
   * Most writes one commit carries. A record binds 11 parameters, an intent 3 (and 1 more to delete it); 500 stay
   * far below SQLite's (32766) and PostgreSQL's (65535) limits on parameters per statement.
   */
  maxBatch?: number;
  /**
   * Told of each batch of records once it is committed (never of intents, never of a failed commit): the trail's
   * live feed (src/core/trail-feed.ts). Called synchronously after the commit; it must not throw or block.
   */
  onCommitted?: (records: readonly CloudTrailRecord[]) => void;
}

/** audit_events' columns a record writes, in the order its statement binds them. */
const EVENT_COLUMNS = [
  'event_id',
  'event_time',
  'recipient_account_id',
  'event_source',
  'event_name',
  'username',
  'access_key_id',
  'read_only',
  'resource_names',
  'resource_types',
  'record',
] as const satisfies readonly (keyof Insertable<AuditEventsTable>)[];

const INTENT_COLUMNS = ['event_id', 'created_at', 'record'] as const satisfies readonly (keyof AuditIntentsTable)[];

// A column added to either table and not listed above fails to compile here rather than going unwritten.
const everyEventColumnListed: ListsEveryColumn<AuditEventsTable, (typeof EVENT_COLUMNS)[number], 'seq'> = true;
const everyIntentColumnListed: ListsEveryColumn<AuditIntentsTable, (typeof INTENT_COLUMNS)[number]> = true;
void everyEventColumnListed;
void everyIntentColumnListed;

/** The values of row's columns, in that order. */
function valuesOf<T>(row: T, columns: readonly (keyof T)[]): unknown[] {
  return columns.map((c) => row[c]);
}

/** The row a statement is built with: its columns named, each holding the value bound there. */
function rowOf(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
}

// Every commit's statements, built once per dialect and row count (kysely's builder cost 5-8% of a busy server's
// time when each commit built them anew).
const insertIntents = reusableRowsStatement(INTENT_COLUMNS.length, (db: Kysely<Database>, rows) =>
  db.insertInto('audit_intents').values(rows.map((r) => rowOf(INTENT_COLUMNS, r) as unknown as AuditIntentsTable)),
);

/** A record recovered under this event id (another node took the intent for a dead one's) gives way to the real outcome. */
const upsertEvents = reusableRowsStatement(EVENT_COLUMNS.length, (db: Kysely<Database>, rows) =>
  db
    .insertInto('audit_events')
    .values(rows.map((r) => rowOf(EVENT_COLUMNS, r) as unknown as Insertable<AuditEventsTable>))
    .onConflict((oc) =>
      oc.column('event_id').doUpdateSet((eb) => ({
        event_time: eb.ref('excluded.event_time'),
        recipient_account_id: eb.ref('excluded.recipient_account_id'),
        event_source: eb.ref('excluded.event_source'),
        event_name: eb.ref('excluded.event_name'),
        username: eb.ref('excluded.username'),
        access_key_id: eb.ref('excluded.access_key_id'),
        read_only: eb.ref('excluded.read_only'),
        resource_names: eb.ref('excluded.resource_names'),
        resource_types: eb.ref('excluded.resource_types'),
        record: eb.ref('excluded.record'),
      })),
    ),
);

const deleteIntents = reusableRowsStatement(1, (db: Kysely<Database>, rows) =>
  db.deleteFrom('audit_intents').where(
    'event_id',
    'in',
    rows.map((r) => r[0] as string),
  ),
);

interface Settles {
  resolve(): void;
  reject(err: unknown): void;
}

/** A queued write: a final record (and the intent it resolves), or an intent. */
type Write =
  | { kind: 'record'; row: Insertable<AuditEventsTable>; record: CloudTrailRecord; resolvesIntent?: string }
  | { kind: 'intent'; row: AuditIntentsTable };

/** A write and who waits for it (held beside it: `{ ...write, resolve, reject }` costs ~1 µs on Node 20's V8). */
interface Pending extends Settles {
  write: Write;
}

/**
 * Group commit: while one transaction is in flight, arriving records and intents queue; when it ends, everything
 * queued (up to maxBatch) goes out in one transaction: the intents, the records, and the deletion of the intents
 * those records fulfil. With synchronous commits the cost of a commit is the disk flush, so batching is what lets
 * many concurrent requests share it. A record and the removal of its intent commit together, so at every instant
 * a mutating call that began is either an intent or a record (see intents.ts).
 */
export function createAuditWriter(store: Store, opts: AuditWriterOptions = {}): AuditWriter {
  const maxBatch = Math.max(1, opts.maxBatch ?? 500);
  let queue: Pending[] = [];
  let draining: Promise<void> | undefined;
  let closed = false;

  async function commit(batch: Pending[]): Promise<void> {
    try {
      const intents: unknown[][] = [];
      const records: unknown[][] = [];
      const resolved: unknown[][] = [];
      for (const { write } of batch) {
        if (write.kind === 'intent') intents.push(valuesOf(write.row, INTENT_COLUMNS));
        else {
          records.push(valuesOf(write.row, EVENT_COLUMNS));
          if (write.resolvesIntent !== undefined) resolved.push([write.resolvesIntent]);
        }
      }
      await store.transaction(async (trx) => {
        if (intents.length > 0) await insertIntents.execute(trx, intents);
        if (records.length > 0) await upsertEvents.execute(trx, records);
        if (resolved.length > 0) await deleteIntents.execute(trx, resolved);
      });
    } catch (err) {
      // Never dropped silently: every caller whose record was in the batch learns it failed.
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) p.resolve();
    if (opts.onCommitted) {
      const committed: CloudTrailRecord[] = [];
      for (const { write } of batch) if (write.kind === 'record') committed.push(write.record);
      if (committed.length > 0) opts.onCommitted(committed);
    }
  }

  async function drain(): Promise<void> {
    // Wait one macrotask: every request read in this turn of the event loop runs its (microtask-only)
    // path to append first, so they share this commit's disk flush instead of paying one each.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      await commit(batch);
    }
  }

  function startDraining(): void {
    if (draining) return;
    draining = drain().finally(() => {
      draining = undefined;
      // An append may have arrived between the loop's last check and this callback.
      if (queue.length > 0) startDraining();
    });
  }

  function enqueue(build: () => Write): Promise<void> {
    if (closed) return Promise.reject(new Error('audit writer is closed'));
    let write: Write;
    try {
      write = build();
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<void>((resolve, reject) => {
      queue.push({ write, resolve, reject });
      startDraining();
    });
  }

  return {
    append(record, options = {}) {
      return enqueue(() => ({
        kind: 'record',
        row: auditRowOf(record),
        record,
        resolvesIntent: options.resolvesIntent,
      }));
    },
    appendIntent(pending) {
      return enqueue(() => ({
        kind: 'intent',
        row: {
          event_id: pending.eventID,
          created_at: Date.now(),
          record: auditRowOf(pending).record,
        },
      }));
    },
    async flush() {
      while (draining) await draining;
    },
    async close() {
      closed = true;
      while (draining) await draining;
    },
  };
}
