// The policy engine's per-decision shortcuts (issue 19) checked against the straightforward code they replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arnAccount } from './arn.js';
import { ConditionContext, type ContextInput } from './context.js';

/** arnAccount as it was: the fifth of at most five colon-separated pieces. */
function referenceArnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':', 5);
  return parts.length === 5 ? parts[4] : undefined;
}

test('arnAccount reads the account as splitting on colons does', () => {
  const arnLike = fc
    .array(fc.constantFrom('arn', ':', '::', 'aws', 's3', '123456789012', 'a', ''), { maxLength: 10 })
    .map((pieces) => pieces.join(''));
  fc.assert(
    fc.property(fc.oneof(arnLike, fc.string({ maxLength: 30 })), (arn) => {
      assert.equal(arnAccount(arn), referenceArnAccount(arn));
    }),
    { numRuns: 5000 },
  );
  assert.equal(arnAccount('arn:aws:iam::123456789012:user/x'), '123456789012');
  assert.equal(arnAccount('arn:aws:s3:::bucket'), '');
  assert.equal(arnAccount('arn:aws:s3:eu'), undefined);
});

/** The context as it was indexed: every key lower-cased afresh, later keys replacing earlier ones. */
function referenceLookup(input: ContextInput, key: string): string | readonly string[] | undefined {
  const values = new Map<string, string | readonly string[]>();
  for (const [k, v] of Object.entries(input)) {
    const lower = k.toLowerCase();
    if (v === undefined) values.delete(lower);
    else if (typeof v === 'string') values.set(lower, v);
    else if (typeof v === 'number' || typeof v === 'boolean') values.set(lower, String(v));
    else values.set(lower, v.map(String));
  }
  return values.get(key);
}

test('context keys are looked up case-insensitively, the last of two spellings winning, as before', () => {
  const keyName = fc.constantFrom('aws:SourceIp', 'AWS:SOURCEIP', 'aws:sourceip', 'aws:PrincipalTag/Team', 'x', 'X');
  const value = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
    fc.constant(undefined),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(keyName, value), { maxLength: 8 }), (entries) => {
      const input: Record<string, (typeof entries)[number][1]> = {};
      for (const [k, v] of entries) input[k] = v;
      const ctx = new ConditionContext(input);
      for (const key of ['aws:sourceip', 'aws:principaltag/team', 'x']) {
        assert.deepEqual(ctx.get(key), referenceLookup(input, key));
      }
    }),
    { numRuns: 2000 },
  );
});

test('key names beyond the memo bound are still lower-cased right', () => {
  // More distinct names than the lower-case memo keeps (it starts over when full), each looked up after.
  const input: Record<string, string> = {};
  for (let i = 0; i < 5000; i++) input[`aws:RequestTag/Tag${i}`] = `v${i}`;
  const ctx = new ConditionContext(input);
  for (const i of [0, 4095, 4096, 4999]) assert.equal(ctx.get(`aws:requesttag/tag${i}`), `v${i}`);
  assert.ok(ctx.has('AWS:REQUESTTAG/TAG0'));
  assert.equal(new ConditionContext({ 'aws:RequestTag/Tag0': 'again' }).get('aws:requesttag/tag0'), 'again');
});
