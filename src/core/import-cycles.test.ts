// No module imports itself through others: cycles make load order matter and hide which layer depends on which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

test('no import cycles among the sources (type-only imports included)', async () => {
  const src = fileURLToPath(new URL('../', import.meta.url));
  const graph = await madge(src, { fileExtensions: ['ts'], excludeRegExp: [/\.test\.ts$/] });
  assert.deepEqual(graph.circular(), []);
});
