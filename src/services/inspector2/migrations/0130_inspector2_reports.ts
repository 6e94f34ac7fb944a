// Inspector2's findings reports and SBOM exports: one row per report, so its status answers after a restart.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('inspector2_reports')
    .addColumn('report_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text')
    .addColumn('accounts', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('heartbeat_at', int64, (c) => c.notNull())
    .addColumn('finished_at', int64)
    .execute();
  await db.schema
    .createIndex('inspector2_reports_account')
    .on('inspector2_reports')
    .columns(['account_id', 'region', 'kind', 'created_at'])
    .execute();
  await db.schema.createIndex('inspector2_reports_status').on('inspector2_reports').columns(['status']).execute();
}

export const inspector2ReportsMigration: Migration = { id: '0130_inspector2_reports', up };
