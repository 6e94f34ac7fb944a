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
