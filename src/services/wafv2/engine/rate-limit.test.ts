// The in-memory sliding window: counts within the window, forgets after it, bounds its keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryRateCounter } from './rate-limit.js';

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
