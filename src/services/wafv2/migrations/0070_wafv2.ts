// WAFv2's tables: its four resource kinds (whole JSON bodies), the references between them, tags and associations.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('wafv2_resources')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('lock_token', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('capacity', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addUniqueConstraint('wafv2_resources_name', ['account_id', 'region', 'scope', 'kind', 'name'])
    .execute();
  await s
    .createTable('wafv2_references')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('from_arn', 'text', (c) => c.notNull())
    .addColumn('to_arn', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wafv2_references_pk', ['from_arn', 'to_arn'])
    .execute();
  await s.createIndex('wafv2_references_to').on('wafv2_references').column('to_arn').execute();
  await s
    .createTable('wafv2_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wafv2_tags_pk', ['arn', 'tag_key'])
    .execute();
  await s
    .createTable('wafv2_associations')
    .addColumn('resource_arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('web_acl_arn', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
  await s.createIndex('wafv2_associations_acl').on('wafv2_associations').column('web_acl_arn').execute();
}

export const wafv2Migration: Migration = { id: '0070_wafv2', up };
