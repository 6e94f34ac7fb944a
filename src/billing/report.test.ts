// Periods, grouping and amounts of a cost report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCostReport, formatAmount, periodsOf } from './report.js';
import { rateUsage } from './rating.js';
import type { UsageRecord } from './usage.js';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('MONTHLY periods are calendar months clipped to the range; DAILY ones are days', () => {
  assert.deepEqual(
    periodsOf(day('2026-01-15'), day('2026-03-03'), 'MONTHLY').map((p) => [iso(p.start), iso(p.end)]),
    [
      ['2026-01-15', '2026-02-01'],
      ['2026-02-01', '2026-03-01'],
      ['2026-03-01', '2026-03-03'],
    ],
  );
  assert.equal(periodsOf(day('2026-02-27'), day('2026-03-02'), 'DAILY').length, 3);
});

test('groups by the dimensions in order and prices quantity × price', () => {
  const record = (accountId: string, d: string, service: string, usageType: string, quantity: number) =>
    ({ accountId, day: day(d), service, usageType, region: 'us-east-1', operation: 'Op', quantity }) as UsageRecord;
  const usage = rateUsage(
    [
      record('b', '2026-01-01', 'S1', 'X', 2),
      record('a', '2026-01-01', 'S1', 'X', 3),
      record('a', '2026-01-01', 'S2', 'Y', 4),
      record('a', '2026-01-02', 'S1', 'X', 5),
    ],
    { X: 0.5, Y: 0 },
    () => 'family',
  );
  const [first, second] = buildCostReport(usage, {
    start: day('2026-01-01'),
    end: day('2026-01-03'),
    granularity: 'DAILY',
    groupBy: ['SERVICE', 'LINKED_ACCOUNT'],
  });
  const amounts = (cost: number, quantity: number) => ({ unblendedCost: cost, blendedCost: cost, quantity });
  assert.deepEqual(first!.groups, [
    { keys: ['S1', 'a'], ...amounts(1.5, 3) },
    { keys: ['S1', 'b'], ...amounts(1, 2) },
    { keys: ['S2', 'a'], ...amounts(0, 4) },
  ]);
  assert.deepEqual(first!.total, amounts(2.5, 9));
  assert.deepEqual(second!.groups, [{ keys: ['S1', 'a'], ...amounts(2.5, 5) }]);
  const [month] = buildCostReport(usage, {
    start: day('2026-01-01'),
    end: day('2026-02-01'),
    granularity: 'MONTHLY',
    groupBy: [],
  });
  assert.deepEqual(month, {
    start: day('2026-01-01'),
    end: day('2026-02-01'),
    total: amounts(5, 14),
    groups: [],
  });
});

test('amounts are plain decimal strings', () => {
  assert.equal(formatAmount(0.000009), '0.000009');
  assert.equal(formatAmount(3 * 0.000003), '0.000009');
  assert.equal(formatAmount(7), '7');
  assert.equal(formatAmount(0), '0');
  assert.equal(formatAmount(1e-12), '0');
  assert.equal(formatAmount(14 / 730), '0.0191780822');
});
