// Shield's tables: each account's subscription (with its emergency contacts), protections, protection groups, tags.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('shield_subscriptions')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('start_time', int64, (c) => c.notNull())
    .addColumn('end_time', int64, (c) => c.notNull())
    .addColumn('auto_renew', 'text', (c) => c.notNull())
    .addColumn('proactive_engagement', 'text')
    .addColumn('emergency_contacts', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
  await s
    .createTable('shield_protections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addUniqueConstraint('shield_protections_resource', ['account_id', 'resource_arn'])
    .execute();
  await s
    .createTable('shield_protection_groups')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('aggregation', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text')
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('shield_protection_groups_pk', ['account_id', 'id'])
    .execute();
  await s
    .createTable('shield_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shield_tags_pk', ['resource_arn', 'tag_key'])
    .execute();
}

export const shieldMigration: Migration = { id: '0080_shield', up };
