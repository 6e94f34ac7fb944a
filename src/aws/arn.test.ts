// Tests for ARN parsing and formatting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatArn, parseArn } from './arn.js';

test('parses the six fields', () => {
  assert.deepEqual(parseArn('arn:aws:iam::123456789012:role/service-role/my-role'), {
    partition: 'aws',
    service: 'iam',
    region: '',
    accountId: '123456789012',
    resource: 'role/service-role/my-role',
  });
  assert.deepEqual(parseArn('arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab'), {
    partition: 'aws-us-gov',
    service: 'kms',
    region: 'us-gov-west-1',
    accountId: '123456789012',
    resource: 'key/1234abcd-12ab',
  });
});

test('the resource keeps its own colons', () => {
  const arn = parseArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*');
  assert.equal(arn?.resource, 'log-group:/aws/lambda/x:*');
  assert.equal(arn?.region, 'us-east-1');
});

test('empty region and account, as S3 and AWS managed policies have', () => {
  assert.deepEqual(parseArn('arn:aws:s3:::my-bucket/key'), {
    partition: 'aws',
    service: 's3',
    region: '',
    accountId: '',
    resource: 'my-bucket/key',
  });
  assert.equal(parseArn('arn:aws:iam::aws:policy/AdministratorAccess')?.accountId, 'aws');
});

test('text that is not an ARN', () => {
  for (const text of [
    '',
    'arn',
    'arn:',
    'arn:aws',
    'arn:aws:iam',
    'arn:aws:iam::123456789012',
    'arn:aws:iam::123456789012:',
    'arn::iam::123456789012:root',
    'arn:aws:::123456789012:root',
    'ARN:aws:iam::123456789012:root',
    'urn:aws:iam::123456789012:root',
  ]) {
    assert.equal(parseArn(text), undefined, text);
  }
});

test('formatArn inverts parseArn', () => {
  for (const text of [
    'arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob',
    'arn:aws-cn:sts::123456789012:assumed-role/r/s',
    'arn:aws:s3:::bucket',
    'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/name/id',
  ]) {
    const parsed = parseArn(text);
    assert.ok(parsed);
    assert.equal(formatArn(parsed), text);
  }
  assert.equal(
    formatArn({
      partition: 'aws',
      service: 'kms',
      region: 'eu-west-1',
      accountId: '111122223333',
      resource: 'alias/x',
    }),
    'arn:aws:kms:eu-west-1:111122223333:alias/x',
  );
});
