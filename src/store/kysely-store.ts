// The Store both dialects share: a kysely handle, transactions, and a catalog-driven truncate for test-mode reset.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect, Store } from './store.js';

/** Migration bookkeeping survives a reset: the schema stays, so its record must too. */
export const MIGRATIONS_TABLE = 'warden_migrations';

export interface KyselyStoreParts {
  dialect: Dialect;
  db: Kysely<Database>;
  /** Names of every table this store owns (read from the catalog, so later migrations' tables are included). */
  listTables(db: Kysely<Database>): Promise<string[]>;
  /** Empties the given tables inside trx. */
  emptyTables(trx: Kysely<Database>, tables: string[]): Promise<void>;
  /** Runs after the kysely handle (and with it the pool or file) is destroyed. */
  afterClose?(): Promise<void> | void;
}

export function kyselyStore(parts: KyselyStoreParts): Store {
  const { dialect, db } = parts;
  let closing: Promise<void> | undefined;
  return {
    dialect,
    db,
    transaction: (fn) => db.transaction().execute(fn),
    async truncateAll(options) {
      const kept = new Set([MIGRATIONS_TABLE, ...(options?.except ?? [])]);
      const tables = (await parts.listTables(db)).filter((name) => !kept.has(name));
      if (tables.length === 0) return;
      await db.transaction().execute((trx) => parts.emptyTables(trx, tables));
    },
    close() {
      // Idempotent: shutdown paths may race (signal handler and normal exit).
      closing ??= (async () => {
        await db.destroy();
        await parts.afterClose?.();
      })();
      return closing;
    },
  };
}

/** `a, b, c` with each name quoted as an identifier. */
export function tableList(tables: string[]) {
  return sql.join(tables.map((name) => sql.table(name)));
}
