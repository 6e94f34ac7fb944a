// Shield's detected attacks, and each protection's application-layer automatic response setting.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('shield_attacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('start_time', int64, (c) => c.notNull())
    .addColumn('end_time', int64)
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('shield_attacks_account')
    .on('shield_attacks')
    .columns(['account_id', 'start_time'])
    .execute();
  await db.schema.alterTable('shield_protections').addColumn('automatic_response', 'text').execute();
}

export const shieldAttacksMigration: Migration = { id: '0081_shield_attacks', up };
