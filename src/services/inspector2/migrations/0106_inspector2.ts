// Inspector2's account status per region, its findings (package vulnerability and network reachability) and evaluation marks.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  await db.schema
    .createTable('inspector2_account_status')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('ec2', 'text', (c) => c.notNull())
    .addColumn('ecr', 'text', (c) => c.notNull())
    .addColumn('lambda', 'text', (c) => c.notNull())
    .addColumn('lambda_code', 'text', (c) => c.notNull())
    .addColumn('code_repository', 'text', (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('inspector2_account_status_pk', ['account_id', 'region'])
    .execute();
  await db.schema
    .createTable('inspector2_findings')
    .addColumn('finding_arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('finding_key', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_rank', 'integer', (c) => c.notNull())
    .addColumn('inspector_score', real)
    .addColumn('vulnerability_id', 'text')
    .addColumn('first_observed_at', int64, (c) => c.notNull())
    .addColumn('last_observed_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspector2_findings_key')
    .on('inspector2_findings')
    .columns(['account_id', 'region', 'finding_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('inspector2_findings_resource')
    .on('inspector2_findings')
    .columns(['resource_id'])
    .execute();
  await db.schema
    .createTable('inspector2_instance_evals')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('inventory_at', int64, (c) => c.notNull())
    .addColumn('advisories_at', int64, (c) => c.notNull())
    .addColumn('evaluated_at', int64, (c) => c.notNull())
    .execute();
}

export const inspector2Migration: Migration = { id: '0106_inspector2', up };
