// Responsibility transfers between two organizations' management accounts (Organizations' billing transfers).
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_responsibility_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_account_id', 'text', (c) => c.notNull())
    .addColumn('source_org_id', 'text', (c) => c.notNull())
    .addColumn('target_account_id', 'text', (c) => c.notNull())
    .addColumn('target_org_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint')
    .addColumn('handshake_id', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('org_responsibility_transfers_source')
    .on('org_responsibility_transfers')
    .column('source_account_id')
    .execute();
  await db.schema
    .createIndex('org_responsibility_transfers_target')
    .on('org_responsibility_transfers')
    .column('target_account_id')
    .execute();
}

export const responsibilityTransfersMigration: Migration = { id: '0023_responsibility_transfers', up };
