// The wafv2 start hook: its stop writes every queued log record before it resolves, and closes a shared counter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Runtime } from '../../core/runtime.js';
import { loadConfig } from '../../config.js';
import { startWaf } from './lifecycle.js';
import { rateCounterFor } from './rate-counters.js';
import { SharedRateCounter } from './engine/shared-rate-counter.js';
import { visibilityOf } from './visibility.js';

async function runtimeIn(overrides: Record<string, unknown> = {}): Promise<Runtime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'waf-lifecycle-'));
  // Only what the hook touches: the configuration and the log.
  return { config: loadConfig({ dataDir, ...overrides }), log: pino({ level: 'silent' }) } as unknown as Runtime;
}

test('stop() resolves only once every queued WAF log record is on disk; later records are dropped', async () => {
  const runtime = await runtimeIn();
  const running = await startWaf(runtime);
  const file = join(runtime.config.dataDir, 'wafv2', 'logs', '123456789012', 'x.jsonl');
  const writer = visibilityOf(runtime).writer;
  for (let i = 0; i < 500; i++) writer.write(file, { i });
  await running.stop();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  assert.equal(lines.length, 500);
  writer.write(file, { late: true });
  assert.equal(writer.stats.dropped, 1);
});

test('with a Redis URL the server counts in a shared counter, which stop() closes (even when Redis is unreachable)', async () => {
  const runtime = await runtimeIn({ redisUrl: 'redis://127.0.0.1:1' });
  const running = await startWaf(runtime);
  const counter = rateCounterFor(runtime);
  assert.ok(counter instanceof SharedRateCounter);
  assert.equal(counter.increment('k', 60, Date.now()), 1, 'counts locally meanwhile');
  await running.stop();
  assert.notEqual(rateCounterFor(runtime), counter, 'closed and forgotten: a later use opens a new one');
  await (await startWaf(runtime)).stop();
});

test('without a Redis URL every server of the process shares the in-memory counter', async () => {
  const a = await runtimeIn();
  const b = await runtimeIn();
  assert.equal(rateCounterFor(a), rateCounterFor(b));
  assert.ok(!(rateCounterFor(a) instanceof SharedRateCounter));
});
