// Applies schema migrations once each, in id order, each in its own transaction; safe when nodes start together.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect, Migration, Store } from './store.js';
import { MIGRATIONS_TABLE } from './kysely-store.js';

/**
 * Advisory-lock class for migrations; the second key is the schema's hash, so separate schemas (test runs)
 * do not wait for each other while nodes sharing one schema do.
 */
const MIGRATION_LOCK_CLASS = 0x57_41_52_44; // 'WARD'

/** Applies every migration not yet recorded in warden_migrations; returns the ids applied by this call. */
export async function migrate(
  store: Pick<Store, 'db' | 'dialect'>,
  migrations: readonly Migration[],
): Promise<string[]> {
  const { db, dialect } = store;
  const ordered = inIdOrder(migrations);
  await db.transaction().execute(async (trx) => {
    await lockMigrations(trx, dialect);
    await trx.schema
      .createTable(MIGRATIONS_TABLE)
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('applied_at', dialect === 'postgres' ? 'bigint' : 'integer', (col) => col.notNull())
      .execute();
  });

  const applied = new Set(await appliedIds(db));
  const appliedNow: string[] = [];
  for (const migration of ordered) {
    if (applied.has(migration.id)) continue;
    const ran = await db.transaction().execute(async (trx) => {
      await lockMigrations(trx, dialect);
      // Another node may have applied it while we waited for the lock.
      if ((await appliedIds(trx)).includes(migration.id)) return false;
      await migration.up(trx, dialect);
      await trx.insertInto('warden_migrations').values({ id: migration.id, applied_at: Date.now() }).execute();
      return true;
    });
    if (ran) appliedNow.push(migration.id);
  }
  return appliedNow;
}

function inIdOrder(migrations: readonly Migration[]): Migration[] {
  const ordered = [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i].id === ordered[i - 1].id) throw new Error(`duplicate migration id ${ordered[i].id}`);
  }
  return ordered;
}

async function appliedIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('warden_migrations').select('id').execute();
  return rows.map((row) => row.id);
}

/**
 * Serialises migrators until the transaction ends. SQLite needs nothing: the store begins every transaction
 * IMMEDIATE, which already holds the database's single write lock.
 */
async function lockMigrations(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_CLASS}, hashtext(current_schema()))`.execute(trx);
}
