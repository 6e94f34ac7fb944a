// Periods, grouping and amounts of a cost report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCostReport, formatAmount, periodsOf } from './report.js';
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
  const usage: UsageRecord[] = [
    { accountId: 'b', day: day('2026-01-01'), service: 'S1', usageType: 'X', quantity: 2 },
    { accountId: 'a', day: day('2026-01-01'), service: 'S1', usageType: 'X', quantity: 3 },
    { accountId: 'a', day: day('2026-01-01'), service: 'S2', usageType: 'Y', quantity: 4 },
    { accountId: 'a', day: day('2026-01-02'), service: 'S1', usageType: 'X', quantity: 5 },
  ];
  const prices = { X: 0.5, Y: 0 };
  const [first, second] = buildCostReport(usage, prices, {
    start: day('2026-01-01'),
    end: day('2026-01-03'),
    granularity: 'DAILY',
    groupBy: ['SERVICE', 'LINKED_ACCOUNT'],
  });
  assert.deepEqual(first!.groups, [
    { keys: ['S1', 'a'], cost: 1.5, quantity: 3 },
    { keys: ['S1', 'b'], cost: 1, quantity: 2 },
    { keys: ['S2', 'a'], cost: 0, quantity: 4 },
  ]);
  assert.deepEqual(first!.total, { cost: 2.5, quantity: 9 });
  assert.deepEqual(second!.groups, [{ keys: ['S1', 'a'], cost: 2.5, quantity: 5 }]);
  const [month] = buildCostReport(usage, prices, {
    start: day('2026-01-01'),
    end: day('2026-02-01'),
    granularity: 'MONTHLY',
    groupBy: [],
  });
  assert.deepEqual(month, {
    start: day('2026-01-01'),
    end: day('2026-02-01'),
    total: { cost: 5, quantity: 14 },
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
