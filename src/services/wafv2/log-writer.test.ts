// LogWriter: records appended as JSON lines in order, and dropped (counted) rather than queued past the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWriter } from './log-writer.js';

test('appends queued records in order and drops past the queue limit', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'waf-log-'));
  const file = join(dir, 'a', 'b.jsonl');
  const errors: unknown[] = [];
  const writer = new LogWriter((err) => errors.push(err), 3);
  for (let i = 0; i < 5; i++) writer.write(file, { i });
  await writer.flush();
  writer.write(file, { i: 9 });
  await writer.flush();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { i: number }).i),
    [0, 1, 2, 9],
  );
  assert.deepEqual(writer.stats, { dropped: 2, failed: 0, written: 4 });
  assert.deepEqual(errors, []);
});

test('the queue is bounded in characters too: a large record past the budget is dropped, not queued', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'waf-log-'));
  const file = join(dir, 'c.jsonl');
  const writer = new LogWriter(() => {}, 1_000, 4_096);
  writer.write(file, { big: 'x'.repeat(3_000) });
  writer.write(file, { big: 'y'.repeat(3_000) });
  writer.write(file, { small: 1 });
  await writer.flush();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => Object.keys(JSON.parse(l) as object)[0]),
    ['big', 'small'],
  );
  assert.deepEqual(writer.stats, { dropped: 1, failed: 0, written: 2 });
  // Once written, the budget is free again.
  writer.write(file, { big: 'z'.repeat(3_000) });
  await writer.flush();
  assert.equal(writer.stats.written, 3);
});

test('close() writes everything queued before it resolves; records after it are dropped and counted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'waf-log-'));
  const file = join(dir, 'd', 'e.jsonl');
  const writer = new LogWriter(() => {});
  for (let i = 0; i < 100; i++) writer.write(file, { i });
  await writer.close();
  assert.equal((await readFile(file, 'utf8')).trimEnd().split('\n').length, 100);
  writer.write(file, { late: true });
  await writer.flush();
  assert.deepEqual(writer.stats, { dropped: 1, failed: 0, written: 100 });
});
