// JA3Fingerprint / JA4Fingerprint as FieldToMatch and as rate-based custom keys, with and without the listener's fingerprints.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWebAcl, evaluate, MemoryRateCounter, type CompiledWebAcl } from './index.js';
import type { InspectedRequest } from '../../../core/traffic.js';
import type { Statement } from './types.js';
import { acl, blockRule, none, request, resolver } from './test-support.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

const JA3 = 'e7d705a3286e19ea42f587b344ee6865';
const JA4 = 't13d1516h2_8daaf6152771_02713d6af862';
const tls = (ja3 = JA3, ja4 = JA4): InspectedRequest => request({ scheme: 'https', tlsFingerprints: { ja3, ja4 } });

function compile(statement: Statement): CompiledWebAcl {
  const c = compileWebAcl(acl([blockRule('r', 0, statement)]), resolver());
  compiled.push(c);
  return c;
}

const exactly = (field: object, value: string): Statement => ({
  ByteMatchStatement: {
    SearchString: value,
    PositionalConstraint: 'EXACTLY',
    FieldToMatch: field,
    TextTransformations: none,
  },
});

test('a fingerprint present is matched; absent, FallbackBehavior decides', () => {
  const blocks = (s: Statement, r: InspectedRequest) =>
    evaluate(compile(s), r, { rateCounter: new MemoryRateCounter() }).action === 'BLOCK';
  const ja3 = exactly({ JA3Fingerprint: { FallbackBehavior: 'NO_MATCH' } }, JA3);
  assert.equal(blocks(ja3, tls()), true);
  assert.equal(blocks(ja3, tls('0'.repeat(32))), false);
  assert.equal(blocks(ja3, request()), false);
  const ja4 = exactly({ JA4Fingerprint: { FallbackBehavior: 'MATCH' } }, JA4);
  assert.equal(blocks(ja4, tls()), true);
  assert.equal(blocks(ja4, tls(JA3, `${JA4.slice(0, -1)}0`)), false);
  assert.equal(blocks(ja4, request()), true);
});

test('rate-based custom keys JA3 / JA4 count per fingerprint; without one the fallback decides', () => {
  const rate = (key: 'JA3Fingerprint' | 'JA4Fingerprint', FallbackBehavior: string): CompiledWebAcl =>
    compile({
      RateBasedStatement: {
        Limit: 1,
        EvaluationWindowSec: 60,
        AggregateKeyType: 'CUSTOM_KEYS',
        CustomKeys: [{ [key]: { FallbackBehavior } }],
      },
    });
  const state = { rateCounter: new MemoryRateCounter() };
  const perJa3 = rate('JA3Fingerprint', 'NO_MATCH');
  assert.deepEqual(
    [tls(), tls(), tls('1'.repeat(32)), request(), request()].map((r) => evaluate(perJa3, r, state).action),
    ['ALLOW', 'BLOCK', 'ALLOW', 'ALLOW', 'ALLOW'],
  );
  const perJa4 = rate('JA4Fingerprint', 'MATCH');
  const s2 = { rateCounter: new MemoryRateCounter() };
  assert.deepEqual(
    [tls(), tls(JA3, `${JA4.slice(0, -1)}0`), tls(), request()].map((r) => evaluate(perJa4, r, s2).action),
    ['ALLOW', 'ALLOW', 'BLOCK', 'BLOCK'],
  );
});
