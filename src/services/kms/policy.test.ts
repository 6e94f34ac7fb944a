// Unit tests for key policies: AWS's default policy and the lockout safety check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKeyPolicy, defaultKeyPolicy } from './policy.js';
import { rootIdentity } from '../../../test/helpers/test-context.js';
import type { CallerIdentity } from '../../aws/identity.js';

const root = rootIdentity('111122223333');
const user: CallerIdentity = {
  type: 'IAMUser',
  accountId: '111122223333',
  partition: 'aws',
  arn: 'arn:aws:iam::111122223333:user/admin',
  principalId: 'AIDAEXAMPLE',
  userName: 'admin',
};
const policy = (principal: unknown, action: unknown, extra: object = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: '*', ...extra }],
  });

test('the default policy lets the account root do anything with the key, pretty-printed as AWS does', () => {
  const doc = defaultKeyPolicy('aws-cn', '111122223333');
  assert.match(doc, /"Sid" : "Enable IAM User Permissions"/);
  assert.deepEqual(JSON.parse(doc).Statement[0].Principal, { AWS: 'arn:aws-cn:iam::111122223333:root' });
  assert.doesNotThrow(() => checkKeyPolicy(doc, rootIdentity('111122223333', { partition: 'aws-cn' }), false));
});

test('the lockout check passes when the caller, its account or everyone may still PutKeyPolicy', () => {
  assert.doesNotThrow(() => checkKeyPolicy(policy({ AWS: '111122223333' }, 'kms:*'), user, false));
  assert.doesNotThrow(() => checkKeyPolicy(policy({ AWS: user.arn }, ['kms:Put*']), user, false));
  assert.doesNotThrow(() => checkKeyPolicy(policy('*', '*'), user, false));
});

test('the lockout check fails otherwise, unless bypassed; malformed documents always fail', () => {
  const locked = policy({ AWS: 'arn:aws:iam::111122223333:user/other' }, 'kms:*');
  assert.throws(() => checkKeyPolicy(locked, user, false), { code: 'MalformedPolicyDocumentException' });
  assert.throws(() => checkKeyPolicy(policy({ AWS: user.arn }, 'kms:Decrypt'), user, false), {
    message: 'The new key policy will not allow you to update the key policy in the future.',
  });
  assert.doesNotThrow(() => checkKeyPolicy(locked, user, true));
  assert.throws(() => checkKeyPolicy('[]', root, true), { code: 'MalformedPolicyDocumentException' });
  assert.throws(() => checkKeyPolicy('{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"*"}]}', root, true), {
    code: 'MalformedPolicyDocumentException',
  });
});
