// Forecasts: the history's mean per day over each period, and prediction intervals that widen with the period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastCost, normalQuantile } from './forecast.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 4, 20);

function near(actual: number | undefined, expected: number, what: string, tolerance = 1e-7): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < tolerance, `${what}: ${actual} ≈ ${expected}`);
}

test('normalQuantile matches the standard normal table', () => {
  near(normalQuantile(0.5), 0, 'median');
  near(normalQuantile(0.9), 1.2815515655446004, '80% two-sided');
  near(normalQuantile(0.975), 1.959963984540054, '95% two-sided');
  near(normalQuantile(0.995), 2.5758293035489004, '99% two-sided');
  near(normalQuantile(0.01), -2.3263478740408408, 'lower tail');
  assert.throws(() => normalQuantile(1), RangeError);
});

test('the mean is the average day times the days; intervals are n·m ± z·s·√(n + n²/N), never below 0', () => {
  const history = [2, 4, 6, 8]; // m = 5, s² = 20/3, N = 4
  const s = Math.sqrt(20 / 3);
  const z = 1.2815515655446004;
  const periods = [
    { start: T, end: T + DAY },
    { start: T + DAY, end: T + 3 * DAY },
  ];
  const forecast = forecastCost(history, periods, 80);
  near(forecast.periods[0]!.mean, 5, 'one day');
  near(forecast.periods[0]!.upper, 5 + z * s * Math.sqrt(1 + 1 / 4), 'one day upper');
  near(forecast.periods[0]!.lower, 5 - z * s * Math.sqrt(1 + 1 / 4), 'one day lower');
  near(forecast.periods[1]!.mean, 10, 'two days');
  near(forecast.periods[1]!.upper, 10 + z * s * Math.sqrt(2 + 4 / 4), 'two days upper');
  assert.deepEqual([forecast.total.start, forecast.total.end], [T, T + 3 * DAY]);
  near(forecast.total.mean, 15, 'total');
  near(forecast.total.lower, 15 - z * s * Math.sqrt(3 + 9 / 4), 'total lower');

  const noLevel = forecastCost(history, periods, undefined);
  assert.equal(noLevel.total.lower, undefined);
  assert.equal(noLevel.total.upper, undefined);

  const volatile = forecastCost([0, 0, 0, 10], [{ start: T, end: T + DAY }], 99);
  assert.equal(volatile.periods[0]!.lower, 0);
  assert.throws(() => forecastCost([1], periods, 80), /at least 2 days/);
});
