import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessCounters } from './workers.js';

test("ProcessCounters adds every worker's deltas, as Redis's INCRBY with a TTL, and forgets a key once it expires", async () => {
  let now = 1_000_000;
  const counters = new ProcessCounters(() => now);
  assert.deepEqual(await counters.exchange([{ key: 'a', delta: 3, ttlMs: 1000 }], ['a', 'b']), [3, 0]);
  assert.deepEqual(
    await counters.exchange(
      [
        { key: 'a', delta: 4, ttlMs: 1000 },
        { key: 'b', delta: 1, ttlMs: 1000 },
      ],
      ['a', 'b'],
    ),
    [7, 1],
  );
  now += 999;
  assert.deepEqual(await counters.exchange([], ['a']), [7]);
  now += 1;
  assert.deepEqual(await counters.exchange([], ['a']), [0], 'expired');
  assert.deepEqual(await counters.exchange([{ key: 'a', delta: 2, ttlMs: 1000 }], ['a']), [2], 'counts afresh');
  // Expired keys are swept (at most every 10 s): memory follows what the workers still count.
  now += 20_000;
  await counters.exchange([{ key: 'c', delta: 1, ttlMs: 1000 }], []);
  assert.equal(counters.size, 1);
});
