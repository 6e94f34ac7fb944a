// Which accounts' Inspector data a caller sees: its own, and when it is its organization's Inspector delegated
// administrator, each member it has associated (findings, coverage, aggregations and account status alike).
import type { Kysely } from 'kysely';
import { administeredOrganization, organizationAccounts } from '../../../core/organization-link.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import './tables.js';

/** Inspector's service principal in Organizations (trusted access and delegated administrator). */
export const INSPECTOR_PRINCIPAL = 'inspector2.amazonaws.com';

/** Inspector's quota of members per delegated administrator. */
export const MAX_MEMBERS = 10_000;

/** The ids of the administrator's associated members in a Region, in id order (the administrator's own rows). */
export async function associatedMemberIds(db: Kysely<Database>, adminId: string, region: string): Promise<string[]> {
  const rows = await accountScope(db, adminId)
    .selectFrom('inspector2_members')
    .select('member_account_id')
    .where('region', '=', region)
    .where('relationship', '=', 'ENABLED')
    .orderBy('member_account_id')
    .limit(MAX_MEMBERS)
    .execute();
  return rows.map((r) => r.member_account_id);
}

/**
 * The accounts whose findings, coverage and status the caller sees in the request's Region: the caller, then the
 * members it associated while it is still its organization's delegated administrator and they are still ACTIVE
 * accounts of that organization (one that left, or was suspended, drops out at once). Every cross-account read of
 * Inspector goes through here.
 */
export async function visibleAccountIds(ctx: RequestContext, db: Kysely<Database> = ctx.runtime.store.db) {
  const caller = ctx.identity.accountId;
  const org = await administeredOrganization(ctx, db, caller, INSPECTOR_PRINCIPAL);
  if (!org) return [caller];
  const members = await associatedMemberIds(db, caller, ctx.region);
  if (members.length === 0) return [caller];
  const active = new Set(
    (await organizationAccounts(ctx, db, org)).filter((a) => a.status === 'ACTIVE').map((a) => a.accountId),
  );
  return [caller, ...members.filter((id) => id !== caller && active.has(id))];
}
