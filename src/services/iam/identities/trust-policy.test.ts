// Tests for trust-policy intake: percent-encoded documents, IAM's size counting and the encoding of responses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../aws/error.js';
import { acceptTrustPolicy, encodePolicyDocument, policySize, trustPolicyText } from './trust-policy.js';

const TRUST =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

function rejects(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AwsError);
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    return true;
  });
}

describe('trust policy intake', () => {
  test('JSON is taken as sent, percent-encoded JSON decoded', () => {
    assert.equal(trustPolicyText(TRUST), TRUST);
    assert.equal(trustPolicyText(encodeURIComponent(TRUST)), TRUST);
    // A JSON document that merely contains a percent sign is not decoded.
    const withPercent = TRUST.replace('ec2.amazonaws.com', '100%.example');
    assert.equal(trustPolicyText(withPercent), withPercent);
  });

  test('text that is neither JSON nor encoded JSON is left for validation to reject', () => {
    assert.equal(trustPolicyText('%E0%A4%A'), '%E0%A4%A');
    assert.equal(trustPolicyText('%7Bnot json'), '%7Bnot json');
    rejects(() => acceptTrustPolicy('%7Bnot json'), 'MalformedPolicyDocument', 'This policy contains invalid Json');
  });

  test('size is counted without whitespace, against the 2048-character ACLSizePerRole quota', () => {
    assert.equal(policySize(' {\n\t"a" : 1 }\r\n'), 7);
    const pretty = TRUST.replace(/,/g, `,\n${' '.repeat(1000)}`);
    assert.ok(pretty.length > 2048 && policySize(pretty) < 2048);
    assert.equal(acceptTrustPolicy(pretty), pretty, 'indentation does not count');
    const statements = Array.from({ length: 40 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }));
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    rejects(() => acceptTrustPolicy(big), 'LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048');
  });

  test('documents are returned URL-encoded and round-trip', () => {
    const encoded = encodePolicyDocument(TRUST);
    assert.ok(encoded.startsWith('%7B%22Version%22%3A%222012-10-17%22'));
    assert.equal(decodeURIComponent(encoded), TRUST);
  });
});
