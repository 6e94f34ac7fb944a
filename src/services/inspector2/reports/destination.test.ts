// Report destinations: S3 bucket names and key prefixes Warden maps to folders, and everything that could leave them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDestination, parseKmsKeyArn, prefixSegments, validBucketName } from './destination.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('report destinations', () => {
  test('bucket names follow S3 naming rules', () => {
    for (const ok of ['my-bucket', 'a.b.c', 'abc', 'x'.repeat(63)]) assert.ok(validBucketName(ok), ok);
    for (const bad of [
      '..',
      '.',
      'ab',
      'x'.repeat(64),
      'My-Bucket',
      'a..b',
      '-ab',
      'ab-',
      'a/b',
      '192.168.1.1',
      'xn--ab',
      'a_b',
    ])
      assert.ok(!validBucketName(bad), bad);
  });

  test('key prefixes become plain folder names or are refused', () => {
    assert.deepEqual(prefixSegments(undefined), []);
    assert.deepEqual(prefixSegments(''), []);
    assert.deepEqual(prefixSegments('reports'), ['reports']);
    assert.deepEqual(prefixSegments('year=2026/month=12/'), ['year=2026', 'month=12']);
    for (const bad of [
      '..',
      '.',
      '../x',
      'a/../b',
      'a/./b',
      '/abs',
      'a//b',
      'a\\b',
      'a\u0000b',
      'a b',
      'x'.repeat(256),
      'a/'.repeat(600),
    ])
      assert.equal(prefixSegments(bad), undefined, JSON.stringify(bad));
  });

  test('KMS key ARNs are parsed; anything else is not one', () => {
    assert.deepEqual(parseKmsKeyArn(KEY), {
      region: 'us-east-1',
      accountId: '123456789012',
      keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    for (const bad of ['alias/x', 'arn:aws:kms:us-east-1:123456789012:alias/x', '1234abcd', `${KEY}/..`])
      assert.equal(parseKmsKeyArn(bad), undefined, bad);
  });

  test('checkDestination answers ValidationException (FIELD_VALIDATION_FAILED) naming what is wrong', () => {
    assert.deepEqual(checkDestination({ bucketName: 'b-1', keyPrefix: 'p/q', kmsKeyArn: KEY }), {
      bucket: 'b-1',
      prefix: ['p', 'q'],
    });
    const refused = (d: Parameters<typeof checkDestination>[0], words: RegExp) =>
      assert.throws(
        () => checkDestination(d),
        (e: { code: string; message: string; fields: { reason: string } }) =>
          e.code === 'ValidationException' && words.test(e.message) && e.fields.reason === 'FIELD_VALIDATION_FAILED',
      );
    refused({ bucketName: '../etc', kmsKeyArn: KEY }, /bucket name/);
    refused({ bucketName: 'b-1', keyPrefix: '../../etc', kmsKeyArn: KEY }, /key prefix/);
    refused({ bucketName: 'b-1', kmsKeyArn: 'arn:aws:kms:us-east-1:1:key/x' }, /KMS key ARN/);
  });
});
