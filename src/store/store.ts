// The one store interface: a kysely handle over SQLite or PostgreSQL plus transactions and lifecycle.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly dialect: Dialect;
  /** Query builder for single statements (each is its own durable transaction). */
  readonly db: Kysely<Database>;
  /** Runs fn in one transaction: all of its writes commit together or none do. */
  transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Deletes every row of every table but those in `except` (test-mode reset); the schema stays. */
  truncateAll(options?: { except?: readonly string[] }): Promise<void>;
  close(): Promise<void>;
}

/** A schema change, applied once and in order at start-up on either dialect. */
export interface Migration {
  /** Sortable, unique, never renamed: e.g. '0001_core'. */
  id: string;
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}
