// mapsPerOwner: one Map per owner, the same one each time it is asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapsPerOwner } from './maps-per-owner.js';

test('each owner has its own map, and gets the same one back', () => {
  const mapOf = mapsPerOwner<object, string, number>();
  const a = {};
  const b = {};
  mapOf(a).set('k', 1);
  assert.equal(mapOf(a).get('k'), 1);
  assert.equal(mapOf(b).get('k'), undefined);
  assert.equal(mapOf(a), mapOf(a));
  assert.notEqual(mapOf(a), mapOf(b));
  // Another family of maps shares nothing with the first.
  assert.equal(mapsPerOwner<object, string, number>()(a).size, 0);
});
