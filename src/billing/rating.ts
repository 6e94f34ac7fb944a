// Rating: what metered usage costs, unblended (at the rate each unit was billed at) and blended (family average).
//
// The model follows AWS's Billing user guide, "Understanding consolidated bills" (Pricing tiers; Blended rates
// and costs):
//
// - A consolidated-billing family is an organization (its management account and members), or an account that
//   belongs to none. AWS "treats all accounts in an organization as a single account" for pricing: tiers are
//   reached by the family's aggregated usage, never by one account's, and the usage resets every calendar month.
// - Unblended cost: the family's usage of a usage type in a month is laid out day by day, in time order; each
//   day's usage is priced at the tier(s) the family's month-to-date usage has reached, and a day's cost is shared
//   between that day's records in proportion to their quantity (AWS's example assigns tiers to member accounts;
//   Warden's day-by-day order makes the assignment depend only on when usage happened, not on account ids).
// - Blended rate: for each usage type and month, the family's total (unblended) cost divided by its total usage
//   quantity ("total product costs / total product usage"). Blended cost = an account's usage × that rate. Over a
//   whole family and month, blended and unblended totals are equal; per account and per day they differ as soon as
//   tiers apply. A month still in progress is blended over its usage so far, so its blended costs are estimates
//   until the month ends, as AWS's are.
// - With a flat price every unit costs the same, so blended cost equals unblended cost: Warden's default price list
//   is flat; tiers come from an operator's price list override (price-list.ts).
import type { Store } from '../store/store.js';
import { monthStart, nextMonthStart } from './dates.js';
import { costBetween, type PriceList } from './price-list.js';
import { meterUsage, type UsageRecord } from './usage.js';
import type { BilledService } from './services.js';

export interface RatedUsage extends UsageRecord {
  /** USD at the rate(s) this usage was billed at. */
  unblendedCost: number;
  /** USD at the family's blended rate for this usage type and month. */
  blendedCost: number;
}

/** Rates usage of whole calendar months; familyOf names the consolidated-billing family of an account. */
export function rateUsage(
  usage: readonly UsageRecord[],
  prices: PriceList,
  familyOf: (accountId: string) => string,
): RatedUsage[] {
  const rated = usage.map((u) => ({ ...u, unblendedCost: 0, blendedCost: 0 }));
  const groups = new Map<string, RatedUsage[]>();
  for (const r of rated) {
    const id = JSON.stringify([familyOf(r.accountId), monthStart(r.day), r.usageType]);
    const group = groups.get(id);
    if (group) group.push(r);
    else groups.set(id, [r]);
  }
  for (const group of groups.values()) rateGroup(group, prices[group[0]!.usageType]);
  return rated;
}

/** One family's usage of one usage type in one month. */
function rateGroup(group: RatedUsage[], price: PriceList[string] | undefined): void {
  if (price === undefined || typeof price === 'number') {
    // Flat: every unit at the same rate, so the blended rate is that rate too (and no float drift from sharing).
    for (const r of group) r.unblendedCost = r.blendedCost = r.quantity * (price ?? 0);
    return;
  }
  const byDay = new Map<number, RatedUsage[]>();
  for (const r of group) {
    const day = byDay.get(r.day);
    if (day) day.push(r);
    else byDay.set(r.day, [r]);
  }
  let monthToDate = 0;
  let totalCost = 0;
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const records = byDay.get(day)!;
    const quantity = records.reduce((sum, r) => sum + r.quantity, 0);
    const cost = costBetween(price, monthToDate, monthToDate + quantity);
    for (const r of records) r.unblendedCost = quantity > 0 ? (cost * r.quantity) / quantity : 0;
    monthToDate += quantity;
    totalCost += cost;
  }
  const blendedRate = monthToDate > 0 ? totalCost / monthToDate : 0;
  for (const r of group) r.blendedCost = r.quantity * blendedRate;
}

export interface RatedUsageQuery {
  /** The services metered: a call to any other is not billed. */
  services: readonly BilledService[];
  /** Every account of the families involved: tiers and blended rates need all of their usage. */
  familyAccounts: readonly string[];
  familyOf: (accountId: string) => string;
  /** Epoch ms, inclusive; a UTC midnight. */
  start: number;
  /** Epoch ms, exclusive; a UTC midnight. */
  end: number;
  now: number;
  prices: PriceList;
}

/**
 * The families' rated usage in [start, end). Whole calendar months around the range are metered, since a day's
 * tier depends on the usage earlier in its month and the blended rate on the whole month's.
 */
export async function ratedUsage(store: Store, query: RatedUsageQuery): Promise<RatedUsage[]> {
  if (query.start >= query.end) return [];
  const usage = await meterUsage(store, {
    services: query.services,
    accounts: query.familyAccounts,
    start: monthStart(query.start),
    end: nextMonthStart(query.end - 1),
    now: query.now,
  });
  return rateUsage(usage, query.prices, query.familyOf).filter((r) => r.day >= query.start && r.day < query.end);
}
