// IAM's tables: users, groups, roles, managed and inline policies, tags, login profiles, MFA, providers.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('iam_users')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('permissions_boundary_arn', 'text')
    .addColumn('password_last_used', 'bigint')
    .addPrimaryKeyConstraint('iam_users_pk', ['account_id', 'name_lc'])
    .execute();
  await s
    .createTable('iam_groups')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_groups_pk', ['account_id', 'name_lc'])
    .execute();
  await s
    .createTable('iam_group_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('group_lc', 'text', (c) => c.notNull())
    .addColumn('user_lc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_group_members_pk', ['account_id', 'group_lc', 'user_lc'])
    .execute();
  await s.createIndex('iam_group_members_user').on('iam_group_members').columns(['account_id', 'user_lc']).execute();
  await s
    .createTable('iam_roles')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('assume_role_policy_document', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('permissions_boundary_arn', 'text')
    .addColumn('service_linked_to', 'text')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_region', 'text')
    .addPrimaryKeyConstraint('iam_roles_pk', ['account_id', 'name_lc'])
    .execute();
  await s
    .createTable('iam_policies')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_version_id', 'text', (c) => c.notNull())
    .addColumn('next_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('iam_policies_name', ['account_id', 'name_lc'])
    .execute();
  await s
    .createTable('iam_policy_versions')
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_policy_versions_pk', ['policy_arn', 'version_id'])
    .execute();
  await s
    .createTable('iam_attachments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_lc', 'text', (c) => c.notNull())
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_attachments_pk', ['account_id', 'entity_type', 'entity_lc', 'policy_arn'])
    .execute();
  await s.createIndex('iam_attachments_policy').on('iam_attachments').columns(['policy_arn']).execute();
  await s
    .createTable('iam_inline_policies')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_lc', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_inline_policies_pk', ['account_id', 'entity_type', 'entity_lc', 'policy_name'])
    .execute();
  await s
    .createTable('iam_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_key', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_tags_pk', ['account_id', 'resource_type', 'resource_key', 'tag_key'])
    .execute();
  await s
    .createTable('iam_login_profiles')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_lc', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_reset_required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_login_profiles_pk', ['account_id', 'user_lc'])
    .execute();
  await s
    .createTable('iam_mfa_devices')
    .addColumn('serial_number', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('seed_wrapped', 'text', (c) => c.notNull())
    .addColumn('user_lc', 'text')
    .addColumn('enabled_at', 'bigint')
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('iam_mfa_devices_user').on('iam_mfa_devices').columns(['account_id', 'user_lc']).execute();
  await s
    .createTable('iam_account_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('password_policy', 'text')
    .addColumn('alias', 'text', (c) => c.unique())
    .addColumn('credential_report', 'text')
    .addColumn('credential_report_at', 'bigint')
    .execute();
  await s
    .createTable('iam_instance_profiles')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('instance_profile_name', 'text', (c) => c.notNull())
    .addColumn('instance_profile_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_instance_profiles_pk', ['account_id', 'name_lc'])
    .execute();
  await s
    .createTable('iam_instance_profile_roles')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('profile_lc', 'text', (c) => c.notNull())
    .addColumn('role_lc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_instance_profile_roles_pk', ['account_id', 'profile_lc', 'role_lc'])
    .execute();
  await s
    .createTable('iam_providers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const iamMigration: Migration = { id: '0010_iam', up };
