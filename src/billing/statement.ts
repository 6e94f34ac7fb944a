// An operator's billing statement: quantity and cost per account, service and usage type over a period.
import type { Store } from '../store/store.js';
import { billingFamily, consolidatedAccounts, familyKeys, type BilledAccount } from './accounts.js';
import type { PriceList } from './price-list.js';
import { ratedUsage } from './rating.js';
import { formatAmount } from './report.js';
import type { BilledService } from './services.js';
import { inboundBills } from './transfers.js';

export interface StatementLine {
  accountId: string;
  accountName: string;
  service: string;
  usageType: string;
  quantity: number;
  cost: number;
}

export interface Statement {
  lines: StatementLine[];
  total: number;
}

export interface StatementRequest {
  /** The services metered (src/services/registry.ts's BILLED_SERVICES). */
  services: readonly BilledService[];
  start: number;
  end: number;
  /**
   * The consolidated bill of this account (its organization's, for a management account, and the organizations' it
   * pays through billing transfers); all accounts if absent.
   */
  accountId?: string;
  prices: PriceList;
  now: number;
}

export async function billingStatement(store: Store, request: StatementRequest): Promise<Statement> {
  const accounts: BilledAccount[] = request.accountId
    ? await consolidatedAccounts(store.db, request.accountId)
    : await store.db.selectFrom('accounts').select(['id', 'name']).orderBy('id').execute();
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  // Priced with each account's whole consolidated-billing family, as its bill is (rating.ts).
  const families = await familyKeys(store.db);
  const familyAccounts = request.accountId
    ? await billingFamily(store.db, request.accountId)
    : accounts.map((a) => a.id);
  const rate = (family: string[], start: number, end: number) =>
    ratedUsage(store, {
      services: request.services,
      familyAccounts: family,
      familyOf: (id) => families.get(id) ?? id,
      start,
      end,
      now: request.now,
      prices: request.prices,
    });
  const usage = await rate(familyAccounts, request.start, request.end);
  // A payer's bill includes the bills it pays through billing transfers, as Cost Explorer shows them (ce/usage.ts):
  // each source organization's usage within the transfer's window, priced in the source's own family. Without an
  // account every account is on the statement already, each priced in its own family.
  if (request.accountId) {
    for (const bill of await inboundBills(store.db, request.accountId)) {
      const from = Math.max(request.start, bill.start);
      const to = Math.min(request.end, bill.end);
      if (from >= to) continue;
      const source = new Set(bill.accounts.map((a) => a.id).filter((id) => !names.has(id)));
      const transferred = await rate(bill.family, from, to);
      usage.push(...transferred.filter((r) => source.has(r.accountId)));
      for (const a of bill.accounts) if (source.has(a.id)) names.set(a.id, a.name);
    }
  }
  const lines = new Map<string, StatementLine>();
  for (const record of usage) {
    if (!names.has(record.accountId)) continue;
    const id = `${record.accountId}\u0000${record.service}\u0000${record.usageType}`;
    const line = lines.get(id) ?? {
      accountId: record.accountId,
      accountName: names.get(record.accountId) ?? record.accountId,
      service: record.service,
      usageType: record.usageType,
      quantity: 0,
      cost: 0,
    };
    line.quantity += record.quantity;
    line.cost += record.unblendedCost;
    lines.set(id, line);
  }
  const sorted = [...lines.values()].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.service.localeCompare(b.service) ||
      a.usageType.localeCompare(b.usageType),
  );
  return { lines: sorted, total: sorted.reduce((sum, l) => sum + l.cost, 0) };
}

/** The statement as a plain-text table: one block per account with its subtotal, then the grand total. */
export function formatStatement(statement: Statement): string {
  const header = ['Account', 'Service', 'Usage type', 'Quantity', 'Cost (USD)'];
  const rows: string[][] = [];
  const byAccount = new Map<string, StatementLine[]>();
  for (const line of statement.lines) byAccount.set(line.accountId, [...(byAccount.get(line.accountId) ?? []), line]);
  for (const [accountId, lines] of byAccount) {
    for (const l of lines) {
      rows.push([`${accountId} (${l.accountName})`, l.service, l.usageType, formatAmount(l.quantity), money(l.cost)]);
    }
    rows.push([`${accountId} subtotal`, '', '', '', money(lines.reduce((s, l) => s + l.cost, 0))]);
  }
  rows.push(['Total', '', '', '', money(statement.total)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (r: string[]) =>
    r
      .map((cell, i) => (i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)].join('\n') + '\n';
}

/** Costs to 6 decimals: per-request prices are fractions of a cent. */
function money(value: number): string {
  return value.toFixed(6);
}
