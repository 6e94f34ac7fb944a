// Inspector2 with Organizations: the delegated administrator's members and its organization configuration, per Region.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('inspector2_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('member_account_id', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('inspector2_members_pk', ['account_id', 'region', 'member_account_id'])
    .execute();
  await db.schema
    .createIndex('inspector2_members_member')
    .on('inspector2_members')
    .columns(['member_account_id', 'region'])
    .execute();
  await db.schema
    .createTable('inspector2_org_config')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('auto_enable', 'text', (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('inspector2_org_config_pk', ['account_id', 'region'])
    .execute();
}

export const inspector2MembersMigration: Migration = { id: '0145_inspector2_members', up };
