// Cost and usage per time period and group (LINKED_ACCOUNT / SERVICE), priced from a price list.
import type { PriceList } from './price-list.js';
import { DAY_MS, type UsageRecord } from './usage.js';

export type Granularity = 'DAILY' | 'MONTHLY';
export type GroupDimension = 'LINKED_ACCOUNT' | 'SERVICE';

export interface Amounts {
  /** USD. */
  cost: number;
  quantity: number;
}

export interface ReportGroup extends Amounts {
  /** One value per GroupBy dimension, in its order. */
  keys: string[];
}

export interface ReportPeriod {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  total: Amounts;
  /** Sorted by keys; empty when nothing was used. */
  groups: ReportGroup[];
}

/** The periods [start, end) splits into: whole days, or calendar months clipped to the range. */
export function periodsOf(start: number, end: number, granularity: Granularity): { start: number; end: number }[] {
  const periods: { start: number; end: number }[] = [];
  for (let from = start; from < end;) {
    const next = granularity === 'DAILY' ? from + DAY_MS : firstOfNextMonth(from);
    const to = Math.min(next, end);
    periods.push({ start: from, end: to });
    from = to;
  }
  return periods;
}

function firstOfNextMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function costOf(record: UsageRecord, prices: PriceList): number {
  return record.quantity * (prices[record.usageType] ?? 0);
}

export function buildCostReport(
  usage: readonly UsageRecord[],
  prices: PriceList,
  request: { start: number; end: number; granularity: Granularity; groupBy: readonly GroupDimension[] },
): ReportPeriod[] {
  const periods = periodsOf(request.start, request.end, request.granularity).map((p) => ({
    ...p,
    total: { cost: 0, quantity: 0 },
    byKeys: new Map<string, ReportGroup>(),
  }));
  for (const record of usage) {
    const period = periods.find((p) => record.day >= p.start && record.day < p.end);
    if (!period) continue;
    const cost = costOf(record, prices);
    period.total.cost += cost;
    period.total.quantity += record.quantity;
    if (request.groupBy.length === 0) continue;
    const keys = request.groupBy.map((d) => (d === 'LINKED_ACCOUNT' ? record.accountId : record.service));
    const id = JSON.stringify(keys);
    const group = period.byKeys.get(id) ?? { keys, cost: 0, quantity: 0 };
    group.cost += cost;
    group.quantity += record.quantity;
    period.byKeys.set(id, group);
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
