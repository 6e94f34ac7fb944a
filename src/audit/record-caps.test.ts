import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../aws/error.js';
import { buildAuditRecord, buildAuditRecords, type AuditInput } from './record.js';
import fc from 'fast-check';
import { RECORD_CAPS, capRecord, capText, jsonFitsWithin } from './record-caps.js';
import { auditRowOf } from './row.js';

const ACCOUNT = '123456789012';

function failedCall(over: Partial<AuditInput> = {}): AuditInput {
  return {
    requestId: 'req-1',
    service: 'sts',
    eventSource: 'sts.amazonaws.com',
    operation: 'GetCallerIdentity',
    region: 'us-east-1',
    failedCaller: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01' },
    sourceIp: '192.0.2.1',
    userAgent: 'aws-cli/2',
    time: new Date('2026-01-01T00:00:00Z'),
    error: new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
    ...over,
  };
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('audit record caps', () => {
  test('an ordinary record is untouched and carries no omitted marker', () => {
    const record = buildAuditRecord(failedCall());
    assert.equal(record.omitted, undefined);
    assert.equal(record.eventName, 'GetCallerIdentity');
    assert.equal(record.userAgent, 'aws-cli/2');
  });

  test('every string a failed caller chose is cut to its cap, and the record says so', () => {
    const huge = 'A'.repeat(1024 * 1024);
    const record = buildAuditRecord(
      failedCall({
        operation: huge,
        userAgent: huge,
        sourceIp: huge,
        region: huge,
        failedCaller: { accessKeyId: huge },
        error: new AwsError('IncompleteSignature', `Authorization=${huge}`),
      }),
    );
    assert.equal(record.eventName.length, RECORD_CAPS.eventName);
    assert.equal(record.userAgent.length, RECORD_CAPS.userAgent);
    assert.equal(record.sourceIPAddress.length, RECORD_CAPS.sourceIPAddress);
    assert.equal(record.awsRegion.length, RECORD_CAPS.awsRegion);
    assert.equal(record.userIdentity.accessKeyId!.length, RECORD_CAPS.accessKeyId);
    assert.equal(record.errorMessage!.length, RECORD_CAPS.errorMessage);
    assert.equal(record.omitted, true);
    // The row's indexed columns come from the capped record.
    const row = auditRowOf(record);
    assert.equal(row.event_name.length, RECORD_CAPS.eventName);
    assert.equal(row.access_key_id!.length, RECORD_CAPS.accessKeyId);
    assert.ok(row.record.length < 8 * 1024, `row of ${row.record.length} characters`);
  });

  test('requestParameters over 100 KB is replaced by { omitted: true }; the rest of the record stays', () => {
    const identity = {
      type: 'Root' as const,
      accountId: ACCOUNT,
      partition: 'aws',
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      principalId: ACCOUNT,
      accessKeyId: 'AKIAROOTEXAMPLE00001',
    };
    const record = buildAuditRecord(
      failedCall({
        service: 'iam',
        eventSource: 'iam.amazonaws.com',
        operation: 'CreatePolicy',
        identity,
        failedCaller: undefined,
        input: { PolicyName: 'p', PolicyDocument: 'x'.repeat(RECORD_CAPS.objectFieldBytes + 1) },
        error: new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.'),
      }),
    );
    assert.deepEqual(record.requestParameters, { omitted: true });
    assert.equal(record.omitted, true);
    assert.equal(record.userIdentity.arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  test('a record over 256 KB in total gives up its object fields, then resources, until it fits', () => {
    const big = { text: 'y'.repeat(RECORD_CAPS.objectFieldBytes - 100) };
    const base = buildAuditRecord(failedCall());
    const resources = Array.from({ length: 4000 }, (_, i) => ({
      accountId: ACCOUNT,
      type: 'AWS::IAM::Role',
      ARN: `arn:aws:iam::${ACCOUNT}:role/${'r'.repeat(40)}-${i}`,
    }));
    const capped = capRecord({
      ...base,
      requestParameters: big,
      responseElements: big,
      additionalEventData: big,
      resources,
    });
    assert.ok(bytes(capped) <= RECORD_CAPS.recordBytes, `record of ${bytes(capped)} bytes`);
    assert.equal(capped.omitted, true);
    assert.deepEqual(capped.additionalEventData, { omitted: true });
    assert.ok(capped.resources === undefined || capped.resources.length < resources.length);
  });

  test('records delivered to other accounts share the capped fields', () => {
    const records = buildAuditRecords(
      failedCall({
        userAgent: 'u'.repeat(5000),
        notes: { resources: [{ accountId: '210987654321', ARN: 'arn:aws:iam::210987654321:role/r' }] },
      }),
    );
    assert.equal(records.length, 2);
    for (const r of records) assert.equal(r.userAgent.length, RECORD_CAPS.userAgent);
  });

  test('capText never splits a surrogate pair', () => {
    assert.equal(capText('ab😀cd', 3), 'ab');
    assert.equal(capText('ab😀cd', 4), 'ab😀');
    assert.equal(capText('short', 10), 'short');
  });
});

describe('jsonFitsWithin', () => {
  const exactBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

  test('never says a value fits when its JSON is larger (any JSON-like value, any limit)', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.anything({ withNullPrototype: true, withObjectString: true, withSparseArray: true, withBoxedValues: false }),
    );
    fc.assert(
      fc.property(value, fc.nat(4096), (v, limit) => {
        let exact: number;
        try {
          exact = exactBytes(v);
        } catch {
          return !jsonFitsWithin(v, limit);
        }
        return !jsonFitsWithin(v, limit) || exact <= limit;
      }),
      { numRuns: 3000 },
    );
  });

  test('the worst cases: escaped control characters, astral and lone surrogates, long numbers, holes', () => {
    for (const v of [
      '\u0000'.repeat(50),
      '\u{1F600}'.repeat(40),
      '\uD800'.repeat(40),
      -1.7976931348623157e308,
      [undefined, undefined],
    ])
      assert.ok(jsonFitsWithin(v, exactBytes(v) * 6 + 8) && exactBytes(v) <= exactBytes(v) * 6 + 8);
    assert.equal(jsonFitsWithin('\u0000'.repeat(50), exactBytes('\u0000'.repeat(50)) - 1), false);
    assert.equal(jsonFitsWithin([undefined], 3), false, 'an array hole is written as null');
  });

  test('gives up, rather than guessing, on what JSON.stringify treats specially', () => {
    assert.equal(jsonFitsWithin({ toJSON: () => 'x'.repeat(10_000) }, 100), false);
    assert.equal(jsonFitsWithin(new Date(0), 1000), false);
    assert.equal(jsonFitsWithin(new Map([['a', 1]]), 1000), false);
    assert.equal(jsonFitsWithin(10n, 1000), false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    assert.equal(jsonFitsWithin(deep, 1_000_000), false);
  });

  test('an ordinary record fits well within the smallest object cap', () => {
    assert.ok(jsonFitsWithin(buildAuditRecord(failedCall()), RECORD_CAPS.objectFieldBytes));
  });
});
