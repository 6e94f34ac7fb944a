// Core schema: meta, accounts, access keys, the audit event log and trails (row types in ../schema.ts).
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../store.js';

export const core: Migration = {
  id: '0001_core',
  async up(db: Kysely<any>, dialect: Dialect): Promise<void> {
    // Epoch milliseconds and sequence numbers outgrow int4; SQLite's integer is already 64-bit.
    const int64 = dialect === 'postgres' ? 'bigint' : 'integer';

    await db.schema
      .createTable('warden_meta')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('created_at', int64, (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('access_keys')
      .addColumn('access_key_id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id'))
      .addColumn('user_name', 'text')
      .addColumn('principal_id', 'text', (col) => col.notNull())
      .addColumn('secret_wrapped', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('created_at', int64, (col) => col.notNull())
      .addColumn('last_used_at', int64)
      .addColumn('last_used_service', 'text')
      .addColumn('last_used_region', 'text')
      .execute();
    await db.schema
      .createIndex('access_keys_account_user')
      .on('access_keys')
      .columns(['account_id', 'user_name'])
      .execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (col) =>
        // AUTOINCREMENT: SQLite never reuses a deleted row's seq, as a PostgreSQL sequence never does.
        dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
      )
      .addColumn('event_id', 'text', (col) => col.notNull().unique())
      .addColumn('event_time', int64, (col) => col.notNull())
      .addColumn('recipient_account_id', 'text', (col) => col.notNull())
      .addColumn('event_source', 'text', (col) => col.notNull())
      .addColumn('event_name', 'text', (col) => col.notNull())
      .addColumn('username', 'text')
      .addColumn('access_key_id', 'text')
      .addColumn('read_only', 'integer', (col) => col.notNull())
      .addColumn('resource_names', 'text')
      .addColumn('resource_types', 'text')
      .addColumn('record', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('audit_events_recipient_time')
      .on('audit_events')
      .columns(['recipient_account_id', 'event_time'])
      .execute();
    await db.schema.createIndex('audit_events_event_name').on('audit_events').column('event_name').execute();

    await db.schema
      .createTable('trails')
      .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('arn', 'text', (col) => col.notNull())
      .addColumn('home_region', 'text', (col) => col.notNull())
      .addColumn('s3_bucket_name', 'text', (col) => col.notNull())
      .addColumn('s3_key_prefix', 'text')
      .addColumn('include_global_service_events', 'integer', (col) => col.notNull())
      .addColumn('is_multi_region_trail', 'integer', (col) => col.notNull())
      .addColumn('is_organization_trail', 'integer', (col) => col.notNull())
      .addColumn('log_file_validation_enabled', 'integer', (col) => col.notNull())
      .addColumn('kms_key_id', 'text')
      .addColumn('is_logging', 'integer', (col) => col.notNull())
      .addColumn('start_logging_time', int64)
      .addColumn('stop_logging_time', int64)
      .addColumn('latest_delivery_time', int64)
      .addColumn('delivered_seq', int64, (col) => col.notNull().defaultTo(0))
      .addColumn('created_at', int64, (col) => col.notNull())
      .addPrimaryKeyConstraint('trails_pk', ['account_id', 'name'])
      .execute();
  },
};
