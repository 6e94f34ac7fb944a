// The WAF epoch cache: trusted, it answers from memory until told of a write; untrusted, it reads every time; a read
// that was out when a write was announced is never kept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../store/store.js';
import { storeBackends } from '../../../test/helpers/stores.js';
import { bumpWafEpoch, readWafEpoch, WafEpochCache, wafEpochCache, wafEpochMoved, wafEpochsReplaced } from './epoch.js';

const ACCOUNT = '111122223333';

for (const backend of storeBackends()) {
  describe(`WAF epoch cache (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(async () => {
      await store.close();
    });

    test('trusted: a write announced with moved() is seen, an unannounced one is not', async () => {
      const cache = new WafEpochCache(store.db, true);
      await bumpWafEpoch(store.db, ACCOUNT, store.dialect);
      const first = await cache.current(ACCOUNT, 0);
      assert.equal(first, await readWafEpoch(store.db, ACCOUNT));
      // Kept in memory: answered without a promise.
      assert.equal(cache.current(ACCOUNT, 0), first);
      await bumpWafEpoch(store.db, ACCOUNT, store.dialect);
      assert.equal(cache.current(ACCOUNT, 0), first, 'a trusted cache reads only when told');
      cache.moved(ACCOUNT);
      const second = await cache.current(ACCOUNT, 0);
      assert.notEqual(second, first);
      assert.equal(second, await readWafEpoch(store.db, ACCOUNT));
    });

    test('untrusted: every call reads, so an unannounced write is seen at once', async () => {
      const cache = new WafEpochCache(store.db, false);
      const before = await cache.current(ACCOUNT, 0);
      await bumpWafEpoch(store.db, ACCOUNT, store.dialect);
      const after = await cache.current(ACCOUNT, 0);
      assert.notEqual(after, before);
      assert.equal(after, await readWafEpoch(store.db, ACCOUNT));
    });

    test('a read out when a write is announced is returned to its callers but not kept', async () => {
      const cache = new WafEpochCache(store.db, true);
      const early = cache.current(ACCOUNT, 0);
      assert.ok(early instanceof Promise);
      cache.moved(ACCOUNT);
      await early;
      assert.ok(cache.current(ACCOUNT, 0) instanceof Promise, 'the early read was kept as current');
    });

    test("setTrusted drops what was kept; the store's own cache follows mutateWaf's and reset's announcements", async () => {
      const cache = new WafEpochCache(store.db, true);
      await cache.current(ACCOUNT, 0);
      cache.setTrusted(true);
      assert.ok(cache.current(ACCOUNT, 0) instanceof Promise);

      const shared = wafEpochCache(store);
      assert.equal(shared, wafEpochCache(store), 'one cache per store handle');
      // SQLite is one node's file: trusted from the start. PostgreSQL: only once a listener runs (epoch-listener.ts).
      assert.equal(shared.trusted, store.dialect === 'sqlite');
      shared.setTrusted(true);
      await shared.current(ACCOUNT, 0);
      assert.equal(typeof shared.current(ACCOUNT, 0), 'string');
      await wafEpochMoved(store, ACCOUNT);
      assert.ok(shared.current(ACCOUNT, 0) instanceof Promise);
      await shared.current(ACCOUNT, 0);
      await wafEpochsReplaced(store);
      assert.ok(shared.current(ACCOUNT, 0) instanceof Promise);
      await shared.current(ACCOUNT, 0);
    });
  });
}

test('followers are told every move in order, and followed() waits for every confirmation still out', async () => {
  // No read happens here: moves and trust changes touch only memory.
  const cache = new WafEpochCache(undefined as never, true);
  const told: string[] = [];
  const confirm: (() => void)[] = [];
  const stop = cache.follow(async (event) => {
    told.push(event.kind === 'moved' ? `moved ${event.account}` : event.kind);
    await new Promise<void>((r) => confirm.push(r));
  });
  cache.moved('111111111111');
  cache.moved('222222222222');
  cache.setTrusted(false);
  assert.deepEqual(told, ['moved 111111111111', 'moved 222222222222', 'trusted']);
  // Two writes waiting at once: neither returns before every confirmation outstanding, its own included.
  let firstDone = false;
  let secondDone = false;
  const first = cache.followed().then(() => (firstDone = true));
  const second = cache.followed().then(() => (secondDone = true));
  confirm[0]!();
  await new Promise((r) => setImmediate(r));
  assert.equal(firstDone || secondDone, false);
  confirm[1]!();
  confirm[2]!();
  await Promise.all([first, second]);
  assert.ok(firstDone && secondDone);
  stop();
  cache.movedAll();
  assert.equal(told.length, 3, 'a follower that stopped is told nothing more');
  await cache.followed();
});
