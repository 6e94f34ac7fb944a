// KMS custom key stores (external key stores) and the external key behind each KMS key created in one.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('kms_custom_key_stores')
    .addColumn('custom_key_store_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('store_type', 'text', (c) => c.notNull())
    .addColumn('connectivity', 'text', (c) => c.notNull())
    .addColumn('uri_endpoint', 'text', (c) => c.notNull())
    .addColumn('uri_path', 'text', (c) => c.notNull())
    .addColumn('access_key_id', 'text', (c) => c.notNull())
    .addColumn('secret_wrapped', 'text', (c) => c.notNull())
    .addColumn('connection_state', 'text', (c) => c.notNull())
    .addColumn('connection_error_code', 'text')
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
  // A name is unique in the account and Region, and so is a proxy's endpoint and path.
  await s
    .createIndex('kms_custom_key_stores_name')
    .on('kms_custom_key_stores')
    .columns(['account_id', 'region', 'name'])
    .unique()
    .execute();
  await s
    .createIndex('kms_custom_key_stores_uri')
    .on('kms_custom_key_stores')
    .columns(['account_id', 'region', 'uri_endpoint', 'uri_path'])
    .unique()
    .execute();
  await s
    .createTable('kms_xks_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('custom_key_store_id', 'text', (c) => c.notNull())
    .addColumn('xks_key_id', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('kms_xks_keys_store').on('kms_xks_keys').columns(['custom_key_store_id', 'xks_key_id']).execute();
}

export const kmsCustomKeyStoresMigration: Migration = { id: '0032_kms_custom_key_stores', up };
