// FindingCriteria evaluation on Finding JSON: each operator, dotted paths through lists, timestamps, validation, sorting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../aws/generated/guardduty.js';
import { matchesCriteria, sortFindings, validateCriteria, validateSort, valuesAt } from './criteria.js';

function finding(id: string, severity: number, updatedAt: string, extra: Partial<Finding> = {}): Finding {
  return {
    AccountId: '123456789012',
    Arn: `arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/${id}`,
    CreatedAt: updatedAt,
    Id: id,
    Region: 'us-east-1',
    SchemaVersion: '2.0',
    Severity: severity,
    Type: 'Policy:IAMUser/RootCredentialUsage',
    UpdatedAt: updatedAt,
    Resource: { ResourceType: 'AccessKey', AccessKeyDetails: { UserName: `user-${id}` } },
    Service: { Archived: false, Count: 1 },
    ...extra,
  };
}

const a = finding('a', 2, '2026-01-01T00:00:00.000Z');
const b = finding('b', 8, '2026-02-01T00:00:00.000Z', {
  Type: 'Stealth:IAMUser/CloudTrailLoggingDisabled',
  Service: { Archived: true, Count: 3, AdditionalInfo: { Value: '{"threatListName":"bad-ips"}', Type: 'default' } },
  Resource: {
    ResourceType: 'Instance',
    InstanceDetails: {
      Tags: [
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'red' },
      ],
    },
  },
});

const match = (f: Finding, criterion: Record<string, object>) => matchesCriteria(f, { Criterion: criterion });

test('Equals / Eq and NotEquals / Neq on strings, numbers and booleans', () => {
  assert.equal(match(a, { type: { Equals: ['Policy:IAMUser/RootCredentialUsage'] } }), true);
  assert.equal(match(b, { type: { Eq: ['Policy:IAMUser/RootCredentialUsage'] } }), false);
  assert.equal(match(a, { type: { NotEquals: ['Policy:IAMUser/RootCredentialUsage'] } }), false);
  assert.equal(match(b, { type: { Neq: ['Policy:IAMUser/RootCredentialUsage'] } }), true);
  assert.equal(match(b, { severity: { Equals: ['8'] } }), true);
  assert.equal(match(b, { 'service.archived': { Equals: ['true'] } }), true);
  assert.equal(match(a, { 'service.archived': { Equals: ['true'] } }), false);
  assert.equal(match(a, { 'resource.accessKeyDetails.userName': { Equals: ['user-a', 'x'] } }), true);
});

test('bounds: Gt/Gte/Lt/Lte and their long forms; timestamps compare as epoch milliseconds', () => {
  assert.equal(match(b, { severity: { Gt: 7 } }), true);
  assert.equal(match(a, { severity: { GreaterThan: 2 } }), false);
  assert.equal(match(a, { severity: { GreaterThanOrEqual: 2 } }), true);
  assert.equal(match(a, { severity: { Gte: 3 } }), false);
  assert.equal(match(a, { severity: { LessThan: 3 } }), true);
  assert.equal(match(b, { severity: { Lt: 8 } }), false);
  assert.equal(match(b, { severity: { Lte: 8, LessThanOrEqual: 8 } }), true);
  const feb = Date.parse('2026-02-01T00:00:00.000Z');
  assert.equal(match(b, { updatedAt: { GreaterThanOrEqual: feb } }), true);
  assert.equal(match(a, { updatedAt: { GreaterThanOrEqual: feb } }), false);
  assert.equal(match(a, { updatedAt: { Equals: [String(Date.parse(a.UpdatedAt))] } }), true);
});

test('every condition of the map must hold', () => {
  assert.equal(match(b, { severity: { Gt: 5 }, 'service.archived': { Equals: ['false'] } }), false);
  assert.equal(match(b, { severity: { Gt: 5 }, 'service.archived': { Equals: ['true'] } }), true);
  assert.equal(matchesCriteria(a, undefined), true);
});

test('paths walk lists (tags) and threatListName reads the additional info', () => {
  assert.deepEqual(valuesAt(b, 'resource.instanceDetails.tags.value'), ['prod', 'red']);
  assert.equal(match(b, { 'resource.instanceDetails.tags.key': { Equals: ['team'] } }), true);
  assert.equal(match(b, { 'service.additionalInfo.threatListName': { Equals: ['bad-ips'] } }), true);
  assert.equal(match(a, { 'service.additionalInfo.threatListName': { Equals: ['bad-ips'] } }), false);
});

test('validation refuses undocumented fields, empty conditions and empty or oversized lists', () => {
  const refuses = (criterion: Record<string, object>) =>
    assert.throws(
      () => validateCriteria({ Criterion: criterion }),
      (e: Error & { code?: string }) => e.code === 'BadRequestException',
    );
  refuses({ 'resource.nope': { Equals: ['x'] } });
  refuses({ type: {} });
  refuses({ type: { Equals: [] } });
  refuses({ type: { Equals: Array.from({ length: 51 }, (_, i) => String(i)) } });
  validateCriteria({ Criterion: { type: { Equals: ['x'] }, severity: { Gte: 0 } } });
  assert.throws(() => validateSort({ AttributeName: 'nope' }));
  validateSort({ AttributeName: 'severity', OrderBy: 'DESC' });
});

test('sorting by an attribute, ASC by default, DESC on request, ties by id', () => {
  const c = finding('c', 5, '2026-03-01T00:00:00.000Z');
  assert.deepEqual(
    sortFindings([b, c, a], { AttributeName: 'severity' }).map((f) => f.Id),
    ['a', 'c', 'b'],
  );
  assert.deepEqual(
    sortFindings([a, b, c], { AttributeName: 'updatedAt', OrderBy: 'DESC' }).map((f) => f.Id),
    ['c', 'b', 'a'],
  );
  assert.deepEqual(
    sortFindings([c, a, b], undefined).map((f) => f.Id),
    ['a', 'b', 'c'],
  );
});
