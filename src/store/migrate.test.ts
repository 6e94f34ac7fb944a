// Migration runner on every backend: id order, once only, all-or-nothing per migration, duplicate ids refused.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Store, Migration } from './store.js';
import { storeBackendsWith } from '../../test/helpers/test-stores.js';
import { migrate } from './migrate.js';
import { CORE_MIGRATIONS } from './migrations.js';

function createTable(id: string, table: string, log: string[]): Migration {
  return {
    id,
    async up(db, dialect) {
      log.push(`${id}:${dialect}`);
      await db.schema.createTable(table).addColumn('x', 'text').execute();
    },
  };
}

async function tableExists(store: Store, table: string): Promise<boolean> {
  const query =
    store.dialect === 'sqlite'
      ? sql`select name from sqlite_master where type = 'table' and name = ${table}`
      : sql`select tablename from pg_catalog.pg_tables where schemaname = current_schema() and tablename = ${table}`;
  return (await query.execute(store.db)).rows.length === 1;
}

async function recorded(store: Store): Promise<string[]> {
  const rows = await store.db.selectFrom('warden_migrations').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

for (const backend of storeBackendsWith(CORE_MIGRATIONS)) {
  describe(`migrate on ${backend.name}`, { skip: backend.skip }, () => {
    test('applies pending migrations in id order, whatever the list order, exactly once', async () => {
      const store = await backend.open();
      try {
        const log: string[] = [];
        const later = [createTable('9002_b', 't_b', log), createTable('9001_a', 't_a', log)];
        assert.deepEqual(await migrate(store, [...CORE_MIGRATIONS, ...later]), ['9001_a', '9002_b']);
        assert.deepEqual(log, [`9001_a:${backend.name}`, `9002_b:${backend.name}`]);
        assert.deepEqual(await migrate(store, [...CORE_MIGRATIONS, ...later]), []);
        assert.equal(log.length, 2);
        assert.ok((await recorded(store)).includes('9002_b'));
        assert.ok((await tableExists(store, 't_a')) && (await tableExists(store, 't_b')));
      } finally {
        await store.close();
      }
    });

    test('a failing migration leaves no trace and stops the ones after it', async () => {
      const store = await backend.open();
      try {
        const log: string[] = [];
        const failing: Migration = {
          id: '9001_fails',
          async up(db) {
            await db.schema.createTable('t_half').addColumn('x', 'text').execute();
            throw new Error('migration bug');
          },
        };
        await assert.rejects(migrate(store, [failing, createTable('9002_after', 't_after', log)]), /migration bug/);
        assert.equal(await tableExists(store, 't_half'), false);
        assert.equal(await tableExists(store, 't_after'), false);
        assert.deepEqual(log, []);
        assert.deepEqual(await recorded(store), CORE_MIGRATIONS.map((m) => m.id).sort());
      } finally {
        await store.close();
      }
    });

    test('nodes racing to apply a new migration apply it once', async () => {
      const nodes = await backend.openNodes(4);
      try {
        const log: string[] = [];
        const next = [...CORE_MIGRATIONS, createTable('9001_new', 't_new', log)];
        const results = await Promise.all(nodes.map((node) => migrate(node, next)));
        assert.equal(log.length, 1);
        assert.equal(results.flat().filter((id) => id === '9001_new').length, 1);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });

    test('duplicate migration ids are refused before anything runs', async () => {
      const store = await backend.open();
      try {
        const log: string[] = [];
        await assert.rejects(
          migrate(store, [createTable('9001_x', 't1', log), createTable('9001_x', 't2', log)]),
          /duplicate migration id 9001_x/,
        );
        assert.deepEqual(log, []);
      } finally {
        await store.close();
      }
    });
  });
}
