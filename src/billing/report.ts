// Cost and usage per time period and group (any recorded dimension), from rated usage.
import { nextMonthStart } from './dates.js';
import { dimensionValue } from './dimensions.js';
import { addTo, emptyTotals, type Totals } from './metrics.js';
import type { RatedUsage } from './rating.js';
import { DAY_MS } from './usage.js';

export type Granularity = 'DAILY' | 'MONTHLY';

export interface ReportGroup extends Totals {
  /** One value per GroupBy dimension, in its order. */
  keys: string[];
}

export interface ReportPeriod {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  total: Totals;
  /** Sorted by keys; empty when nothing was used. */
  groups: ReportGroup[];
}

/** The periods [start, end) splits into: whole days, or calendar months clipped to the range. */
export function periodsOf(start: number, end: number, granularity: Granularity): { start: number; end: number }[] {
  const periods: { start: number; end: number }[] = [];
  for (let from = start; from < end;) {
    const next = granularity === 'DAILY' ? from + DAY_MS : nextMonthStart(from);
    const to = Math.min(next, end);
    periods.push({ start: from, end: to });
    from = to;
  }
  return periods;
}

/** Sums rated usage per period and per combination of the groupBy dimensions' values. */
export function buildCostReport(
  usage: readonly RatedUsage[],
  request: { start: number; end: number; granularity: Granularity; groupBy: readonly string[] },
): ReportPeriod[] {
  const periods = periodsOf(request.start, request.end, request.granularity).map((p) => ({
    ...p,
    total: emptyTotals(),
    byKeys: new Map<string, ReportGroup>(),
  }));
  for (const record of usage) {
    const period = periods.find((p) => record.day >= p.start && record.day < p.end);
    if (!period) continue;
    addTo(period.total, record);
    if (request.groupBy.length === 0) continue;
    const keys = request.groupBy.map((d) => dimensionValue(record, d) ?? '');
    const id = JSON.stringify(keys);
    let group = period.byKeys.get(id);
    if (!group) {
      group = { keys, ...emptyTotals() };
      period.byKeys.set(id, group);
    }
    addTo(group, record);
  }
  return periods.map(({ start, end, total, byKeys }) => ({
    start,
    end,
    total,
    groups: [...byKeys.values()].sort((a, b) => compareKeys(a.keys, b.keys)),
  }));
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

/** An amount as Cost Explorer writes it: a decimal string, at most 10 fractional digits, no exponent. */
export function formatAmount(value: number): string {
  const fixed = value.toFixed(10).replace(/\.?0+$/, '');
  return fixed === '-0' || fixed === '' ? '0' : fixed;
}
