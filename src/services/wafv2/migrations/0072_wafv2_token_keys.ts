// WAFv2's token signing keys: one per deployment, generated on first use, stored wrapped under the master key.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('wafv2_token_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('key_wrapped', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
}

export const wafv2TokenKeysMigration: Migration = { id: '0072_wafv2_token_keys', up };
