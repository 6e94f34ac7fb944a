// Session revocations: temporary credentials bound to something that can be withdrawn (an SSM managed instance).
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  // Keyed by what the session names (an instance ARN), never by the session: its credentials are stored nowhere.
  await db.schema
    .createTable('session_revocations')
    .addColumn('revocation_key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('revoked_at', int64, (c) => c.notNull())
    .execute();
}

export const sessionRevocationsMigration: Migration = { id: '0100_session_revocations', up };
