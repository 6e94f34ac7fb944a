// Inspector2's scan configuration per account and Region (UpdateConfiguration / GetConfiguration): the ECR re-scan
// durations and the EC2 scan mode, each null until set (GetConfiguration then answers AWS's defaults).
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('inspector2_configuration')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('ecr_rescan_duration', 'text')
    .addColumn('ecr_pull_date_rescan_duration', 'text')
    .addColumn('ecr_pull_date_rescan_mode', 'text')
    .addColumn('ecr_updated_at', int64)
    .addColumn('ec2_scan_mode', 'text')
    .addColumn('ec2_updated_at', int64)
    .addPrimaryKeyConstraint('inspector2_configuration_pk', ['account_id', 'region'])
    .execute();
}

export const inspector2ConfigurationMigration: Migration = { id: '0166_inspector2_configuration', up };
