// The in-memory sliding window: counts within the window, forgets after it, bounds its keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HELD_KEY_CHARS, MemoryRateCounter } from './rate-limit.js';

test('counts slide: hits older than the window stop counting', () => {
  const c = new MemoryRateCounter();
  assert.equal(c.increment('k', 60, 0), 1);
  assert.equal(c.increment('k', 60, 30_000), 2);
  assert.equal(c.increment('k', 60, 59_000), 3);
  assert.equal(c.increment('k', 60, 61_000), 3, 'the hit at 0 s left the window');
  assert.equal(c.increment('k', 60, 200_000), 1);
  assert.equal(c.increment('other', 60, 200_000), 1);
  assert.equal(c.increment('k', 600, 200_000), 1, 'each window length counts apart');
});

test('the number of keys is bounded', () => {
  const c = new MemoryRateCounter(3);
  for (let i = 0; i < 10; i++) c.increment(`k${i}`, 60, 0);
  assert.equal(c.size, 3);
});

test('a long key is held as a digest: still counted apart from others, its memory bounded', () => {
  const c = new MemoryRateCounter();
  const long = 'v'.repeat(16_384);
  assert.equal(c.increment(`${long}a`, 60, 0), 1);
  assert.equal(c.increment(`${long}a`, 60, 1000), 2);
  assert.equal(c.increment(`${long}b`, 60, 1000), 1, 'keys differing past the limit count apart');
  assert.equal(c.increment('short', 60, 1000), 1);
  const held = [...(Reflect.get(c, 'windows') as Map<string, unknown>).keys()];
  assert.equal(held.length, 3);
  for (const id of held) assert.ok(id.length <= MAX_HELD_KEY_CHARS + 8, `held key of ${id.length} chars`);
});

test('the memory keys take is bounded in bytes, not only in number: long keys evict sooner', () => {
  const budget = 64 * 1024;
  const c = new MemoryRateCounter(1_000_000, budget);
  for (let i = 0; i < 1000; i++) c.increment(`${i}:${'x'.repeat(MAX_HELD_KEY_CHARS - 10)}`, 60, 0);
  assert.ok(c.bytes <= budget, `${c.bytes} bytes held`);
  assert.ok(c.size < 100, `${c.size} long keys held in ${budget} bytes`);
  // Short keys fit more to the same budget, and the newest key always counts.
  for (let i = 0; i < 1000; i++) c.increment(`s${i}`, 60, 0);
  assert.ok(c.bytes <= budget);
  assert.ok(c.size > 100);
  assert.equal(c.increment('s999', 60, 1), 2);
});
