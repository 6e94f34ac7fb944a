// The subscription's period: a renewing subscription rolls forward a year at a time; one that does not, ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMITMENT_MS, currentPeriod } from './subscription.js';

const start = Date.UTC(2026, 0, 1);
const row = (auto_renew: string) => ({ start_time: start, end_time: start + COMMITMENT_MS, auto_renew });

test('inside the first year the stored period is in force, renewing or not', () => {
  for (const renew of ['ENABLED', 'DISABLED']) {
    assert.deepEqual(currentPeriod(row(renew), start + 1000), { start, end: start + COMMITMENT_MS });
  }
});

test('AutoRenew ENABLED: each later year is a new period, starting where the last ended', () => {
  assert.deepEqual(currentPeriod(row('ENABLED'), start + COMMITMENT_MS), {
    start: start + COMMITMENT_MS,
    end: start + 2 * COMMITMENT_MS,
  });
  assert.deepEqual(currentPeriod(row('ENABLED'), start + 3 * COMMITMENT_MS + 5), {
    start: start + 3 * COMMITMENT_MS,
    end: start + 4 * COMMITMENT_MS,
  });
});

test('AutoRenew DISABLED: the subscription ends at the end of its period', () => {
  assert.equal(currentPeriod(row('DISABLED'), start + COMMITMENT_MS), undefined);
  assert.equal(currentPeriod(row('DISABLED'), start + 2 * COMMITMENT_MS), undefined);
});
