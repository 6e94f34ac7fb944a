// The tolerant JSON reader: pointers, escapes, partial documents and the nesting bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonTokens } from './json-tokens.js';

test('keys and values with JSON pointers', () => {
  const r = readJsonTokens('{"a":{"b/c":[1,"x",true]},"d":null}');
  assert.equal(r.complete, true);
  assert.deepEqual(
    r.tokens.map((t) => `${t.kind} ${t.pointer} ${t.text}`),
    [
      'key /a a',
      'key /a/b~1c b/c',
      'value /a/b~1c/0 1',
      'value /a/b~1c/1 x',
      'value /a/b~1c/2 true',
      'key /d d',
      'value /d null',
    ],
  );
  assert.equal(readJsonTokens('"\\u0041\\n"').tokens[0]!.text, 'A\n');
});

test('a truncated or invalid document keeps what was read before the failure', () => {
  const r = readJsonTokens('{"a":"1","b":"2');
  assert.equal(r.complete, false);
  assert.deepEqual(
    r.tokens.map((t) => t.text),
    ['a', '1', 'b'],
  );
  assert.equal(readJsonTokens('{"a":1} trailing').complete, false);
  assert.equal(readJsonTokens('[1 2]').complete, false);
});

test('nesting deeper than the bound stops parsing instead of recursing', () => {
  const r = readJsonTokens(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  assert.equal(r.complete, false);
});
