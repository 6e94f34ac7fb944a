// Systems Manager's tables: hybrid activations, managed instances and their inventory.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('ssm_activations')
    .addColumn('activation_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_instance_name', 'text')
    .addColumn('iam_role', 'text', (c) => c.notNull())
    .addColumn('registration_limit', 'integer', (c) => c.notNull())
    .addColumn('registrations_count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', int64, (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('ssm_activations_account')
    .on('ssm_activations')
    .columns(['account_id', 'region', 'created_at'])
    .execute();
  await s
    .createTable('ssm_managed_instances')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('activation_id', 'text', (c) => c.notNull())
    .addColumn('iam_role', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('registered_at', int64, (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('last_proof_at', int64, (c) => c.notNull())
    .addColumn('last_ping_at', int64, (c) => c.notNull())
    .addColumn('agent_version', 'text')
    .addColumn('platform_type', 'text')
    .addColumn('platform_name', 'text')
    .addColumn('platform_version', 'text')
    .addColumn('computer_name', 'text')
    .addColumn('ip_address', 'text')
    .execute();
  await s
    .createIndex('ssm_managed_instances_account')
    .on('ssm_managed_instances')
    .columns(['account_id', 'region', 'instance_id'])
    .execute();
  await s
    .createTable('ssm_inventory_items')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('type_name', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'text', (c) => c.notNull())
    .addColumn('capture_time', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text')
    .addColumn('context', 'text')
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('ssm_inventory_items_pk', ['instance_id', 'type_name'])
    .execute();
  await s
    .createIndex('ssm_inventory_items_account')
    .on('ssm_inventory_items')
    .columns(['account_id', 'region', 'type_name'])
    .execute();
  await s
    .createTable('ssm_inventory_entries')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('type_name', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('version', 'text')
    .addColumn('ecosystem', 'text')
    .addColumn('architecture', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ssm_inventory_entries_pk', ['instance_id', 'type_name', 'seq'])
    .execute();
  // Inspector's question: which instances of an account have this package of this ecosystem?
  await s
    .createIndex('ssm_inventory_entries_package')
    .on('ssm_inventory_entries')
    .columns(['account_id', 'ecosystem', 'name'])
    .execute();
}

export const ssmMigration: Migration = { id: '0101_ssm', up };
