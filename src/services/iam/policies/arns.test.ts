// Policy ARNs: parsed from requests as IAM does, stored in one partition, shown in the caller's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inPartition, isAwsManaged, resolvePolicyArn, storedPolicyArn } from './arns.js';

test('an ARN in the caller’s partition resolves to its stored (aws) form and owner', () => {
  assert.deepEqual(resolvePolicyArn('arn:aws-cn:iam::123456789012:policy/team/Read', 'aws-cn'), {
    stored: 'arn:aws:iam::123456789012:policy/team/Read',
    owner: '123456789012',
  });
  const admin = resolvePolicyArn('arn:aws:iam::aws:policy/AdministratorAccess', 'aws');
  assert.ok(admin && isAwsManaged(admin));
});

test('ARNs that cannot name a visible managed policy resolve to nothing', () => {
  assert.equal(resolvePolicyArn('arn:aws:iam::123456789012:policy/Read', 'aws-cn'), undefined, 'other partition');
  assert.equal(resolvePolicyArn('arn:aws:iam::123456789012:user/alice', 'aws'), undefined, 'not a policy');
  assert.equal(resolvePolicyArn('arn:aws:s3:::bucket/policy/x', 'aws'), undefined, 'not IAM');
  assert.equal(resolvePolicyArn('arn:aws:iam::123456789012:policy/team/', 'aws'), undefined, 'no name');
});

test('text that is no ARN is AWS’s ValidationError, double space included', () => {
  assert.throws(
    () => resolvePolicyArn('just-a-policy-name-here', 'aws'),
    (err: any) => err.code === 'ValidationError' && err.message === 'Invalid ARN:  Could not be parsed!',
  );
});

test('stored ARNs are shown in the caller’s partition', () => {
  const stored = storedPolicyArn('123456789012', '/a/', 'P');
  assert.equal(stored, 'arn:aws:iam::123456789012:policy/a/P');
  assert.equal(inPartition(stored, 'aws-us-gov'), 'arn:aws-us-gov:iam::123456789012:policy/a/P');
  assert.equal(inPartition(stored, 'aws'), stored);
});
