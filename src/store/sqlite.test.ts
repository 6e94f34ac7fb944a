// SQLite specifics: pragmas, file permissions, several processes sharing one file, and surviving kill -9.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openSqliteStore } from './sqlite.js';
import { openStore } from './open.js';
import { CORE_MIGRATIONS } from './migrations.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const fixture = join(repoRoot, 'test', 'helpers', 'sqlite-crash-fixture.ts');
const posix = process.platform !== 'win32';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sqlite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts the fixture; lines() resolves once it has printed at least n committed ids. */
function startWriter(dataDir: string, name: string, count?: number) {
  const args = ['--import', 'tsx', fixture, dataDir, name, ...(count === undefined ? [] : [String(count)])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const ids: string[] = [];
  let partial = '';
  let stderr = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    ids.push(...lines);
    for (const w of waiters.filter((w) => ids.length >= w.n)) w.resolve();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const printed = (n: number) =>
    Promise.race([
      new Promise<void>((resolve) => (ids.length >= n ? resolve() : waiters.push({ n, resolve }))),
      exited.then(({ code, signal }) => {
        if (ids.length < n) throw new Error(`writer ${name} exited early (${code ?? signal}): ${stderr}`);
      }),
    ]);
  return { child, ids, printed, exited, stderr: () => stderr };
}

describe('SQLite store', () => {
  test('sets WAL, full synchronous commits, foreign keys and a busy timeout', async (t) => {
    const store = await openSqliteStore(join(tempDir(t), 'warden.db'));
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(String(await pragma('journal_mode')).toLowerCase(), 'wal');
      assert.equal(await pragma('synchronous'), 2); // FULL
      assert.equal(await pragma('foreign_keys'), 1);
      assert.ok(Number(await pragma('busy_timeout')) >= 1000);
    } finally {
      await store.close();
    }
  });

  test('creates its directory 0700 and its file 0600', { skip: !posix && 'POSIX modes' }, async (t) => {
    const dir = join(tempDir(t), 'a', 'b');
    const store = await openSqliteStore(join(dir, 'warden.db'));
    await store.close();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'warden.db')).mode & 0o777, 0o600);
  });

  test('works in memory', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      assert.deepEqual(rows, [{ one: 1 }]);
    } finally {
      await store.close();
    }
  });

  test('processes starting together on one file all open it and migrate it once', async (t) => {
    const dataDir = tempDir(t);
    const writers = ['a', 'b', 'c', 'd'].map((name) => startWriter(dataDir, name, 20));
    const exits = await Promise.all(writers.map((w) => w.exited));
    writers.forEach((w, i) => assert.deepEqual(exits[i], { code: 0, signal: null }, w.stderr()));
    const store = await openStore({ dataDir, migrations: CORE_MIGRATIONS });
    try {
      const migrations = await store.db.selectFrom('warden_migrations').select('id').execute();
      assert.equal(migrations.length, CORE_MIGRATIONS.length);
      const accounts = await store.db.selectFrom('accounts').select('id').execute();
      assert.equal(accounts.length, 80);
    } finally {
      await store.close();
    }
  });

  test('every commit acknowledged before kill -9 survives, and no transaction is half-applied', async (t) => {
    const dataDir = tempDir(t);
    const writers = ['x', 'y'].map((name) => startWriter(dataDir, name));
    try {
      await Promise.all(writers.map((w) => w.printed(150)));
    } finally {
      // Mid-burst: both are still writing when the signal lands.
      for (const w of writers) w.child.kill('SIGKILL');
    }
    const exits = await Promise.all(writers.map((w) => w.exited));
    for (const exit of exits) assert.equal(exit.signal, 'SIGKILL');

    const store = await openStore({ dataDir, migrations: CORE_MIGRATIONS });
    try {
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
      assert.deepEqual(rows, [{ integrity_check: 'ok' }]);
      const accounts = new Set((await store.db.selectFrom('accounts').select('id').execute()).map((r) => r.id));
      const metas = new Set((await store.db.selectFrom('warden_meta').select('key').execute()).map((r) => r.key));
      for (const w of writers) {
        assert.ok(w.ids.length >= 150);
        for (const id of w.ids) assert.ok(accounts.has(id), `acknowledged ${id} lost`);
      }
      // Both rows of a transaction, or neither.
      assert.deepEqual([...accounts].sort(), [...metas].sort());
    } finally {
      await store.close();
    }
  });
});
