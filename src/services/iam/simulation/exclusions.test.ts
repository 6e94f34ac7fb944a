// PolicyExclusionList wildcards: `*` and `?` over policy ARNs and attachment names, matched linearly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputPolicy, isExcluded } from './policies.js';

const doc = JSON.stringify({ Version: '2012-10-17', Statement: [] });
const arn = `arn:aws:iam::111122223333:policy/${'a'.repeat(60)}`;
const managed = { ...inputPolicy(doc, 'p', 'managed'), arn };

test('exclusion ARN patterns: wildcards, and one that backtracks exponentially as a regex', { timeout: 60_000 }, () => {
  assert.equal(isExcluded(managed, false, [{ PolicyArn: arn }]), true);
  assert.equal(isExcluded(managed, false, [{ PolicyArn: 'arn:aws:iam::111122223333:policy/*' }]), true);
  assert.equal(isExcluded(managed, false, [{ PolicyArn: 'arn:aws:iam::????????????:policy/a*a' }]), true);
  assert.equal(isExcluded(managed, false, [{ PolicyArn: 'arn:aws:iam::111122223333:policy/b*' }]), false);
  assert.equal(
    isExcluded(managed, false, [{ PolicyArn: 'ARN:aws:iam::111122223333:policy/*' }]),
    false,
    'case-sensitive',
  );
  // Seven seconds at six `*a` as a regular expression; the answer is still "no".
  assert.equal(isExcluded(managed, false, [{ PolicyArn: `${'*a'.repeat(30)}b` }]), false);
  assert.equal(isExcluded(managed, false, [{ PolicyArn: `${'*a'.repeat(30)}` }]), true);
});
