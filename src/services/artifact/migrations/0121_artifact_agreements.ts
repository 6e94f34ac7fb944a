// Artifact's agreement acceptances: one row per acceptance, by an account for itself or by a management account for
// its organization, kept after termination as the agreement's history.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('artifact_customer_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('effective_start', int64, (c) => c.notNull())
    .addColumn('effective_end', int64)
    .execute();
  await db.schema
    .createIndex('artifact_customer_agreements_account')
    .on('artifact_customer_agreements')
    .columns(['account_id', 'agreement_id'])
    .execute();
  await db.schema
    .createIndex('artifact_customer_agreements_org')
    .on('artifact_customer_agreements')
    .column('org_id')
    .execute();
}

export const artifactAgreementsMigration: Migration = { id: '0121_artifact_agreements', up };
