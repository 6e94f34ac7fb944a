// The key-policy lockout check reads Action wildcards case-insensitively and linearly (no regex built from the policy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKeyPolicy } from './policy.js';
import { rootIdentity } from '../../../test/helpers/test-context.js';

const root = rootIdentity('111122223333');
const withAction = (action: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: action, Resource: '*' }],
  });

test(
  'lockout check: Action wildcards, case, and a pattern that backtracks exponentially as a regex',
  { timeout: 60_000 },
  () => {
    for (const ok of [
      'kms:PutKeyPolicy',
      'KMS:putkeypolicy',
      'kms:Put*',
      'kms:*Policy',
      '*',
      ['kms:Encrypt', 'kms:?utKeyPolicy'],
    ])
      assert.doesNotThrow(() => checkKeyPolicy(withAction(ok), root, false), JSON.stringify(ok));
    for (const locked of ['kms:GetKeyPolicy', 'kms:PutKeyPolicy?', `${'*?'.repeat(40)}Z`])
      assert.throws(
        () => checkKeyPolicy(withAction(locked), root, false),
        /MalformedPolicyDocument|will not allow/,
        locked,
      );
  },
);
