// Organizations' tables: organizations, roots, OUs, memberships, account requests, policies, handshakes, delegation.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('org_organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('management_account_id', 'text', (c) => c.notNull().unique())
    .addColumn('feature_set', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createTable('org_roots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('policy_types', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('org_roots_org').on('org_roots').column('org_id').execute();
  await s
    .createTable('org_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('org_units_parent_name', ['parent_id', 'name'])
    .execute();
  await s
    .createTable('org_accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.notNull())
    .addColumn('joined_method', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('org_accounts_org_parent').on('org_accounts').columns(['org_id', 'parent_id']).execute();
  await s
    .createTable('org_create_account_status')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await s
    .createIndex('org_create_account_status_org')
    .on('org_create_account_status')
    .columns(['org_id', 'state'])
    .execute();
  await s
    .createTable('org_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('org_policies_name', ['org_id', 'type', 'name'])
    .execute();
  await s
    .createTable('org_policy_attachments')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('policy_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_policy_attachments_pk', ['org_id', 'policy_id', 'target_id'])
    .execute();
  await s
    .createIndex('org_policy_attachments_target')
    .on('org_policy_attachments')
    .columns(['org_id', 'target_id'])
    .execute();
  await s
    .createTable('org_handshakes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('target_account_id', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('org_handshakes_target').on('org_handshakes').column('target_account_id').execute();
  await s.createIndex('org_handshakes_org').on('org_handshakes').column('org_id').execute();
  await s
    .createTable('org_delegated_admins')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('service_principal', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_delegated_admins_pk', ['org_id', 'account_id', 'service_principal'])
    .execute();
  await s
    .createTable('org_service_access')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('service_principal', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_service_access_pk', ['org_id', 'service_principal'])
    .execute();
  await s
    .createTable('org_tags')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_tags_pk', ['org_id', 'resource_id', 'tag_key'])
    .execute();
  await s
    .createTable('account_root_passwords')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const organizationsMigration: Migration = { id: '0020_organizations', up };
