// SQLite store: one better-sqlite3 file in WAL mode, fully synchronous commits, foreign keys enforced.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, sql } from 'kysely';
import type { DatabaseConnection, Driver } from 'kysely';
import type { Database as Schema } from './schema.js';
import type { Store } from './store.js';
import { kyselyStore, tableList } from './kysely-store.js';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if missing) the SQLite database at file, or an in-memory one for ':memory:'. No migrations. */
export async function openSqliteStore(file: string): Promise<Store> {
  const inMemory = file === ':memory:';
  if (!inMemory) {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Create the file owner-only before SQLite does; its -wal and -shm files inherit these permissions.
    closeSync(openSync(path, 'a', 0o600));
  }
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before it is acknowledged, also in WAL mode (NORMAL may lose the last commits).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    sqlite.close();
    throw err;
  }

  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return kyselyStore({
    dialect: 'sqlite',
    db,
    async listTables(handle) {
      const { rows } = await sql<{ name: string }>`
        select name from sqlite_master where type = 'table' and name not like 'sqlite!_%' escape '!' order by name
      `.execute(handle);
      return rows.map((row) => row.name);
    },
    async emptyTables(trx, tables) {
      // Check foreign keys at commit, when every table is empty, so deletion order does not matter.
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      for (const table of tables) await sql`delete from ${tableList([table])}`.execute(trx);
    },
  });
}

/**
 * kysely's SQLite driver begins transactions DEFERRED; a deferred transaction that reads and then writes cannot
 * wait for another process's write lock (SQLite returns SQLITE_BUSY at once to avoid deadlock). Taking the write
 * lock at BEGIN lets busy_timeout do its job when a second process (a CLI, another node) shares the file.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
