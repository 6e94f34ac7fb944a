// The limits STS puts on a session request: RoleArn syntax, durations, source identity, packed policy size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roleSessionSeconds, tokenSessionSeconds } from './durations.js';
import { packedPolicySize, POLICY_ALLOWANCE_BYTES, TAG_ALLOWANCE_BYTES } from './packed-size.js';
import { parseRoleArn } from './role-arn.js';
import { effectiveSourceIdentity } from './source-identity.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'accepted';
}

describe('parseRoleArn', () => {
  test('text that is no ARN is a ValidationError naming it', () => {
    for (const text of [
      'nothing-valid-in-here',
      'arn::b:::something/test-role',
      'arn:a::::x/y',
      'arn:a:::x/y',
      'arn:a:a::aaaaaaaaaa:',
    ]) {
      assert.equal(
        failure(() => parseRoleArn(text)),
        `ValidationError: ${text} is invalid`,
      );
    }
  });

  test('an ARN that names no role is no role (AWS then denies)', () => {
    for (const text of [
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:sts::123456789012:role/x',
      'arn:aws:iam:us-east-1:123456789012:role/x',
      'arn:aws:iam::12345:role/x',
      'arn:aws:iam::123456789012:role/',
      'arn:aws:iam::123456789012:role/a//b',
    ]) {
      assert.equal(parseRoleArn(text), undefined, text);
    }
  });

  test('roles with and without a path', () => {
    assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:role/Admin'), {
      arn: 'arn:aws:iam::123456789012:role/Admin',
      partition: 'aws',
      accountId: '123456789012',
      path: '/',
      name: 'Admin',
    });
    const nested = parseRoleArn('arn:aws-cn:iam::123456789012:role/ops/team/Deployer');
    assert.deepEqual([nested?.partition, nested?.path, nested?.name], ['aws-cn', '/ops/team/', 'Deployer']);
  });
});

describe('session durations', () => {
  test('role sessions: an hour by default, within MaxSessionDuration, within an hour when chained', () => {
    assert.equal(roleSessionSeconds(undefined, 3600, false), 3600);
    assert.equal(roleSessionSeconds(43200, 43200, false), 43200);
    assert.equal(
      failure(() => roleSessionSeconds(7200, 3600, false)),
      'ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    assert.equal(roleSessionSeconds(undefined, 43200, true), 3600);
    assert.equal(
      failure(() => roleSessionSeconds(3601, 43200, true)),
      'ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  });

  test('user sessions: twelve hours by default; root sessions an hour at most', () => {
    assert.equal(tokenSessionSeconds(undefined, false), 43200);
    assert.equal(tokenSessionSeconds(129600, false), 129600);
    assert.equal(tokenSessionSeconds(undefined, true), 3600);
    assert.equal(tokenSessionSeconds(7200, true), 3600);
    assert.equal(tokenSessionSeconds(900, true), 900);
  });
});

describe('effectiveSourceIdentity', () => {
  test('set once, then carried; never changed, never aws:', () => {
    assert.equal(effectiveSourceIdentity(undefined, undefined), undefined);
    assert.equal(effectiveSourceIdentity('alice', undefined), 'alice');
    assert.equal(effectiveSourceIdentity(undefined, 'alice'), 'alice');
    assert.equal(effectiveSourceIdentity('alice', 'alice'), 'alice');
    assert.match(
      failure(() => effectiveSourceIdentity('bob', 'alice')),
      /^InvalidParameterValue: /,
    );
    assert.match(
      failure(() => effectiveSourceIdentity('aws:me', undefined)),
      /^InvalidParameterValue: /,
    );
  });
});

describe('packedPolicySize', () => {
  const doc = (actions: string[]) =>
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
      null,
      2,
    );

  test('whitespace does not count; any policy or tag takes at least 1%', () => {
    const compact = doc(['s3:GetObject']).replace(/\s/g, '');
    assert.equal(
      packedPolicySize({ policy: doc(['s3:GetObject']) }),
      Math.ceil((compact.length * 100) / POLICY_ALLOWANCE_BYTES),
    );
    assert.equal(packedPolicySize({}), 0);
    assert.equal(packedPolicySize({ tags: { a: 'b' } }), 1);
    assert.equal(packedPolicySize({ policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }), 4);
  });

  test('the larger share is reported; past 100% is PackedPolicyTooLarge, worded per part', () => {
    const tags = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key${i}`, 'v'.repeat(20)]));
    const tagBytes = Object.entries(tags).reduce((n, [k, v]) => n + k.length + v.length, 0);
    assert.equal(
      packedPolicySize({ policy: doc(['s3:GetObject']), tags }),
      Math.ceil((tagBytes * 100) / TAG_ALLOWANCE_BYTES),
    );
    const many = Array.from({ length: 60 }, (_, i) => `iam:SomeRatherLongActionName${i}`);
    assert.match(
      failure(() => packedPolicySize({ policy: doc(many) })),
      /^PackedPolicyTooLarge: Packed policy consumes \d+% of allotted space, please use smaller policy\.$/,
    );
    const bigTags = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, 'v'.repeat(30)]));
    assert.match(
      failure(() => packedPolicySize({ tags: bigTags })),
      /^PackedPolicyTooLarge: Packed size of session tags consumes \d+% of allotted space\.$/,
    );
  });
});
