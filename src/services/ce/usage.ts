// The rated usage a Cost Explorer caller may see: its consolidated bill's accounts, priced with its whole family.
import type { Expression } from '../../aws/generated/ce.js';
import { billingFamily, consolidatedAccounts, type BilledAccount } from '../../billing/accounts.js';
import { loadPriceList } from '../../billing/price-list.js';
import { ratedUsage, type RatedUsage } from '../../billing/rating.js';
import { billedServices } from '../../billing/services.js';
import { inboundBills } from '../../billing/transfers.js';
import type { RequestContext } from '../../core/runtime.js';
import { matchesExpression } from './filter.js';

export interface VisibleUsage {
  /** The accounts on the caller's bill: its organization's for a management account, else itself. */
  accounts: BilledAccount[];
  /** Their rated usage in the period, before any filter. */
  usage: RatedUsage[];
}

/**
 * The caller's visible usage in [start, end). A member account sees only its own usage, but priced as its
 * organization's consolidated bill prices it (tiers reached by the whole family, the family's blended rates).
 */
export async function visibleUsage(ctx: RequestContext, start: number, end: number): Promise<VisibleUsage> {
  const { store, config } = ctx.runtime;
  const accountId = ctx.identity.accountId;
  const accounts = await consolidatedAccounts(store.db, accountId);
  const familyAccounts = await billingFamily(store.db, accountId);
  const prices = await loadPriceList({ dataDir: config.dataDir, env: process.env });
  const rated = await ratedUsage(store, {
    services: billedServices(ctx.runtime.services.values()),
    familyAccounts,
    familyOf: () => 'family',
    start,
    end,
    now: ctx.receivedAt.getTime(),
    prices,
  });
  const visible = new Set(accounts.map((a) => a.id));
  const usage = rated.filter((r) => visible.has(r.accountId));
  // Bills the caller pays through billing transfers: the source organization's usage within each transfer's
  // window, priced in the source's own family.
  const billed = new Map(accounts.map((a) => [a.id, a]));
  for (const bill of await inboundBills(store.db, accountId)) {
    const from = Math.max(start, bill.start);
    const to = Math.min(end, bill.end);
    if (from >= to) continue;
    const transferred = await ratedUsage(store, {
      services: billedServices(ctx.runtime.services.values()),
      familyAccounts: bill.family,
      familyOf: () => 'family',
      start: from,
      end: to,
      now: ctx.receivedAt.getTime(),
      prices,
    });
    const source = new Set(bill.accounts.map((a) => a.id));
    for (const a of bill.accounts) billed.set(a.id, a);
    usage.push(...transferred.filter((r) => source.has(r.accountId) && !visible.has(r.accountId)));
  }
  const all = [...billed.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { accounts: all, usage };
}

/** The records a validated filter lets through (all of them without one). */
export function filtered(usage: RatedUsage[], filter: Expression | undefined): RatedUsage[] {
  return filter ? usage.filter((r) => matchesExpression(filter, r)) : usage;
}
