// GetCostForecast: the caller's future cost, projected from its metered history (model in billing/forecast.ts).
import { AwsError } from '../../aws/error.js';
import type { ForecastResult, GetCostForecastRequest, GetCostForecastResponse } from '../../aws/generated/ce.js';
import { formatDay } from '../../billing/dates.js';
import { forecastCost, LOOKBACK_DAYS, MIN_HISTORY_DAYS, type ForecastPeriod } from '../../billing/forecast.js';
import { addTo, emptyTotals, metricAmount, type Metric, type Totals } from '../../billing/metrics.js';
import { formatAmount, periodsOf } from '../../billing/report.js';
import { DAY_MS } from '../../billing/usage.js';
import type { RequestContext } from '../../core/runtime.js';
import { FORECAST_DIMENSIONS, validateExpression } from './filter.js';
import { parseDates, parseGranularity, validation } from './request.js';
import { filtered, visibleUsage } from './usage.js';

/** GetCostForecast's Metric values and the Cost Explorer metric each forecasts. */
const FORECAST_METRICS: Readonly<Record<string, Metric>> = {
  BLENDED_COST: 'BlendedCost',
  UNBLENDED_COST: 'UnblendedCost',
  AMORTIZED_COST: 'AmortizedCost',
  NET_UNBLENDED_COST: 'NetUnblendedCost',
  NET_AMORTIZED_COST: 'NetAmortizedCost',
};

/** "You can get 3 months of DAILY forecasts or 18 months of MONTHLY forecasts." */
const HORIZON_MONTHS = { DAILY: 3, MONTHLY: 18 } as const;

export async function getCostForecast(
  ctx: RequestContext,
  input: GetCostForecastRequest,
): Promise<GetCostForecastResponse> {
  if (input.BillingViewArn) throw validation('BillingViewArn is not supported by Warden');
  const now = ctx.receivedAt.getTime();
  const today = now - (now % DAY_MS);
  const { start, end } = parseDates(input.TimePeriod);
  if (start >= end) {
    throw validation(
      `Requested Start: ${input.TimePeriod.Start} must be before requested End: ${input.TimePeriod.End}`,
    );
  }
  if (start < today) {
    throw validation(
      `Start date ${input.TimePeriod.Start} is before the current date ${formatDay(today)}: a forecast starts today or later`,
    );
  }
  const granularity = parseGranularity(input.Granularity);
  const horizon = addMonths(today, HORIZON_MONTHS[granularity]);
  const latestEnd = granularity === 'DAILY' ? horizon : firstOfMonthOnOrAfter(horizon);
  if (end > latestEnd) {
    throw validation(
      `End date ${input.TimePeriod.End} is too far in the future: ${granularity} forecasts reach at most ` +
        `${HORIZON_MONTHS[granularity]} months ahead (until ${formatDay(latestEnd)})`,
    );
  }
  const metric = FORECAST_METRICS[input.Metric];
  if (!metric) {
    throw validation(
      `Metric ${input.Metric} is not supported by GetCostForecast: use one of ${Object.keys(FORECAST_METRICS).join(', ')}`,
    );
  }
  if (input.Filter) validateExpression(input.Filter, FORECAST_DIMENSIONS);

  const history = await dailyHistory(ctx, today, metric, input);
  if (history.length < MIN_HISTORY_DAYS) {
    throw new AwsError('DataUnavailableException', 'Insufficient amount of historical data.');
  }
  const forecast = forecastCost(history, periodsOf(start, end, granularity), input.PredictionIntervalLevel);
  return {
    Total: { Amount: formatAmount(forecast.total.mean), Unit: 'USD' },
    ForecastResultsByTime: forecast.periods.map(result),
  };
}

/**
 * The metric's daily amounts over the complete days before today, from the first day the caller's bill shows any
 * usage (whatever the filter) and at most LOOKBACK_DAYS back; days without usage in between count as 0.
 */
async function dailyHistory(
  ctx: RequestContext,
  today: number,
  metric: Metric,
  input: GetCostForecastRequest,
): Promise<number[]> {
  const { usage } = await visibleUsage(ctx, today - LOOKBACK_DAYS * DAY_MS, today);
  if (usage.length === 0) return [];
  const first = usage.reduce((earliest, r) => Math.min(earliest, r.day), today);
  const days: Totals[] = Array.from({ length: (today - first) / DAY_MS }, emptyTotals);
  for (const record of filtered(usage, input.Filter)) addTo(days[(record.day - first) / DAY_MS]!, record);
  return days.map((t) => metricAmount(metric, t));
}

function result(period: ForecastPeriod): ForecastResult {
  const out: ForecastResult = {
    TimePeriod: { Start: formatDay(period.start), End: formatDay(period.end) },
    MeanValue: formatAmount(period.mean),
  };
  if (period.lower !== undefined) out.PredictionIntervalLowerBound = formatAmount(period.lower);
  if (period.upper !== undefined) out.PredictionIntervalUpperBound = formatAmount(period.upper);
  return out;
}

/** The same day of the month `months` later (a day a shorter month lacks rolls over into the next). */
function addMonths(day: number, months: number): number {
  const d = new Date(day);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

function firstOfMonthOnOrAfter(day: number): number {
  const d = new Date(day);
  return d.getUTCDate() === 1 ? day : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
