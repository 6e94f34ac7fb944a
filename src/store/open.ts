// Opens the configured store (PostgreSQL when a URL is given, else SQLite in the data directory) and migrates it.
import { join } from 'node:path';
import type { Migration, Store } from './store.js';
import { openSqliteStore, type SqliteSync } from './sqlite.js';
import { openPostgresStore } from './postgres.js';
import { migrate } from './migrate.js';

export interface OpenStoreOptions {
  dataDir: string;
  /** postgres:// or postgresql:// URL; when absent the store is `<dataDir>/warden.db`. */
  databaseUrl?: string;
  /** The schema to bring it to: the caller's, since the store knows no service (src/services/registry.ts has Warden's). */
  migrations: readonly Migration[];
  /** SQLite's commit durability (SqliteSync); 'full' when absent. PostgreSQL follows its server's settings. */
  sync?: SqliteSync;
}

export async function openStore({ dataDir, databaseUrl, migrations, sync }: OpenStoreOptions): Promise<Store> {
  const store = await connectStore({ dataDir, databaseUrl, sync });
  try {
    await migrate(store, migrations);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * Opens the configured store as it is, migrating nothing: for a process beside the one that opened it with openStore
 * (a data-plane worker), which must not race it to migrate.
 */
export async function connectStore({
  dataDir,
  databaseUrl,
  sync,
}: Omit<OpenStoreOptions, 'migrations'>): Promise<Store> {
  return databaseUrl
    ? await openPostgresStore(checkPostgresUrl(databaseUrl))
    : await openSqliteStore(join(dataDir, 'warden.db'), { sync });
}

function checkPostgresUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    // Never echo the URL: it may carry a password.
    throw new Error('database URL must start with postgres:// or postgresql://');
  }
  return url;
}
