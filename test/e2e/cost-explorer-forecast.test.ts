// Cost Explorer end to end: GetCostForecast against a hand-computed forecast from a known metered history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CostExplorerClient,
  GetCostForecastCommand,
  type GetCostForecastCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { insertCalls, type CallSpec } from '../helpers/billing.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DAY_MS as DAY, utcTodayWithRoom } from '../helpers/utc-day.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TODAY = await utcTodayWithRoom();
const d = new Date(TODAY);
const NEXT_MONTH = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
const MONTH_AFTER = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 1);

/**
 * The history: the four complete days before today. With KMS requests at $1 and IAM requests at $10, the KMS
 * costs are 2, 4, 6, 8 (mean 5, sample variance ((−3)² + (−1)² + 1² + 3²) / 3 = 20/3); one IAM call on the
 * second day makes the unfiltered days 2, 14, 6, 8 (mean 7.5). Today's own calls (the forecasts) are not history.
 */
const PRICES = { 'KMS-Requests': 1, 'IAM-Requests': 10 };
const KMS_PER_DAY = [2, 4, 6, 8];
const N = 4;
const KMS_MEAN = 5;
const KMS_SD = Math.sqrt(20 / 3);
const ALL_MEAN = 7.5;
/** Standard normal quantiles at (1 + level) / 2. */
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;
/** The model's interval half-width for a period of n days. */
const halfWidth = (z: number, n: number) => z * KMS_SD * Math.sqrt(n + (n * n) / N);

function near(actual: string | undefined, expected: number, what: string): void {
  assert.ok(Math.abs(Number(actual) - expected) < 1e-6, `${what}: ${actual} ≈ ${expected}`);
}

