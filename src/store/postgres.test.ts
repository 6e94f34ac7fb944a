// PostgreSQL specifics: numeric parsing, schema confinement and validation, and errors at open.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgresStore } from './postgres.js';
import { POSTGRES_TEST_URL, storeBackendsWith } from '../../test/helpers/test-stores.js';
import { CORE_MIGRATIONS } from './migrations.js';

const skip = storeBackendsWith(CORE_MIGRATIONS).find((b) => b.name === 'postgres')!.skip;

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL store', { skip }, () => {
  test('int8 and numeric results are JS numbers; an int8 beyond 2^53 is an error, not a rounded number', async () => {
    const store = await storeBackendsWith(CORE_MIGRATIONS)
      .find((b) => b.name === 'postgres')!
      .open();
    try {
      const { rows } = await sql<{ a: unknown; b: unknown; c: unknown; d: unknown }>`
        select 1767225600123::int8 as a, sum(x) as b, count(*) as c, 2.5::numeric as d
        from (values (9007199254740991::int8)) as v(x)
      `.execute(store.db);
      assert.deepEqual(rows, [{ a: 1767225600123, b: 9007199254740991, c: 1, d: 2.5 }]);
      await assert.rejects(sql`select 9007199254740993::int8 as big`.execute(store.db), RangeError);
      // The connection is still usable afterwards.
      assert.deepEqual((await sql<{ one: number }>`select 1::int8 as one`.execute(store.db)).rows, [{ one: 1 }]);
    } finally {
      await store.close();
    }
  });

  test('a schema confines every pooled connection, is created if missing, and keeps URL options', async () => {
    const schema = `warden_test_${randomBytes(6).toString('hex')}`;
    const url = new URL(POSTGRES_TEST_URL);
    url.searchParams.set('options', '-c application_name=warden_probe');
    const store = await openPostgresStore(url.toString(), { schema });
    try {
      // More concurrent queries than one connection: every pooled connection must be on the schema.
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          sql<{
            s: string;
            app: string;
          }>`select current_schema() as s, current_setting('application_name') as app, pg_sleep(0.05)`.execute(
            store.db,
          ),
        ),
      );
      for (const { rows } of results) assert.deepEqual([rows[0].s, rows[0].app], [schema, 'warden_probe']);
      await sql`create table only_here (x int)`.execute(store.db);
      const where = await withClient((c) =>
        c.query('select table_schema from information_schema.tables where table_name = $1', ['only_here']),
      );
      assert.deepEqual(where.rows, [{ table_schema: schema }]);
    } finally {
      await store.close();
      await withClient((c) => c.query(`drop schema if exists ${schema} cascade`));
    }
  });

  test('refuses schema names that would need quoting', async () => {
    await assert.rejects(
      openPostgresStore(POSTGRES_TEST_URL, { schema: 'x; drop table y' }),
      /invalid PostgreSQL schema/,
    );
    await assert.rejects(openPostgresStore(POSTGRES_TEST_URL, { schema: 'Upper' }), /invalid PostgreSQL schema/);
  });
});

test('an unreachable PostgreSQL fails at open, not at the first request', async () => {
  await assert.rejects(openPostgresStore('postgres://postgres@127.0.0.1:1/test'), /ECONNREFUSED|connect/);
});
