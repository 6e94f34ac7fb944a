// Test helper: the store backends store-backed tests run on, each open giving a fresh database migrated as asked.
// Tests beyond src/store use test/helpers/stores.ts, which migrates to Warden's whole schema.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect, Migration, Store } from '../../src/store/store.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { migrate } from '../../src/store/migrate.js';

export const POSTGRES_TEST_URL = process.env.WARDEN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StoreBackend {
  name: Dialect;
  /** Why this backend's tests are skipped (pass as `{ skip }`); undefined when it is available. */
  skip?: string;
  /** A fresh, migrated store; closing it deletes its database (temp directory or schema). */
  open(): Promise<Store>;
  /**
   * count stores on one fresh database, as separate server nodes would hold, migrated concurrently. On PostgreSQL
   * each has its own pool; on SQLite they share one connection (see sqliteBackend). The database is deleted when
   * the last of them closes.
   */
  openNodes(count: number): Promise<Store[]>;
}

/** Probed once per test process, when this module is first imported. */
const postgresProblem = await probePostgres(POSTGRES_TEST_URL);

/** SQLite and PostgreSQL, each database they open migrated with `migrations`. */
export function storeBackendsWith(migrations: readonly Migration[]): StoreBackend[] {
  return [sqliteBackend(migrations), postgresBackend(migrations)];
}

function sqliteBackend(migrations: readonly Migration[]): StoreBackend {
  const openNodes = async (count: number) => {
    const dir = await mkdtemp(join(tmpdir(), 'warden-store-'));
    // One handle for all nodes: better-sqlite3 waits for a lock synchronously, so a second connection in this
    // process would block the very event loop the lock holder needs to finish. Separate processes sharing one
    // file are exercised by sqlite.test.ts.
    return openShared(
      migrations,
      count,
      1,
      () => openSqliteStore(join(dir, 'warden.db')),
      () => rm(dir, { recursive: true, force: true }),
    );
  };
  return { name: 'sqlite', open: async () => (await openNodes(1))[0], openNodes };
}

function postgresBackend(migrations: readonly Migration[]): StoreBackend {
  const unavailable = postgresProblem && `PostgreSQL not reachable at ${redact(POSTGRES_TEST_URL)}: ${postgresProblem}`;
  const openNodes = async (count: number) => {
    // In CI a missing database is a failure, never a silent skip.
    if (unavailable) throw new Error(unavailable);
    const schema = `warden_test_${randomBytes(6).toString('hex')}`;
    return openShared(
      migrations,
      count,
      count,
      () => openPostgresStore(POSTGRES_TEST_URL, { schema }),
      () => dropSchema(POSTGRES_TEST_URL, schema),
    );
  };
  return {
    name: 'postgres',
    skip: unavailable && process.env.CI !== 'true' ? unavailable : undefined,
    open: async () => (await openNodes(1))[0],
    openNodes,
  };
}

/**
 * Returns count stores over `handles` opened connections (round robin), all migrated concurrently; each handle
 * closes when its last store does, and cleanup runs after the last handle closes.
 */
async function openShared(
  migrations: readonly Migration[],
  count: number,
  handles: number,
  openOne: () => Promise<Store>,
  cleanup: () => Promise<void>,
): Promise<Store[]> {
  const opened: Store[] = [];
  try {
    for (let i = 0; i < handles; i++) opened.push(await openOne());
    await Promise.all(opened.map((store) => migrate(store, migrations)));
  } catch (err) {
    await Promise.allSettled(opened.map((store) => store.close()));
    await cleanup().catch(() => {}); // never hide the original error
    throw err;
  }
  const users = new Map<Store, number>();
  const views = Array.from({ length: count }, (_, i) => opened[i % handles]);
  for (const handle of views) users.set(handle, (users.get(handle) ?? 0) + 1);
  let openHandles = users.size;
  for (const handle of opened) if (!users.has(handle)) await handle.close();
  return views.map((handle) =>
    withClose(handle, async () => {
      const left = users.get(handle)! - 1;
      users.set(handle, left);
      if (left > 0) return;
      await handle.close();
      if (--openHandles === 0) await cleanup();
    }),
  );
}

function withClose(store: Store, close: () => Promise<void>): Store {
  let closing: Promise<void> | undefined;
  return {
    dialect: store.dialect,
    db: store.db,
    transaction: (fn) => store.transaction(fn),
    truncateAll: (options) => store.truncateAll(options),
    close: () => (closing ??= close()),
  };
}

async function probePostgres(url: string): Promise<string | undefined> {
  // A server that is down refuses at once; the long bound only spares a busy machine (a suite run in parallel) from
  // mistaking a slow connect for an absent PostgreSQL and skipping its tests.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message || err.name : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
