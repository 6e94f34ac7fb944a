// SQLite store: one better-sqlite3 file in WAL mode, prepared statements reused, foreign keys enforced.
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

/**
 * How commits reach the disk. 'full' (SQLite synchronous=FULL): each commit is fsynced before it is acknowledged, so
 * it survives a power loss or an OS crash. 'normal' (synchronous=NORMAL in WAL mode): each commit is written to the
 * WAL before it is acknowledged but fsynced only at checkpoints, so it survives the process being killed (kill -9,
 * a crash) but the last commits may be lost to a power loss; the database is never corrupted either way.
 */
export type SqliteSync = 'full' | 'normal';

/**
 * Statements kept prepared, by SQL text. kysely's driver prepares every query anew, and preparing costs more than
 * running most of Warden's queries; the texts are few (queries are built from code, values are parameters), except
 * multi-row inserts whose text grows with the row count, so the cache is bounded, least recently used dropped.
 */
const STATEMENT_CACHE_SIZE = 512;

/** The better-sqlite3 handle kysely drives, whose prepare reuses a statement of the same text when it is idle. */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const cached = cache.get(source);
    // A statement still iterating (a streamed query) cannot be run again until it is done: prepare another.
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** How often the planner's statistics are refreshed while the store is open (as SQLite advises, every few hours). */
const STATISTICS_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Without statistics SQLite's planner guesses, and with several indexes on the audit trail it guesses wrong (one
 * user's LookupEvents walked every event of the account in the time range). `optimize` gathers them only for tables
 * that grew or shrank much since last time, each from a bounded sample (analysis_limit), so it takes milliseconds.
 */
function refreshPlannerStatistics(sqlite: Database.Database): void {
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
}

/**
 * Opens (creating if missing) the SQLite database at file, or an in-memory one for ':memory:'. No migrations.
 * sync: see SqliteSync; 'full' unless the caller chooses (the server takes `--audit-sync`).
 */
export async function openSqliteStore(file: string, options: { sync?: SqliteSync } = {}): Promise<Store> {
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
    // FULL: a commit is on disk before it is acknowledged; NORMAL: in the OS's hands (see SqliteSync).
    sqlite.pragma(options.sync === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    refreshPlannerStatistics(sqlite);
  } catch (err) {
    sqlite.close();
    throw err;
  }

  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  const statistics = setInterval(() => {
    try {
      if (sqlite.open) refreshPlannerStatistics(sqlite);
    } catch {
      // Busy (another process writing) or closing: the next round gathers them.
    }
  }, STATISTICS_INTERVAL_MS);
  statistics.unref();
  return kyselyStore({
    dialect: 'sqlite',
    db,
    afterClose: () => clearInterval(statistics),
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