function rejectsWith(code: string, message: string | RegExp) {
  return (err: { name: string; message: string }) => {
    assert.equal(err.name, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  };
}

describe('cost explorer: GetCostForecast', () => {
  let w: TestWarden;
  let ce: CostExplorerClient;
  let withoutHistory: unknown;
  const kmsOnly = { Dimensions: { Key: 'SERVICE' as const, Values: ['AWS Key Management Service'] } };
  const forecast = (extra: Partial<GetCostForecastCommandInput>) =>
    ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: day(TODAY), End: day(TODAY + 3 * DAY) },
        Metric: 'UNBLENDED_COST',
        Granularity: 'DAILY',
        ...extra,
      }),
    );

  before(async () => {
    w = await startWarden();
    ce = new CostExplorerClient(w.clientConfig);
    writeFileSync(join(w.dataDir, 'price-list.json'), JSON.stringify(PRICES));
    // Before any history exists, there is nothing to forecast from.
    withoutHistory = await forecast({}).catch((err: unknown) => err);
    const history: CallSpec[] = KMS_PER_DAY.flatMap((n, i) =>
      Array.from({ length: n }, (_, j) => ({
        account: w.accountId,
        eventSource: 'kms.amazonaws.com',
        time: TODAY - (N - i) * DAY + j,
      })),
    );
    history.push({ account: w.accountId, eventSource: 'iam.amazonaws.com', time: TODAY - 3 * DAY + 5 });
    await insertCalls(w.warden.runtime.store.db, history);
  });
  after(async () => {
    await w.stop();
  });

  test('without history: DataUnavailableException', () => {
    rejectsWith(
      'DataUnavailableException',
      'Insufficient amount of historical data.',
    )(withoutHistory as { name: string; message: string });
  });

  test('DAILY: each day the mean day, with the prediction interval the level asks for', async () => {
    const out = await forecast({ Filter: kmsOnly, PredictionIntervalLevel: 80 });
    assert.deepEqual(
      out.ForecastResultsByTime!.map((r) => [r.TimePeriod!.Start, r.TimePeriod!.End]),
      [0, 1, 2].map((i) => [day(TODAY + i * DAY), day(TODAY + (i + 1) * DAY)]),
    );
    for (const r of out.ForecastResultsByTime!) {
      near(r.MeanValue, KMS_MEAN, 'daily mean');
      near(r.PredictionIntervalLowerBound, KMS_MEAN - halfWidth(Z80, 1), 'daily lower');
      near(r.PredictionIntervalUpperBound, KMS_MEAN + halfWidth(Z80, 1), 'daily upper');
    }
    assert.equal(out.Total!.Unit, 'USD');
    near(out.Total!.Amount, 3 * KMS_MEAN, 'total');

    const wider = await forecast({ Filter: kmsOnly, PredictionIntervalLevel: 95 });
    near(wider.ForecastResultsByTime![0]!.PredictionIntervalUpperBound, KMS_MEAN + halfWidth(Z95, 1), '95% upper');
  });

  test('MONTHLY: calendar months clipped to the period; no interval unless asked for', async () => {
    const out = await forecast({ TimePeriod: { Start: day(TODAY), End: day(MONTH_AFTER) }, Granularity: 'MONTHLY' });
    const restOfMonth = (NEXT_MONTH - TODAY) / DAY;
    const nextMonth = (MONTH_AFTER - NEXT_MONTH) / DAY;
    assert.deepEqual(
      out.ForecastResultsByTime!.map((r) => [r.TimePeriod!.Start, r.TimePeriod!.End]),
      [
        [day(TODAY), day(NEXT_MONTH)],
        [day(NEXT_MONTH), day(MONTH_AFTER)],
      ],
    );
    near(out.ForecastResultsByTime![0]!.MeanValue, restOfMonth * ALL_MEAN, 'rest of this month');
    near(out.ForecastResultsByTime![1]!.MeanValue, nextMonth * ALL_MEAN, 'next month');
    near(out.Total!.Amount, (restOfMonth + nextMonth) * ALL_MEAN, 'total');
    assert.equal(out.ForecastResultsByTime![0]!.PredictionIntervalLowerBound, undefined);
  });

  test('every cost metric forecasts the same with flat prices (no tiers, reservations or discounts)', async () => {
    for (const Metric of ['BLENDED_COST', 'AMORTIZED_COST', 'NET_UNBLENDED_COST', 'NET_AMORTIZED_COST'] as const) {
      near((await forecast({ Metric, Filter: kmsOnly })).Total!.Amount, 3 * KMS_MEAN, Metric);
    }
  });

  test("validation answers Cost Explorer's errors", async () => {
    const cases: [Partial<GetCostForecastCommandInput>, string, string | RegExp][] = [
      [
        { TimePeriod: { Start: day(TODAY + DAY), End: day(TODAY) } },
        'ValidationException',
        `Requested Start: ${day(TODAY + DAY)} must be before requested End: ${day(TODAY)}`,
      ],
      [
        { TimePeriod: { Start: day(TODAY - DAY), End: day(TODAY + DAY) } },
        'ValidationException',
        new RegExp(`^Start date ${day(TODAY - DAY)} is before the current date ${day(TODAY)}`),
      ],
      [{ TimePeriod: { Start: day(TODAY), End: day(TODAY + 100 * DAY) } }, 'ValidationException', /too far/],
      [{ Metric: 'USAGE_QUANTITY' }, 'ValidationException', /USAGE_QUANTITY is not supported by GetCostForecast/],
      [{ Granularity: 'HOURLY' }, 'ValidationException', /HOURLY/],
      [
        { Filter: { Dimensions: { Key: 'RESOURCE_ID', Values: ['x'] } } },
        'ValidationException',
        'Dimension RESOURCE_ID is not allowed.',
      ],
      [
        { PredictionIntervalLevel: 50 },
        'ValidationException',
        /Value '50' at 'predictionIntervalLevel' failed to satisfy constraint: Member must have value greater than or equal to 51/,
      ],
    ];
    for (const [extra, code, message] of cases) {
      await assert.rejects(forecast(extra), rejectsWith(code, message));
    }
  });
});
