// GuardDuty's multi-account tables: an administrator's members (and the invitations its members see), and the
// organization configuration of a delegated administrator.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('guardduty_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('member_account_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text')
    .addColumn('invited_at', int64)
    .addColumn('invitation_state', 'text')
    .addColumn('via_organization', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_members_pk', ['account_id', 'region', 'member_account_id'])
    .execute();
  await db.schema
    .createIndex('guardduty_members_member')
    .on('guardduty_members')
    .columns(['member_account_id', 'region'])
    .execute();
  await db.schema
    .createTable('guardduty_org_config')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('auto_enable_members', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_org_config_pk', ['account_id', 'region'])
    .execute();
}

export const guarddutyMembersMigration: Migration = { id: '0095_guardduty_members', up };
