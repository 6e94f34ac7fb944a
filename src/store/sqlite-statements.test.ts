// SQLite's reused prepared statements and its two commit modes (--audit-sync).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openSqliteStore } from './sqlite.js';

function tempFile(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sqlite-statements-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'warden.db');
}

const synchronous = async (store: Awaited<ReturnType<typeof openSqliteStore>>) =>
  Object.values((await sql.raw('pragma synchronous').execute(store.db)).rows[0] as object)[0];

test('commits are fsynced by default and with sync full; sync normal leaves them to the WAL', async (t) => {
  for (const [sync, expected] of [
    [undefined, 2],
    ['full', 2],
    ['normal', 1],
  ] as const) {
    const store = await openSqliteStore(tempFile(t), { sync });
    try {
      assert.equal(await synchronous(store), expected, `sync ${sync}`);
    } finally {
      await store.close();
    }
  }
});

test('a statement run again gives fresh results, after a stream of the same text too', async (t) => {
  const store = await openSqliteStore(tempFile(t));
  try {
    await sql`create table t (n integer)`.execute(store.db);
    const select = () => store.db.selectFrom('t' as never).select(sql<number>`n`.as('n'));
    for (let n = 1; n <= 3; n++) {
      await sql`insert into t (n) values (${n})`.execute(store.db);
      assert.deepEqual(
        (await select().execute()).map((r) => r.n),
        Array.from({ length: n }, (_, i) => i + 1),
      );
    }
    const seen: number[] = [];
    for await (const row of select().stream()) seen.push(row.n);
    assert.deepEqual(seen, [1, 2, 3]);
    await sql`insert into t (n) values (4)`.execute(store.db);
    assert.equal((await select().execute()).length, 4);
    // More distinct texts than the cache holds: each still runs (the least recently used are prepared again).
    for (let i = 0; i < 600; i++) {
      const rows = await sql<{ v: number }>`select ${sql.lit(i)} as v`.execute(store.db);
      assert.equal(rows.rows[0]!.v, i);
    }
    assert.equal((await select().execute()).length, 4);
  } finally {
    await store.close();
  }
});
