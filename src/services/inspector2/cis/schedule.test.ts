// CIS schedules: validation, and the next start of daily, weekly and monthly schedules in zones with daylight saving.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../aws/error.js';
import { checkSchedule, nextRun, zonedInstant } from './schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('CIS schedules', () => {
  test('exactly one kind, a valid time and zone', () => {
    assert.doesNotThrow(() => checkSchedule({ oneTime: {} }));
    assert.doesNotThrow(() =>
      checkSchedule({ daily: { startTime: { timeOfDay: '02:00', timezone: 'Europe/Berlin' } } }),
    );
    for (const bad of [
      {},
      { oneTime: {}, daily: { startTime: { timeOfDay: '02:00', timezone: 'UTC' } } },
      { daily: { startTime: { timeOfDay: '24:00', timezone: 'UTC' } } },
      { daily: { startTime: { timeOfDay: '02:00', timezone: 'Mars/Olympus' } } },
      { weekly: { startTime: { timeOfDay: '02:00', timezone: 'UTC' }, days: [] } },
    ]) {
      assert.throws(
        () => checkSchedule(bad),
        (e: unknown) => e instanceof AwsError && e.code === 'ValidationException',
        JSON.stringify(bad),
      );
    }
  });

  test('a wall-clock time in a zone, across daylight saving', () => {
    assert.equal(zonedInstant(2026, 1, 15, 2, 0, 'Europe/Berlin'), at('2026-01-15T01:00:00Z'));
    assert.equal(zonedInstant(2026, 7, 15, 2, 0, 'Europe/Berlin'), at('2026-07-15T00:00:00Z'));
    assert.equal(zonedInstant(2026, 7, 15, 9, 30, 'America/New_York'), at('2026-07-15T13:30:00Z'));
  });

  test('daily: later today, else tomorrow', () => {
    const daily = { daily: { startTime: { timeOfDay: '14:00', timezone: 'UTC' } } };
    assert.equal(nextRun(daily, at('2026-03-10T13:59:00Z')), at('2026-03-10T14:00:00Z'));
    assert.equal(nextRun(daily, at('2026-03-10T14:00:00Z')), at('2026-03-11T14:00:00Z'));
    assert.equal(nextRun({ oneTime: {} }, at('2026-03-10T14:00:00Z')), undefined);
  });

  test('weekly on its days, monthly on the first such weekday of the month', () => {
    // 2026-03-10 is a Tuesday.
    const weekly = {
      weekly: { startTime: { timeOfDay: '08:00', timezone: 'UTC' }, days: ['MON' as const, 'FRI' as const] },
    };
    assert.equal(nextRun(weekly, at('2026-03-10T12:00:00Z')), at('2026-03-13T08:00:00Z'));
    const monthly = { monthly: { startTime: { timeOfDay: '08:00', timezone: 'UTC' }, day: 'MON' as const } };
    // The first Monday of March 2026 is the 2nd (past); of April, the 6th.
    assert.equal(nextRun(monthly, at('2026-03-10T12:00:00Z')), at('2026-04-06T08:00:00Z'));
  });
});
