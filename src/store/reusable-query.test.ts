// A reusable query gives the same rows as the query built afresh, on both dialects, inside and outside transactions.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { storeBackendsWith } from '../../test/helpers/test-stores.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { reusableQuery } from './reusable-query.js';
import type { Database } from './schema.js';

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
