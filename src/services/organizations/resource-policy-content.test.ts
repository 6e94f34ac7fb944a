import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delegatableOperations, isDelegatableAction, resourcePolicyContentError } from './resource-policy-content.js';

const MGMT = '111111111111';
const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const allow = (extra: Record<string, unknown>) =>
  doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Resource: '*', ...extra });
const reasonOf = (content: string) => {
  const error = resourcePolicyContentError(content, 'aws', MGMT);
  return error === undefined ? undefined : (error.fields as { Reason?: string } | undefined)?.Reason;
};

test('reads and policy management are delegatable; account, organization and delegation changes are not', () => {
  for (const op of ['ListAccounts', 'DescribePolicy', 'DescribeResourcePolicy', 'CreatePolicy', 'AttachPolicy']) {
    assert.ok(delegatableOperations().has(op), op);
  }
  for (const op of ['CreateAccount', 'PutResourcePolicy', 'DeleteOrganization', 'RemoveAccountFromOrganization']) {
    assert.ok(!delegatableOperations().has(op), op);
  }
  assert.ok(isDelegatableAction('organizations:ListAccounts'));
  assert.ok(!isDelegatableAction('iam:ListAccounts'));
});

test('a valid delegation policy passes, wildcards included when they name something delegatable', () => {
  assert.equal(reasonOf(allow({ Action: ['organizations:ListAccounts', 'organizations:Describe*'] })), undefined);
  assert.equal(
    reasonOf(allow({ Action: 'organizations:AttachPolicy', Resource: `arn:aws:organizations::${MGMT}:policy/*` })),
    undefined,
  );
});

test('each refusal carries the model reason', () => {
  assert.equal(reasonOf('{'), 'INVALID_RESOURCE_POLICY_JSON');
  assert.equal(
    reasonOf(doc({ Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' })),
    'INVALID_PRINCIPAL',
  );
  assert.equal(reasonOf(allow({ Action: 'organizations:CreateAccount' })), 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
  assert.equal(reasonOf(allow({ Action: 'organizations:Create*Account' })), 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
  assert.equal(reasonOf(allow({ Action: 'kms:Decrypt' })), 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
  assert.equal(
    reasonOf(
      allow({ Action: 'organizations:ListAccounts', Resource: 'arn:aws:organizations::333333333333:account/*' }),
    ),
    'UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY',
  );
});

test('resources are this partition and management account Organizations ARNs, wildcards allowed', () => {
  const on = (Resource: string) => reasonOf(allow({ Action: 'organizations:DescribePolicy', Resource }));
  assert.equal(on('arn:aws:organizations::*:policy/*'), undefined);
  assert.equal(on(`arn:aws:organizations::${MGMT}:policy/o-abcdefghij/*`), undefined);
  assert.equal(on('arn:aws:s3:::bucket'), 'UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY');
  assert.equal(on('arn:aws-cn:organizations::*:policy/*'), 'UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY');
  assert.equal(on('not-an-arn'), 'INVALID_RESOURCE_POLICY_JSON');
});

test('a pathological action pattern is matched by the linear glob, not a backtracking regular expression', () => {
  // Built into a regular expression, `*?` repeated backtracked exponentially against each delegatable action name.
  assert.equal(
    reasonOf(allow({ Action: `organizations:${'*?'.repeat(14)}q` })),
    'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY',
  );
});
