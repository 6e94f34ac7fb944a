// newEventId: version 7 UUIDs that sort by their time and differ within one millisecond.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newEventId } from './event-id.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('an event id is a version 7 UUID whose first 48 bits are the time', () => {
  const ms = Date.UTC(2026, 11, 6, 1, 2, 3, 456);
  const id = newEventId(ms);
  assert.match(id, V7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), ms);
});

test('ids sort as their times do, and ids of one millisecond differ', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 0, max: 2 ** 48 - 1 }), (a, b) => {
      const [x, y] = [newEventId(a), newEventId(b)];
      assert.match(x, V7);
      if (a < b) assert.ok(x < y);
      if (a > b) assert.ok(x > y);
    }),
  );
  const ids = new Set(Array.from({ length: 10_000 }, () => newEventId(1)));
  assert.equal(ids.size, 10_000);
});

test('a time outside what 48 bits hold is clamped, never a malformed id', () => {
  for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 1.5]) assert.match(newEventId(ms), V7);
  assert.ok(newEventId(-5).startsWith('00000000-0000-7'));
  assert.ok(newEventId(2 ** 60).startsWith('ffffffff-ffff-7'));
});
