// Inspector2's finding filters (NONE keeps a saved search, SUPPRESS a suppression rule), per account and region.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('inspector2_filters')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('reason', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspector2_filters_account')
    .on('inspector2_filters')
    .columns(['account_id', 'region', 'action'])
    .execute();
}

export const inspector2FiltersMigration: Migration = { id: '0107_inspector2_filters', up };
