// Artifact's compliance inquiries: the inquiries (with their tags), their queries with the passages answering them and
// any feedback, and the rendered exports a presigned URL downloads until it expires.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('artifact_compliance_inquiries')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('input_source', 'text', (c) => c.notNull())
    .addColumn('support_mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text', (c) => c.notNull())
    .addColumn('client_token', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('feedback', 'text')
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_compliance_inquiries_pk', ['account_id', 'region', 'id'])
    .execute();
  // NULL tokens never collide (both dialects treat NULLs as distinct), so only retried creates meet here.
  await s
    .createIndex('artifact_compliance_inquiries_token')
    .on('artifact_compliance_inquiries')
    .columns(['account_id', 'region', 'client_token'])
    .unique()
    .execute();
  await s
    .createTable('artifact_inquiry_queries')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('inquiry_id', 'text', (c) => c.notNull())
    .addColumn('query_id', 'integer', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('citations', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('feedback', 'text')
    .addPrimaryKeyConstraint('artifact_inquiry_queries_pk', ['account_id', 'region', 'inquiry_id', 'query_id'])
    .execute();
  await s
    .createTable('artifact_inquiry_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('inquiry_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('expires_at', int64, (c) => c.notNull())
    .execute();
  await s.createIndex('artifact_inquiry_exports_expiry').on('artifact_inquiry_exports').column('expires_at').execute();
}

export const artifactInquiriesMigration: Migration = { id: '0150_artifact_inquiries', up };
