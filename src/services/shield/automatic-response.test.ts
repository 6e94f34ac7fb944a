// Which sources an automatic mitigation acts on: the heaviest ones that make up the attack, never the light ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mitigationSources } from './automatic-response.js';

test('one source holding the attack is chosen; a light source beside it is not', () => {
  const top = [
    { name: '127.0.0.3', value: 20 },
    { name: '127.0.0.2', value: 980 },
  ];
  assert.deepEqual(mitigationSources(top, 1000), ['127.0.0.2']);
});

test('sources are added heaviest first until they hold 90% of the requests', () => {
  const top = [
    { name: 'a', value: 400 },
    { name: 'b', value: 300 },
    { name: 'c', value: 200 },
    { name: 'd', value: 100 },
  ];
  assert.deepEqual(mitigationSources(top, 1000), ['a', 'b', 'c']);
});

test('a source under 5% of the attack is never chosen, even when coverage is short', () => {
  const top = Array.from({ length: 30 }, (_, i) => ({ name: `s${i}`, value: 10 }));
  assert.deepEqual(mitigationSources(top, 300), []);
  const wide = Array.from({ length: 30 }, (_, i) => ({ name: `s${i}`, value: 100 }));
  assert.equal(mitigationSources(wide, 1000).length, 9);
});

test('so at most 18 sources; nothing for an empty attack', () => {
  const top = Array.from({ length: 25 }, (_, i) => ({ name: `s${i}`, value: 50 }));
  assert.equal(mitigationSources(top, 1000).length, 18);
  assert.deepEqual(mitigationSources([], 0), []);
  assert.deepEqual(mitigationSources([{ name: 'a', value: 5 }], 0), []);
});
