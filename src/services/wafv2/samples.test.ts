// SampleStore: a bounded ring per metric, samples spread over the window, population counted beyond the ring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_HORIZON_MS, SAMPLES_PER_METRIC, SampleStore } from './samples.js';

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
