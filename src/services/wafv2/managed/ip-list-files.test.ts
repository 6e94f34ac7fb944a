// Managed IP lists: a failed read is retried with backoff (no restart needed), a good one is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FIRST_RETRY_MS, ManagedIpListCache, ManagedIpListsUnavailable, managedIpListFile } from './ip-list-files.js';
import { managedIpListArn } from './groups/ip-lists.js';

test('a malformed list fails the read; once the operator fixes it, the retry after the backoff reads it', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'waf-ip-lists-'));
  const file = managedIpListFile(dataDir, 'AWSManagedIPReputationList');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, '192.0.2.0/24\nnot-an-address\n');
  let now = 1_000_000;
  const failures: number[] = [];
  const cache = new ManagedIpListCache(
    dataDir,
    (_err, n) => failures.push(n),
    () => now,
  );
  await assert.rejects(cache.get(), ManagedIpListsUnavailable);
  await writeFile(file, '192.0.2.0/24\n');
  await assert.rejects(cache.get(), ManagedIpListsUnavailable, 'within the backoff the failure stands');
  assert.deepEqual(failures, [1], 'reported once per read, not per request');
  now += FIRST_RETRY_MS;
  const lists = await cache.get();
  assert.deepEqual(lists.get(managedIpListArn('AWSManagedIPReputationList')), ['192.0.2.0/24']);
  await writeFile(file, 'broken again\n');
  assert.equal(await cache.get(), lists, 'a good read is kept');
});

test('the backoff doubles with each failure and is capped', async () => {
  let now = 0;
  const reads: number[] = [];
  const cache = new ManagedIpListCache(
    '/unused',
    () => {},
    () => now,
    async () => {
      reads.push(now);
      throw new Error('unreadable');
    },
  );
  for (let i = 0; i < 30; i++) {
    await cache.get().catch(() => {});
    now += 1_000;
  }
  // Reads at 0, then 1 s, 2 s, 4 s, 8 s after each failure (rounded up to the next whole second of this loop).
  assert.deepEqual(reads.slice(0, 5), [0, 1_000, 3_000, 7_000, 15_000]);
  const capped = new ManagedIpListCache(
    '/unused',
    () => {},
    () => now,
    async () => {
      throw new Error('unreadable');
    },
  );
  const seen: number[] = [];
  for (let i = 0; i < 40; i++) {
    await capped.get().catch((err: Error) => seen.push(Date.parse(err.message.split('after ')[1]!) - now));
    now += 10 * 60_000;
  }
  assert.ok(Math.max(...seen) <= 5 * 60_000, 'never more than five minutes');
});
