// Artifact's tables: report versions (with their PDFs), term tokens, and each account's notification setting.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('artifact_report_versions')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('version', int64, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_report_versions_pk', ['account_id', 'report_id', 'version'])
    .execute();
  await s
    .createTable('artifact_term_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('version', int64, (c) => c.notNull())
    .addColumn('expires_at', int64, (c) => c.notNull())
    .addColumn('used_at', int64)
    .execute();
  await s.createIndex('artifact_term_tokens_expiry').on('artifact_term_tokens').column('expires_at').execute();
  await s
    .createTable('artifact_account_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('notification_subscription_status', 'text', (c) => c.notNull())
    .execute();
}

export const artifactMigration: Migration = { id: '0120_artifact', up };
