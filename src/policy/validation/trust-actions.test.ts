// Trust-policy Action wildcards match case-insensitively, and linearly: `*?*?…` once took seconds to refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustPolicyAction } from './actions.js';

test(
  'trust-policy actions: names, wildcards, case, and patterns that backtrack in a regular expression',
  { timeout: 60_000 },
  () => {
    for (const yes of [
      'sts:AssumeRole',
      'STS:assumerole',
      'sts:*',
      '*',
      'sts:Assume*',
      'sts:?ssumeRole',
      'sts:TagSess*',
    ])
      assert.equal(isTrustPolicyAction(yes), true, yes);
    for (const no of ['s3:GetObject', 'sts:AssumeRol', 'sts:Assume', 'iam:*', 'sts:AssumeRole?'])
      assert.equal(isTrustPolicyAction(no), false, no);
    // Exponential for a backtracking regex (12 seconds at 14 pairs); the answer is still "no".
    assert.equal(isTrustPolicyAction(`${'*?'.repeat(40)}Z`), false);
    assert.equal(isTrustPolicyAction(`${'*?'.repeat(10)}y`), true, 'sts:AssumeRoleWithWebIdentity ends in y');
  },
);
