// PostgreSQL store: a pg connection pool with int8/numeric parsed to JS numbers, optionally confined to one schema.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { kyselyStore, tableList } from './kysely-store.js';
import { usePreparedStatements } from './prepared-statements.js';

export interface PostgresStoreOptions {
  /** Every pooled connection uses this schema (created if missing) as its search_path: isolates test runs. */
  schema?: string;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Fail fast instead of hanging when the server is unreachable or the pool is exhausted for this long. */
const CONNECT_TIMEOUT_MS = 15_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a pool on url and checks it can connect. No migrations. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const { schema } = opts;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: schema === undefined ? url : withSearchPath(url, schema),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: { getTypeParser: numberParsingTypes as pg.CustomTypesConfig['getTypeParser'] },
  });
  // An idle client losing its connection emits here; pg-pool already discards it and the next query reconnects.
  // Without a listener the event would crash the process.
  pool.on('error', () => {});
  // Emitted for each new connection before it is handed out: the hot queries run prepared on it.
  pool.on('connect', (client) => usePreparedStatements(client));

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema === undefined) await sql`select 1`.execute(db);
    else await createSchema(db, schema);
  } catch (err) {
    await db.destroy();
    throw err;
  }

  return kyselyStore({
    dialect: 'postgres',
    db,
    async listTables(handle) {
      const { rows } = await sql<{ tablename: string }>`
        select tablename from pg_catalog.pg_tables where schemaname = current_schema() order by tablename
      `.execute(handle);
      return rows.map((row) => row.tablename);
    },
    async emptyTables(trx, tables) {
      // One statement over every table, so foreign keys between them never block it. Sequences continue, so audit
      // sequence numbers stay unique across resets.
      await sql`truncate table ${tableList(tables)}`.execute(trx);
    },
  });
}

/**
 * Sets search_path as a startup option of every connection, so no query can ever run before it applies
 * (an `options` parameter already in the URL is kept).
 */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const existing = parsed.searchParams.get('options');
  const option = `-c search_path=${schema}`;
  parsed.searchParams.set('options', existing ? `${existing} ${option}` : option);
  return parsed.toString();
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    // Two openers racing on "if not exists" can still collide in the catalog; the schema exists either way.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

/**
 * Times are epoch milliseconds in bigint columns and counts come back as int8: both fit a JS number exactly.
 * A value that does not is an error rather than a silently rounded number.
 */
function numberParsingTypes(oid: number, format?: 'text' | 'binary'): unknown {
  if (format === 'binary') return pg.types.getTypeParser(oid, format);
  if (oid === INT8_OID) {
    return (value: string) => {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JavaScript number`);
      return n;
    };
  }
  // numeric arrives from sum()/avg() over integers; those results are numbers to every caller here.
  if (oid === NUMERIC_OID) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format);
}
