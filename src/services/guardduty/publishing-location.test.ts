import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectKey, parseBucketArn, parseKmsKeyArn } from './publishing-location.js';

test('bucket ARNs: S3 names and safe prefixes only', () => {
  assert.deepEqual(parseBucketArn('arn:aws:s3:::my-findings'), { bucket: 'my-findings', prefix: [] });
  assert.deepEqual(parseBucketArn('arn:aws:s3:::my.findings/guardduty/exports/'), {
    bucket: 'my.findings',
    prefix: ['guardduty', 'exports'],
  });
  for (const bad of [
    'arn:aws:s3:::../etc',
    'arn:aws:s3:::Upper',
    'arn:aws:s3:::ab',
    'arn:aws:s3:::a..b',
    'arn:aws:s3:::192.168.1.1',
    'arn:aws:s3:::bucket/../../etc',
    'arn:aws:s3:::bucket/a/./b',
    'arn:aws:s3:::bucket/a//b',
    'arn:aws:s3:::bucket/a\\b',
    'arn:aws:s3:::bucket/a%2f',
    'arn:aws:s3:::xn--bucket',
    'arn:aws:kms:us-east-1:123456789012:key/abc',
    '/tmp/bucket',
  ])
    assert.equal(parseBucketArn(bad), undefined, bad);
});

test('KMS key ARNs', () => {
  assert.deepEqual(parseKmsKeyArn('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), {
    region: 'us-east-1',
    accountId: '123456789012',
    keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  });
  assert.equal(parseKmsKeyArn('arn:aws:kms:us-east-1:123456789012:alias/x'), undefined);
});

test("exported objects follow GuardDuty's key layout", () => {
  const key = objectKey(
    { bucket: 'b', prefix: ['p'] },
    '123456789012',
    'us-east-1',
    new Date('2026-03-04T10:00:00Z'),
    'abc',
  );
  assert.deepEqual(key, ['p', 'AWSLogs', '123456789012', 'GuardDuty', 'us-east-1', '2026', '03', '04', 'abc.jsonl.gz']);
});
