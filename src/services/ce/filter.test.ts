// Filter expressions: the depth bound holds however deep a request nests, and each node type matches as documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/error.js';
import type { Expression } from '../../aws/generated/ce.js';
import type { UsageRecord } from '../../billing/usage.js';
import { COST_AND_USAGE_DIMENSIONS, matchesExpression, MAX_EXPRESSION_DEPTH, validateExpression } from './filter.js';

const record: UsageRecord = {
  accountId: '111111111111',
  day: 0,
  service: 'AWS Key Management Service',
  usageType: 'KMS-Requests',
  region: 'eu-west-1',
  operation: 'Decrypt',
  quantity: 1,
};

test('a hostile nesting depth is refused with a ValidationException, not a stack overflow', () => {
  let deep: Expression = { Dimensions: { Key: 'SERVICE', Values: ['x'] } };
  for (let i = 0; i < 100_000; i++) deep = i % 2 ? { Not: deep } : { And: [deep, deep] };
  assert.throws(
    () => validateExpression(deep, COST_AND_USAGE_DIMENSIONS),
    (err: unknown) =>
      err instanceof AwsError && err.code === 'ValidationException' && /nested too deeply/.test(err.message),
  );
  let limit: Expression = { Dimensions: { Key: 'SERVICE', Values: ['x'] } };
  for (let i = 1; i < MAX_EXPRESSION_DEPTH; i++) limit = { Not: limit };
  validateExpression(limit, COST_AND_USAGE_DIMENSIONS);
  assert.throws(() => validateExpression({ Not: limit }, COST_AND_USAGE_DIMENSIONS), /nested too deeply/);
});

test('Dimensions match one of their values, case-sensitively; dimensions Warden lacks match nothing', () => {
  const dim = (Key: string, Values: string[]): Expression => ({ Dimensions: { Key, Values } }) as unknown as Expression;
  assert.equal(matchesExpression(dim('REGION', ['us-east-1', 'eu-west-1']), record), true);
  assert.equal(matchesExpression(dim('OPERATION', ['decrypt']), record), false);
  assert.equal(matchesExpression(dim('RECORD_TYPE', ['Usage']), record), true);
  assert.equal(matchesExpression(dim('AZ', ['eu-west-1a']), record), false);
  assert.equal(matchesExpression({ Not: dim('AZ', ['eu-west-1a']) }, record), true);
  assert.equal(matchesExpression({ Or: [dim('AZ', ['a']), dim('LINKED_ACCOUNT', ['111111111111'])] }, record), true);
  assert.equal(matchesExpression({ And: [dim('AZ', ['a']), dim('LINKED_ACCOUNT', ['111111111111'])] }, record), false);
});

test('untagged, uncategorized usage: only absence matches Tags and CostCategories', () => {
  assert.equal(matchesExpression({ Tags: { Key: 'team', Values: ['a'] } }, record), false);
  assert.equal(matchesExpression({ Tags: { Key: 'team', Values: [''] } }, record), true);
  assert.equal(matchesExpression({ Tags: { Key: 'team', MatchOptions: ['ABSENT'] } }, record), true);
  assert.equal(matchesExpression({ CostCategories: { Key: 'unit', Values: ['x'] } }, record), false);
  assert.equal(matchesExpression({ CostCategories: { Key: 'unit' } }, record), true);
});
