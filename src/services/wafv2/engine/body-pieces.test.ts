// A body's pieces for libinjection: a JSON body's keys and strings, a form's names and values, nothing for other text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyPieces, MAX_BODY_PIECES } from './body-pieces.js';
import { RequestView } from './request-view.js';
import { request } from './test-support.js';

const pieces = (body: string) => bodyPieces(new RequestView(request({ method: 'POST', body: Buffer.from(body) })));

test('a JSON body gives its keys and scalar values, strings unescaped, empty strings left out', () => {
  assert.deepEqual(pieces(' {"a":"x \\" y","n":[1,true,""],"o":{"k":null}}'), [
    'a',
    'x " y',
    'n',
    '1',
    'true',
    'o',
    'k',
    'null',
  ]);
});

test('a form body gives its names and values as sent (still percent-encoded); bare words count as names', () => {
  assert.deepEqual(pieces('name=alex&comment=%27%20or%201%3D1--&flag&=v&k='), [
    'name',
    'alex',
    'comment',
    '%27%20or%201%3D1--',
    'flag',
    'v',
    'k',
  ]);
});

test('text that is neither JSON nor name=value pairs has no pieces (the whole body is still inspected)', () => {
  assert.deepEqual(pieces("plain text with ' or true-- inside"), []);
  assert.deepEqual(pieces(''), []);
});

test(`at most ${MAX_BODY_PIECES} pieces, however many fields the body has`, () => {
  assert.equal(pieces('a=1&'.repeat(1000)).length, MAX_BODY_PIECES);
  assert.equal(pieces(JSON.stringify(Array.from({ length: 1000 }, (_, i) => `v${i}`))).length, MAX_BODY_PIECES);
});
