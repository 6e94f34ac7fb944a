// Audit intents: a mutating call's pending record, written before its handler runs (see src/audit/intents.ts).
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  // A table of its own, so LookupEvents and trail delivery (which read audit_events) never see a pending record.
  await db.schema
    .createTable('audit_intents')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .execute();
}

export const auditIntentsMigration: Migration = { id: '0003_audit_intents', up };
