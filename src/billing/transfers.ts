// Bills another organization's management account pays through an accepted billing transfer, and from when.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { billingFamily, consolidatedAccounts, type BilledAccount } from './accounts.js';

export interface TransferredBill {
  /** The bill-source organization's consolidated bill: its management account and members. */
  accounts: BilledAccount[];
  /** The family that bill's usage is priced in (the source organization's). */
  family: string[];
  /** The transfer's window [start, end): charges accrued in it are the payer's. */
  start: number;
  end: number;
}

/**
 * The bills payerId manages and pays for other organizations (AWS's "inbound billing"): each accepted BILLING
 * transfer whose target it is, for its window. A withdrawn transfer still covers the months before its end.
 */
export async function inboundBills(db: Kysely<Database>, payerId: string): Promise<TransferredBill[]> {
  const rows = await db
    .selectFrom('org_responsibility_transfers')
    .select(['source_account_id', 'source_org_id', 'start_at', 'end_at'])
    .where('target_account_id', '=', payerId)
    .where('type', '=', 'BILLING')
    .where('status', 'in', ['ACCEPTED', 'WITHDRAWN'])
    .orderBy('start_at')
    .execute();
  const bills: TransferredBill[] = [];
  for (const row of rows) {
    const end = row.end_at ?? Number.MAX_SAFE_INTEGER;
    if (end <= row.start_at) continue;
    // The transfer is the source organization's: it lapses with that organization (deleted, or managed by another).
    const org = await db
      .selectFrom('org_organizations')
      .select('id')
      .where('id', '=', row.source_org_id)
      .where('management_account_id', '=', row.source_account_id)
      .executeTakeFirst();
    if (!org) continue;
    bills.push({
      accounts: await consolidatedAccounts(db, row.source_account_id),
      family: await billingFamily(db, row.source_account_id),
      start: row.start_at,
      end,
    });
  }
  return bills;
}
