// KMS's tables: keys, their versioned (wrapped) material, aliases, tags, grants and pending import parameters.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('kms_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('key_spec', 'text', (c) => c.notNull())
    .addColumn('key_usage', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('key_state', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('multi_region', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('deletion_at', int64)
    .addColumn('pending_window_days', 'integer')
    .addColumn('rotation_enabled', 'integer', (c) => c.notNull())
    .addColumn('rotation_period_days', 'integer')
    .addColumn('next_rotation_at', int64)
    .addColumn('on_demand_rotation_at', int64)
    .addColumn('current_version', 'integer')
    .addColumn('expiration_model', 'text')
    .addColumn('valid_to', int64)
    .execute();
  await s.createIndex('kms_keys_account_region').on('kms_keys').columns(['account_id', 'region', 'key_id']).execute();
  await s
    .createTable('kms_key_materials')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('material_id', 'text', (c) => c.notNull())
    .addColumn('material_wrapped', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rotation_type', 'text')
    .addColumn('rotated_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('kms_key_materials_pk', ['key_id', 'version'])
    .execute();
  await s
    .createTable('kms_aliases')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('alias_name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('kms_aliases_pk', ['account_id', 'region', 'alias_name'])
    .execute();
  await s.createIndex('kms_aliases_key').on('kms_aliases').column('key_id').execute();
  await s
    .createTable('kms_tags')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kms_tags_pk', ['key_id', 'tag_key'])
    .execute();
  await s
    .createTable('kms_grants')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('key_arn', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('grantee_principal', 'text', (c) => c.notNull())
    .addColumn('retiring_principal', 'text')
    .addColumn('issuing_account', 'text', (c) => c.notNull())
    .addColumn('operations', 'text', (c) => c.notNull())
    .addColumn('constraints', 'text')
    .addColumn('grant_token', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
  await s.createIndex('kms_grants_key').on('kms_grants').column('key_id').execute();
  await s.createIndex('kms_grants_key_arn').on('kms_grants').column('key_arn').execute();
  await s
    .createTable('kms_import_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('wrapping_algorithm', 'text', (c) => c.notNull())
    .addColumn('private_key_wrapped', 'text', (c) => c.notNull())
    .addColumn('valid_to', int64, (c) => c.notNull())
    .execute();
}

export const kmsMigration: Migration = { id: '0030_kms', up };
