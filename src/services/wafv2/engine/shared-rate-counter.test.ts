// Rate counts shared through the real Redis on 127.0.0.1:6379: two nodes see their combined count; no Redis, each counts alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { requiredInCi } from '../../../../test/helpers/ci.js';
import { redisCounters, type SharedCounters } from '../../../store/redis.js';
import { compileWebAcl, type CompiledWebAcl } from './compile.js';
import { evaluate } from './evaluate.js';
import { SharedRateCounter } from './shared-rate-counter.js';
import { acl, blockRule, request, resolver } from './test-support.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** Every key this run writes starts with it, so runs never meet and cleanup removes only this run's keys. */
const PREFIX = `warden-test:${process.pid}:${randomUUID()}:`;

async function redisMissing(): Promise<string | false> {
  const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    await probe.close();
    return false;
  } catch {
    probe.destroy();
    return `Redis is not reachable at ${REDIS_URL}`;
  }
}

const missing = requiredInCi(await redisMissing());
const opened: SharedCounters[] = [];

/** One node's view of the shared store (its own connection), with the outages it reported. */
function node(url = REDIS_URL): { counters: SharedCounters; outages: unknown[] } {
  const outages: unknown[] = [];
  const counters = redisCounters(url, { prefix: PREFIX, onUnavailable: (err) => outages.push(err) });
  opened.push(counters);
  return { counters, outages };
}

async function ready(counters: SharedCounters): Promise<void> {
  // Connecting is asynchronous by design; a test waits for it by polling (no assertion on how long it takes).
  while (!counters.ready) await new Promise((r) => setTimeout(r, 10));
}

function rateAcl(limit: number): CompiledWebAcl {
  return compileWebAcl(
    acl([
      blockRule('rate', 0, {
        RateBasedStatement: { Limit: limit, EvaluationWindowSec: 60, AggregateKeyType: 'IP' },
      }),
    ]),
    resolver(),
  );
}

describe('shared rate counts in Redis', { skip: missing }, () => {
  before(() => {});
  after(async () => {
    for (const c of opened) await c.close();
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) keys.push(...batch);
    if (keys.length > 0) await admin.del(keys);
    await admin.close();
  });

  test('two nodes sharing one Redis count together: each sees the other node’s requests after an exchange', async () => {
    const a = new SharedRateCounter(node().counters);
    const b = new SharedRateCounter(node().counters);
    const counters = opened.slice(-2);
    for (const c of counters) await ready(c);
    const now = Date.now();
    for (let i = 1; i <= 6; i++) assert.equal(a.increment('k', 60, now), i, 'before any exchange, counts are local');
    for (let i = 1; i <= 6; i++) assert.equal(b.increment('k', 60, now), i);
    await a.exchange(now);
    await b.exchange(now);
    assert.equal(b.increment('k', 60, now), 13, 'b read a’s 6 and its own 6');
    await a.exchange(now);
    assert.equal(a.increment('k', 60, now), 13, 'a read both nodes’ first 12');
    await b.exchange(now);
    await a.exchange(now);
    assert.equal(a.increment('k', 60, now), 15, 'and then each node’s 7th');
    assert.equal(a.increment('other', 60, now), 1, 'another key counts apart');
    assert.equal(a.increment('k', 300, now), 1, 'another window length counts apart');
  });

  test('two engine instances (two nodes) block together what neither would block alone', async () => {
    const limit = 10;
    const nodes = [new SharedRateCounter(node().counters), new SharedRateCounter(node().counters)];
    for (const c of opened.slice(-2)) await ready(c);
    const compiled = [rateAcl(limit), rateAcl(limit)];
    const now = Date.now();
    const hit = (i: number) =>
      evaluate(compiled[i]!, request({ clientIp: '127.0.0.9' }), { rateCounter: nodes[i]!, now }).action;
    for (let i = 0; i < 6; i++) assert.equal(hit(0), 'ALLOW');
    for (let i = 0; i < 5; i++) assert.equal(hit(1), 'ALLOW');
    await nodes[0]!.exchange(now);
    await nodes[1]!.exchange(now);
    assert.ok(nodes[1]!.isSharing);
    assert.equal(hit(1), 'BLOCK', 'node 1 sees 12 requests (6 + 6) over the limit of 10; alone it has seen 6');
    await nodes[0]!.exchange(now);
    assert.equal(hit(0), 'BLOCK', 'node 0 sees them too');
    for (const c of compiled) c.dispose();
  });

  test('a long aggregation key is stored under a digest of fixed length', async () => {
    const { counters } = node();
    await ready(counters);
    const c = new SharedRateCounter(counters);
    const now = Date.now();
    c.increment('v'.repeat(100_000), 60, now);
    await c.exchange(now);
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) keys.push(...batch);
    await admin.close();
    assert.ok(keys.length > 0);
    for (const k of keys) assert.ok(k.length < PREFIX.length + 80, `key of ${k.length} chars`);
  });

  test('the number of shared keys is capped; keys past it still count locally', () => {
    const c = new SharedRateCounter(node().counters, { maxSharedKeys: 3 });
    const now = Date.now();
    for (let i = 0; i < 10; i++) c.increment(`k${i}`, 60, now);
    assert.equal(c.size, 3);
    assert.equal(c.increment('k0', 60, now), 2);
  });
});

test('Redis unreachable: no crash, one report, requests are decided on local counts and exchange never throws', async () => {
  // Port 1 on loopback: nothing listens there, so every connection is refused.
  const { counters, outages } = node('redis://127.0.0.1:1');
  const counter = new SharedRateCounter(counters);
  const compiled = rateAcl(10);
  const now = Date.now();
  const actions: string[] = [];
  for (let i = 0; i < 11; i++) {
    actions.push(evaluate(compiled, request({ clientIp: '127.0.0.7' }), { rateCounter: counter, now }).action);
    await counter.exchange(now);
  }
  assert.deepEqual(actions, [...Array<string>(10).fill('ALLOW'), 'BLOCK'], 'the local count still enforces the limit');
  assert.equal(counter.isSharing, false);
  // Let the client retry a few times: the outage is still reported once.
  while (outages.length === 0) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(outages.length, 1);
  compiled.dispose();
  await counter.stop();
});
