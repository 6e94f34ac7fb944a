// The audit row: a record of any depth is written as JSON that can be read and written again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING_DEPTH, valueTooDeep } from '../aws/protocols/nesting.js';
import type { CloudTrailRecord } from './record.js';
import { auditRowOf } from './row.js';

function record(requestParameters: Record<string, unknown>): CloudTrailRecord {
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
    eventTime: '2026-01-01T00:00:00Z',
    eventSource: 'ce.amazonaws.com',
    eventName: 'GetCostAndUsage',
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 'test',
    requestParameters,
    responseElements: null,
    requestID: 'r-1',
    eventID: 'e-1',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  } as CloudTrailRecord;
}

test('a record nested far past the bound is cut back, not a stack overflow, and marked omitted', () => {
  let filter: Record<string, unknown> = { dimensions: { key: 'SERVICE' } };
  for (let i = 0; i < 50_000; i++) filter = { not: filter };
  const row = auditRowOf(record({ granularity: 'DAILY', filter }));
  const stored = JSON.parse(row.record) as CloudTrailRecord;
  assert.equal(valueTooDeep(stored, MAX_NESTING_DEPTH + 2), false);
  assert.equal(stored.requestParameters?.granularity, 'DAILY');
  assert.equal(stored.omitted, true);
  assert.deepEqual([stored.requestID, stored.eventName, row.event_name], ['r-1', 'GetCostAndUsage', 'GetCostAndUsage']);
  assert.doesNotThrow(() => JSON.stringify(stored));
});

test('a record within the bound is written exactly as it is', () => {
  let filter: Record<string, unknown> = { dimensions: { key: 'SERVICE' } };
  for (let i = 0; i < MAX_NESTING_DEPTH - 2; i++) filter = { not: filter };
  const rec = record({ filter });
  assert.deepEqual(JSON.parse(auditRowOf(rec).record), rec);
});
