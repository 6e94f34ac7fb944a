// Inspector2's CIS scans: scan configurations, the scans they start, each scan's targets and their check results.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('inspector2_cis_configurations')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('scan_name', 'text', (c) => c.notNull())
    .addColumn('security_level', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('next_run_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspector2_cis_configurations_account')
    .on('inspector2_cis_configurations')
    .columns(['account_id', 'region'])
    .execute();
  await db.schema
    .createIndex('inspector2_cis_configurations_due')
    .on('inspector2_cis_configurations')
    .columns(['next_run_at'])
    .execute();

  await db.schema
    .createTable('inspector2_cis_scans')
    .addColumn('scan_arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('configuration_arn', 'text', (c) => c.notNull())
    .addColumn('scan_name', 'text', (c) => c.notNull())
    .addColumn('security_level', 'text', (c) => c.notNull())
    .addColumn('one_time', 'integer', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('scheduled_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', int64, (c) => c.notNull())
    .addColumn('deadline_at', int64, (c) => c.notNull())
    .addColumn('finished_at', int64)
    .addColumn('failed_checks', 'integer', (c) => c.notNull())
    .addColumn('total_checks', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspector2_cis_scans_account')
    .on('inspector2_cis_scans')
    .columns(['account_id', 'region', 'started_at'])
    .execute();
  await db.schema.createIndex('inspector2_cis_scans_status').on('inspector2_cis_scans').columns(['status']).execute();

  await db.schema
    .createTable('inspector2_cis_scan_targets')
    .addColumn('scan_arn', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('platform', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('target_status', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('inventory_at', int64)
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspector2_cis_scan_targets_pk', ['scan_arn', 'instance_id'])
    .execute();
  await db.schema
    .createIndex('inspector2_cis_scan_targets_pending')
    .on('inspector2_cis_scan_targets')
    .columns(['target_status'])
    .execute();

  await db.schema
    .createTable('inspector2_cis_scan_results')
    .addColumn('scan_arn', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('platform', 'text')
    .addPrimaryKeyConstraint('inspector2_cis_scan_results_pk', ['scan_arn', 'instance_id', 'check_id'])
    .execute();
}

export const inspector2CisMigration: Migration = { id: '0140_inspector2_cis', up };
