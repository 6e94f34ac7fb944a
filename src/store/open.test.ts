// openStore: picks the backend from the configuration and hands back a migrated store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from './open.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { POSTGRES_TEST_URL, storeBackendsWith } from '../../test/helpers/test-stores.js';

const postgresSkip = storeBackendsWith(CORE_MIGRATIONS).find((b) => b.name === 'postgres')!.skip;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-open-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('without a database URL: SQLite at <dataDir>/warden.db, migrated, and reopened without change', async (t) => {
  const dataDir = join(tempDir(t), 'data');
  const first = await openStore({ dataDir, migrations: CORE_MIGRATIONS });
  assert.equal(first.dialect, 'sqlite');
  await first.db.insertInto('warden_meta').values({ key: 'k', value: 'v' }).execute();
  await first.close();
  assert.ok(existsSync(join(dataDir, 'warden.db')));

  const second = await openStore({ dataDir, migrations: CORE_MIGRATIONS });
  try {
    assert.deepEqual(await second.db.selectFrom('warden_meta').selectAll().execute(), [{ key: 'k', value: 'v' }]);
    const applied = await second.db.selectFrom('warden_migrations').select('id').execute();
    assert.equal(applied.length, CORE_MIGRATIONS.length);
  } finally {
    await second.close();
  }
});

test('a database URL that is not PostgreSQL is refused without echoing it', async (t) => {
  await assert.rejects(
    openStore({ dataDir: tempDir(t), databaseUrl: 'mysql://u:hunter2@h/db', migrations: CORE_MIGRATIONS }),
    (err: Error) => {
      return /postgres:\/\/ or postgresql:\/\//.test(err.message) && !err.message.includes('hunter2');
    },
  );
});

test('with a postgres:// or postgresql:// URL: PostgreSQL, migrated', { skip: postgresSkip }, async (t) => {
  const dataDir = tempDir(t);
  const schema = `warden_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await admin.connect();
  t.after(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });
  await admin.query(`create schema ${schema}`);
  // Confine this test to its own schema through the URL, as an operator could.
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  for (const protocol of ['postgres:', 'postgresql:']) {
    const store = await openStore({
      dataDir,
      databaseUrl: url.toString().replace(/^postgres(ql)?:/, protocol),
      migrations: CORE_MIGRATIONS,
    });
    try {
      assert.equal(store.dialect, 'postgres');
      const applied = await store.db.selectFrom('warden_migrations').select('id').execute();
      assert.equal(applied.length, CORE_MIGRATIONS.length);
    } finally {
      await store.close();
    }
  }
  const tables = await admin.query('select count(*)::int as n from pg_tables where schemaname = $1', [schema]);
  assert.ok(tables.rows[0].n >= 6);
  assert.equal(existsSync(join(dataDir, 'warden.db')), false);
});
