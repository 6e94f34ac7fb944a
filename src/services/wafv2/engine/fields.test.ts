// Per-request field values: chains that begin alike share their beginning, and each chain still sees its own text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileField,
  compileInspection as compileWith,
  inspect,
  InspectionSlots,
  type CompiledField,
} from './fields.js';
import { compileTransforms, type TransformChain } from './transforms.js';
import { RequestView } from './request-view.js';
import { compileWebAcl, evaluate, MemoryRateCounter, type CompiledWebAcl } from './index.js';
import type { Statement, TextTransformation } from './types.js';
import { acl, blockRule, request, resolver } from './test-support.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

/** One web ACL's numbering, as compileWebAcl makes it. */
let slots = new InspectionSlots();
const compileInspection = (field: CompiledField, chain: TransformChain) => compileWith(field, chain, slots);

const tt = (...types: string[]): TextTransformation[] => types.map((Type, Priority) => ({ Priority, Type }));
const formPost = (body: string) =>
  new RequestView(request({ method: 'POST', query: 'q=%3CB%3E', body: Buffer.from(body) }));

test('chains sharing their first steps each give their own values, whichever a request asks for first', () => {
  slots = new InspectionSlots();
  const body = compileField({ Body: {} });
  const decodedLower = compileInspection(body, compileTransforms(tt('URL_DECODE', 'LOWERCASE')));
  const decodedUpper = compileInspection(body, compileTransforms(tt('URL_DECODE', 'UPPERCASE')));
  const decoded = compileInspection(body, compileTransforms(tt('URL_DECODE')));
  const raw = compileInspection(body, compileTransforms([]));
  const sent = 'Name=A%42c+d';
  for (const order of [
    [decodedLower, decodedUpper, decoded, raw],
    [raw, decoded, decodedUpper, decodedLower],
    [decodedUpper, raw, decodedLower, decoded],
  ]) {
    const view = formPost(sent);
    const got = new Map(order.map((i) => [i, inspect(i, view)]));
    assert.deepEqual(got.get(decodedLower), ['name=abc d']);
    assert.deepEqual(got.get(decodedUpper), ['NAME=ABC D']);
    assert.deepEqual(got.get(decoded), ['Name=ABc d']);
    assert.deepEqual(got.get(raw), [sent]);
  }
});

test("a chain's shared beginning runs once per request; different fields and requests do not share it", () => {
  slots = new InspectionSlots();
  const calls: string[] = [];
  const counted = (name: string, fn: (s: string) => string) => (s: string) => {
    calls.push(`${name}(${s})`);
    return fn(s);
  };
  const decode = counted('decode', decodeURIComponent);
  const chain = (key: string, steps: ((s: string) => string)[]): TransformChain => ({
    key,
    apply: (s) => steps.reduce((v, f) => f(v), s),
    steps,
    prefixKeys: key
      .split(',')
      .map((_, k, all) => all.slice(0, k).join(','))
      .concat(key),
  });
  const lower = chain('D,L', [decode, counted('lower', (s) => s.toLowerCase())]);
  const upper = chain('D,U', [decode, counted('upper', (s) => s.toUpperCase())]);
  const body = compileField({ Body: {} });
  const query = compileField({ QueryString: {} });
  const view = formPost('%41b');
  assert.deepEqual(inspect(compileInspection(body, lower), view), ['ab']);
  assert.deepEqual(inspect(compileInspection(body, upper), view), ['AB']);
  assert.deepEqual(inspect(compileInspection(body, lower), view), ['ab']);
  assert.deepEqual(inspect(compileInspection(query, upper), view), ['Q=<B>']);
  assert.deepEqual(calls, ['decode(%41b)', 'lower(Ab)', 'upper(Ab)', 'decode(q=%3CB%3E)', 'upper(q=<B>)']);
  calls.length = 0;
  assert.deepEqual(inspect(compileInspection(body, upper), formPost('%41b')), ['AB']);
  assert.deepEqual(calls, ['decode(%41b)', 'upper(Ab)']);
});

test('an oversize body decided by OversizeHandling is never transformed or kept', () => {
  const field = compileField({ Body: { OversizeHandling: 'MATCH' } });
  const inspection = compileInspection(field, compileTransforms(tt('URL_DECODE', 'LOWERCASE')));
  const view = new RequestView(request({ method: 'POST', body: Buffer.from('A'), bodyTruncated: true }));
  assert.equal(inspect(inspection, view), true);
  assert.equal(view.values.length, 0);
});

test('rules inspecting one field through different chains each match their own transformed text', () => {
  const byte = (word: string, types: string[]): Statement => ({
    ByteMatchStatement: {
      SearchString: word,
      PositionalConstraint: 'CONTAINS',
      FieldToMatch: { Body: {} },
      TextTransformations: tt(...types),
    },
  });
  const rules = [
    blockRule('decoded-lower', 0, byte('<script', ['URL_DECODE', 'LOWERCASE'])),
    blockRule('decoded-entities', 1, byte('<img', ['URL_DECODE', 'HTML_ENTITY_DECODE'])),
    blockRule('decoded', 2, byte('%zz', ['URL_DECODE'])),
  ];
  const c = compileWebAcl(acl(rules), resolver());
  compiled.push(c);
  const verdict = (body: string) =>
    evaluate(c, request({ method: 'POST', body: Buffer.from(body) }), { rateCounter: new MemoryRateCounter() })
      .terminatingRuleId;
  assert.equal(verdict('a=%3CSCRIPT%3E'), 'decoded-lower');
  // LOWERCASE's values are not what the next chain continues from: `<IMG` is not `<img`.
  assert.equal(verdict('a=%26lt;img'), 'decoded-entities');
  assert.equal(verdict('a=%26lt;IMG'), 'Default_Action');
  assert.equal(verdict('a=%zz'), 'decoded');
  assert.equal(verdict('a=b'), 'Default_Action');
});

test('a web ACL numbers each field after each number of steps once; what a request keeps is bounded by that', () => {
  slots = new InspectionSlots();
  const body = compileField({ Body: {} });
  const a = compileInspection(body, compileTransforms(tt('URL_DECODE', 'LOWERCASE')));
  const b = compileInspection(body, compileTransforms(tt('URL_DECODE', 'UPPERCASE')));
  const c = compileInspection(compileField({ UriPath: {} }), compileTransforms(tt('URL_DECODE', 'LOWERCASE')));
  assert.deepEqual(a.slots, [0, 1, 2]);
  assert.deepEqual(b.slots, [0, 1, 3]);
  assert.deepEqual(c.slots, [4, 5, 6]);
  const view = formPost('X');
  for (const i of [a, b, c, a, b, c]) inspect(i, view);
  assert.equal(view.values.length, 7);
});
