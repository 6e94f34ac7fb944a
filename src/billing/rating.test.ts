// Rating: tiers reached by the whole family, day by day within a month, and the family's blended rate per month.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateUsage, type RatedUsage } from './rating.js';
import type { UsageRecord } from './usage.js';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);

function usage(accountId: string, day: number, quantity: number, usageType = 'X'): UsageRecord {
  return { accountId, day, service: 'S', usageType, region: 'us-east-1', operation: 'Op', quantity };
}

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≈ ${expected}`);
}

const sum = (rated: RatedUsage[], account: string, field: 'unblendedCost' | 'blendedCost') =>
  rated.filter((r) => r.accountId === account).reduce((s, r) => s + r[field], 0);

test("AWS's S3 example: one family reaches the cheaper tiers together; alone, each account pays more", () => {
  // Billing user guide, "Understanding consolidated bills": first 1 TB at $0.10/GB, next 49 TB at $0.08, next
  // 450 TB at $0.06; members use 30, 35 and 30 TB: $6,720 as one family (blended rate $0.070737/GB), $7,660 alone.
  const prices = { X: [{ upTo: 1_000, price: 0.1 }, { upTo: 50_000, price: 0.08 }, { price: 0.06 }] };
  const records = [usage('m1', JAN1, 30_000), usage('m2', JAN1, 35_000), usage('m3', JAN1, 30_000)];
  const family = rateUsage(records, prices, () => 'org');
  near(
    family.reduce((s, r) => s + r.unblendedCost, 0),
    6_720,
    'the family pays',
  );
  const rate = 6_720 / 95_000;
  near(sum(family, 'm1', 'blendedCost'), 30_000 * rate, 'member 1 blended');
  near(sum(family, 'm2', 'blendedCost'), 35_000 * rate, 'member 2 blended');
  near(sum(family, 'm3', 'blendedCost'), 30_000 * rate, 'member 3 blended');
  const alone = rateUsage(records, prices, (account) => account);
  near(
    alone.reduce((s, r) => s + r.unblendedCost, 0),
    7_660,
    'separately they pay',
  );
});

test('tiers are laid out day by day; a day straddling tiers is shared in proportion to quantity', () => {
  const prices = { X: [{ upTo: 10, price: 1 }, { upTo: 20, price: 0.5 }, { price: 0.25 }] };
  const rated = rateUsage(
    [
      usage('b', JAN1 + DAY, 4), // day 2 listed first: order in the input does not matter
      usage('c', JAN1 + DAY, 8),
      usage('a', JAN1, 4),
      usage('b', JAN1, 6),
      usage('c', JAN1 + 2 * DAY, 3),
    ],
    prices,
    () => 'org',
  );
  // Day 1: 10 units in tier 1 ($10). Day 2: 12 units, month-to-date 10 → 22: 10 × $0.5 + 2 × $0.25 = $5.5, shared
  // 4:8. Day 3: 3 units in tier 3 ($0.75). Month: $16.25 for 25 units, blended rate $0.65.
  near(sum(rated, 'a', 'unblendedCost'), 4, 'a unblended');
  near(sum(rated, 'b', 'unblendedCost'), 6 + (5.5 * 4) / 12, 'b unblended');
  near(sum(rated, 'c', 'unblendedCost'), (5.5 * 8) / 12 + 0.75, 'c unblended');
  near(sum(rated, 'a', 'blendedCost'), 4 * 0.65, 'a blended');
  near(sum(rated, 'b', 'blendedCost'), 10 * 0.65, 'b blended');
  near(sum(rated, 'c', 'blendedCost'), 11 * 0.65, 'c blended');
});

test('each family, usage type and calendar month is tiered on its own', () => {
  const prices = { X: [{ upTo: 10, price: 1 }, { price: 0 }], Y: [{ upTo: 10, price: 2 }, { price: 0 }] };
  const jan31 = Date.UTC(2026, 0, 31);
  const feb1 = Date.UTC(2026, 1, 1);
  const rated = rateUsage(
    [usage('a', jan31, 10), usage('a', feb1, 10), usage('b', jan31, 10), usage('a', jan31, 10, 'Y')],
    prices,
    (account) => account, // a and b are separate families
  );
  assert.deepEqual(
    rated.map((r) => r.unblendedCost),
    [10, 10, 10, 20],
  );
});

test('a flat price bills every unit alike: blended cost equals unblended cost', () => {
  const rated = rateUsage(
    [usage('a', JAN1, 3), usage('b', JAN1 + DAY, 7), usage('b', JAN1, 1, 'Z')],
    { X: 0.5 },
    () => 'org',
  );
  assert.deepEqual(
    rated.map((r) => [r.unblendedCost, r.blendedCost]),
    [
      [1.5, 1.5],
      [3.5, 3.5],
      [0, 0], // a usage type without a price is free
    ],
  );
});
