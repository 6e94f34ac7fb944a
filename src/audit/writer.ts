// The audit trail's writer: each append resolves once its record is committed, commits grouped to keep throughput.
import type { Insertable } from 'kysely';
import type { Store } from '../store/store.js';
import type { AuditEventsTable } from '../store/schema.js';
import type { CloudTrailRecord } from './record.js';
import { auditRowOf } from './row.js';

export interface AuditWriter {
  /** Resolves only after the record is durably committed; rejects if its commit failed. */
  append(record: CloudTrailRecord): Promise<void>;
  /** Resolves when every record appended so far has been committed or rejected. */
  flush(): Promise<void>;
  /** Flushes, then refuses further appends. */
  close(): Promise<void>;
}

export interface AuditWriterOptions {
  /**
   * Most rows one commit carries. Each row binds 11 parameters; 500 rows stay far below SQLite's (32766) and
   * PostgreSQL's (65535) limits on parameters per statement.
   */
  maxBatch?: number;
}

interface Pending {
  row: Insertable<AuditEventsTable>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit: while one transaction is in flight, arriving records queue; when it ends, everything queued
 * (up to maxBatch) goes out as one multi-row INSERT in one transaction. With synchronous commits the cost of a
 * commit is the disk flush, so batching is what lets many concurrent requests share it.
 */
export function createAuditWriter(store: Store, opts: AuditWriterOptions = {}): AuditWriter {
  const maxBatch = Math.max(1, opts.maxBatch ?? 500);
  let queue: Pending[] = [];
  let draining: Promise<void> | undefined;
  let closed = false;

  async function commit(batch: Pending[]): Promise<void> {
    try {
      const rows = batch.map((p) => p.row);
      await store.transaction((trx) => trx.insertInto('audit_events').values(rows).execute());
    } catch (err) {
      // Never dropped silently: every caller whose record was in the batch learns it failed.
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) p.resolve();
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

  return {
    append(record) {
      if (closed) return Promise.reject(new Error('audit writer is closed'));
      let row: Insertable<AuditEventsTable>;
      try {
        row = auditRowOf(record);
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        startDraining();
      });
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
