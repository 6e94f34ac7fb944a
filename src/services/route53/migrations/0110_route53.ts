// Route 53's tables: each account's health checks (deleted ones kept for CallerReference's rule) and their tags.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('route53_health_checks')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('caller_reference', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('version', int64, (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('route53_health_checks_pk', ['account_id', 'id'])
    .addUniqueConstraint('route53_health_checks_reference', ['account_id', 'caller_reference'])
    .execute();
  await db.schema
    .createTable('route53_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('route53_tags_pk', ['account_id', 'resource_id', 'tag_key'])
    .execute();
}

export const route53Migration: Migration = { id: '0110_route53', up };
