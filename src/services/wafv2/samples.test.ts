// SampleStore: a bounded ring per metric, samples spread over the window, population counted beyond the ring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_HORIZON_MS, SAMPLES_PER_METRIC, SampleStore, sampleBytes } from './samples.js';

const sample = (at: number, uri: string) => ({ at, sampled: { Request: { URI: uri }, Action: 'ALLOW' } });

test('keeps the latest 500 per metric, counts every request of the window, spreads MaxItems over those kept', () => {
  const store = new SampleStore();
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
  for (let i = 0; i < 1200; i++) store.add('acl', 'm', sample(base + i * 100, `/${i}`));
  store.add('acl', 'other', sample(base, '/x'));
  const all = store.query('acl', 'm', base, base + 1200 * 100, 500);
  assert.equal(all.samples.length, SAMPLES_PER_METRIC);
  assert.equal(all.samples[0]!.sampled.Request.URI, '/700');
  assert.equal(all.population, 1200);
  const few = store.query('acl', 'm', base, base + 1200 * 100, 5);
  assert.deepEqual(
    few.samples.map((s) => s.sampled.Request.URI),
    ['/700', '/800', '/900', '/1000', '/1100'],
  );
  assert.deepEqual(store.query('acl', 'none', base, base + 1e6, 5), { samples: [], population: 0 });
  assert.equal(store.query('acl', 'other', base, base + 1e6, 5).samples.length, 1);
});

test('minutes past the three-hour horizon stop counting towards the population', () => {
  const store = new SampleStore();
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 4 * 60 * 60_000;
  store.add('acl', 'm', sample(base, '/old'));
  store.add('acl', 'm', sample(base + 1000, '/old2'));
  const later = base + SAMPLE_HORIZON_MS + 60_000;
  store.add('acl', 'm', sample(later, '/new'));
  store.add('acl', 'm', sample(later + 1000, '/new2'));
  assert.equal(store.query('acl', 'm', base, later + 1000, 10).population, 2);
});

/** A sample as large as the visibility caps allow: 200 headers of 256 + 4,096 characters. */
const large = (at: number, uri: string) => ({
  at,
  sampled: {
    Request: {
      ClientIP: '127.0.0.1',
      URI: uri,
      Method: 'GET',
      HTTPVersion: 'HTTP/1.1',
      Headers: Array.from({ length: 200 }, (_, i) => ({ Name: `h${i}`.padEnd(256, 'n'), Value: 'v'.repeat(4_096) })),
    },
    Action: 'BLOCK',
  },
});

test('memory is bounded in bytes: large samples evict the least recently written metric first, then the oldest', () => {
  const budget = 8 * 1024 * 1024;
  const store = new SampleStore(budget);
  const one = sampleBytes(large(0, '/'));
  assert.ok(one > 1_000_000, `a large sample is estimated at ${one} bytes`);
  // Whole minutes: the population of a whole minute comes from its count, not from the samples kept.
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
  store.add('acl', 'old', large(base, '/old'));
  for (let i = 0; i < 20; i++) store.add('acl', 'hot', large(base + i, `/${i}`));
  assert.ok(store.bytes <= budget, `${store.bytes} bytes held`);
  assert.equal(store.query('acl', 'old', base, base + 1e6, 10).samples.length, 0, 'the other metric went first');
  const kept = store.query('acl', 'hot', base, base + 120_000, 500);
  assert.ok(kept.samples.length >= 3 && kept.samples.length < 20, `${kept.samples.length} kept`);
  assert.equal(kept.samples.at(-1)!.sampled.Request.URI, '/19', 'the newest is kept');
  assert.equal(kept.population, 20, 'forgotten samples still count in the population');
  // Small samples fit far more to the same budget.
  for (let i = 0; i < 500; i++) store.add('acl', 'small', sample(base + i, `/s${i}`));
  assert.equal(store.query('acl', 'small', base, base + 1e6, 500).samples.length, 500);
  assert.ok(store.bytes <= budget);
});
