// A reusable query gives the same rows as the query built afresh, on both dialects, inside and outside transactions.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { storeBackendsWith } from '../../test/helpers/test-stores.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { reusableQuery, reusableRowsStatement } from './reusable-query.js';
import type { Database } from './schema.js';

const insertMeta = reusableRowsStatement(2, (db: Kysely<Database>, rows) =>
  db.insertInto('warden_meta').values(rows.map(([key, value]) => ({ key: key as string, value: value as string }))),
);

/** The handle, recording how many values each statement it runs binds. */
function recording(db: Kysely<Database>): { db: Kysely<Database>; bound: number[] } {
  const bound: number[] = [];
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'executeQuery') {
        return (query: { parameters: readonly unknown[] }) => {
          bound.push(query.parameters.length);
          return target.executeQuery(query as never);
        };
      }
      // kysely's methods read private fields: they run on the handle itself.
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, bound };
}

const metaQuery = reusableQuery(2, (db: Kysely<Database>, prefix: string, key: string) =>
  db
    .selectFrom('warden_meta as m')
    .select(['m.key', 'm.value'])
    // The same argument bound twice, and a constant beside the arguments.
    .where((eb) => eb.or([eb('m.key', '=', key), eb('m.key', 'like', sql<string>`${prefix} || '%'`)]))
    .where('m.key', '!=', 'never')
    .orderBy('m.key'),
);

for (const backend of storeBackendsWith(CORE_MIGRATIONS)) {
  describe(`reusableQuery (${backend.name})`, { skip: backend.skip }, () => {
    if (backend.name === 'postgres')
      test('runs as a named prepared statement on the connection, other queries do not', async () => {
        const store = await backend.open();
        try {
          await store.db.insertInto('warden_meta').values({ key: 'p1', value: 'v' }).execute();
          // One transaction is one connection, and pg_prepared_statements lists that connection's statements.
          const seen = await store.transaction(async (trx) => {
            await sql`select 'not reusable' as x where ${'a'} = ${'a'}`.execute(trx);
            const first = await metaQuery.execute(trx, 'p', 'none');
            const again = await metaQuery.execute(trx, 'zz', 'p1');
            const { rows } = await sql<{ name: string; statement: string; parameter_types: unknown }>`
              select name, statement from pg_prepared_statements order by name
            `.execute(trx);
            return { first, again, rows };
          });
          assert.deepEqual(seen.first, [{ key: 'p1', value: 'v' }]);
          assert.deepEqual(seen.again, [{ key: 'p1', value: 'v' }]);
          const mine = seen.rows.filter((r) => r.statement.includes('"warden_meta"') && r.statement.includes('like'));
          assert.equal(mine.length, 1, JSON.stringify(seen.rows));
          assert.match(mine[0]!.name, /^warden_q\d+$/);
          assert.ok(!seen.rows.some((r) => r.statement.includes('not reusable')), 'an ad hoc query is not prepared');
        } finally {
          await store.close();
        }
      });

    test('binds each call its own values, on the handle and in a transaction', async () => {
      const store = await backend.open();
      try {
        await store.db
          .insertInto('warden_meta')
          .values([
            { key: 'a1', value: 'x' },
            { key: 'a2', value: 'y' },
            { key: 'b1', value: 'z' },
          ])
          .execute();
        assert.deepEqual(await metaQuery.execute(store.db, 'a', 'b1'), [
          { key: 'a1', value: 'x' },
          { key: 'a2', value: 'y' },
          { key: 'b1', value: 'z' },
        ]);
        assert.deepEqual(await metaQuery.execute(store.db, 'zz', 'a2'), [{ key: 'a2', value: 'y' }]);
        assert.equal(await metaQuery.executeTakeFirst(store.db, 'zz', 'none'), undefined);
        const inside = await store.transaction((trx) => metaQuery.executeTakeFirst(trx, 'b', 'none'));
        assert.deepEqual(inside, { key: 'b1', value: 'z' });
      } finally {
        await store.close();
      }
    });

    test("reusableRowsStatement runs n rows as the statements of n's binary digits, each binding its rows", async () => {
      const store = await backend.open();
      try {
        const expected: string[] = [];
        const rowsPerStatement: number[][] = [];
        for (const n of [0, 1, 13, 64, 200]) {
          const rows = Array.from({ length: n }, (_, i) => [`rows-${n}-${i}`, `value ${n} ${i}`]);
          expected.push(...rows.map(([key, value]) => `${key}=${value}`));
          await store.transaction(async (trx) => {
            const { db, bound } = recording(trx);
            await insertMeta.execute(db, rows);
            rowsPerStatement.push(bound.map((values) => values / 2));
          });
        }
        assert.deepEqual(rowsPerStatement, [[], [1], [8, 4, 1], [64], [64, 64, 64, 8]]);
        const rows = await store.db
          .selectFrom('warden_meta')
          .select(['key', 'value'])
          .where('key', 'like', 'rows-%')
          .execute();
        assert.deepEqual(rows.map((r) => `${r.key}=${r.value}`).sort(), expected.sort());
        await assert.rejects(insertMeta.execute(store.db, [['k', 'v', 'extra']]), /a row of 3 values, not 2/);
      } finally {
        await store.close();
      }
    });
  });
}

test('an argument used as anything but a value is refused at first use', async () => {
  const backend = storeBackendsWith(CORE_MIGRATIONS)[0]!;
  const store = await backend.open();
  try {
    const asLiteral = reusableQuery(1, (db: Kysely<Database>, key: string) =>
      db.selectFrom('warden_meta').selectAll().where('key', '=', sql.lit(key)),
    );
    await assert.rejects(asLiteral.execute(store.db, 'a'), /not used as a value/);
    const unused = reusableQuery(1, (db: Kysely<Database>, _key: string) => db.selectFrom('warden_meta').selectAll());
    await assert.rejects(unused.execute(store.db, 'a'), /not bound as a parameter/);
  } finally {
    await store.close();
  }
});
