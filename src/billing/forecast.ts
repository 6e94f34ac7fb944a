// Cost forecasts: the average daily cost of the metered history, projected over the forecast days, with intervals.
//
// The model (documented in docs/cost-explorer.md):
// - History: the daily costs c_1..c_N of the N complete UTC days before today, from the first day with metered
//   usage (days before Warden metered anything are unknown, not free) and at most LOOKBACK_DAYS back. Today is
//   still in progress and is not part of it.
// - Mean: every forecast day costs the history's mean m = (Σ c_i) / N, so a period of n days forecasts n × m.
// - Prediction interval at level L (PredictionIntervalLevel, 51..99): the days are taken as independent draws
//   with the history's sample standard deviation s (N − 1 in the denominator). A period's total differs from
//   n × m by its n days' own spread (variance n·s²) plus the error in m itself (variance n²·s²/N), so the
//   interval is n × m ± z · s · √(n + n²/N), with z the standard normal quantile at (1 + L) / 2 (1.2816 for 80%,
//   1.96 for 95%). A cost cannot be negative: the lower bound stops at 0.
// - At least MIN_HISTORY_DAYS days are needed (one day has no spread); with fewer, Cost Explorer's
//   DataUnavailableException answers.

/** How far back the history reaches. */
export const LOOKBACK_DAYS = 90;
/** Fewer complete days of history than this cannot be forecast from. */
export const MIN_HISTORY_DAYS = 2;

export interface ForecastPeriod {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  mean: number;
  /** Present when a prediction interval level was asked for. */
  lower?: number;
  upper?: number;
}

export interface Forecast {
  periods: ForecastPeriod[];
  /** The whole forecast range. */
  total: ForecastPeriod;
}

const DAY_MS = 86_400_000;

/** Forecasts each period (and their union) from the daily history; history.length >= MIN_HISTORY_DAYS. */
export function forecastCost(
  history: readonly number[],
  periods: readonly { start: number; end: number }[],
  level: number | undefined,
): Forecast {
  const n = history.length;
  if (n < MIN_HISTORY_DAYS) throw new Error(`a forecast needs at least ${MIN_HISTORY_DAYS} days of history`);
  const mean = history.reduce((sum, c) => sum + c, 0) / n;
  const variance = history.reduce((sum, c) => sum + (c - mean) ** 2, 0) / (n - 1);
  const z = level === undefined ? undefined : normalQuantile((1 + level / 100) / 2);
  const project = (start: number, end: number): ForecastPeriod => {
    const days = (end - start) / DAY_MS;
    const period: ForecastPeriod = { start, end, mean: days * mean };
    if (z !== undefined) {
      const halfWidth = z * Math.sqrt(variance * (days + (days * days) / n));
      period.lower = Math.max(0, period.mean - halfWidth);
      period.upper = period.mean + halfWidth;
    }
    return period;
  };
  return {
    periods: periods.map((p) => project(p.start, p.end)),
    total: project(periods[0]!.start, periods.at(-1)!.end),
  };
}

/**
 * The standard normal quantile Φ⁻¹(p) for 0 < p < 1, by Acklam's rational approximation (relative error below
 * 1.2e-9, far below what a forecast can claim).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1 (got ${p})`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
