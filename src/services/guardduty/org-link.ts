// GuardDuty's view of Organizations, through runtime.organizations only: an account's organization, its accounts,
// and GuardDuty's delegated administrator there.
import type { Kysely } from 'kysely';
import type { OrganizationAccount } from '../../core/runtime.js';
import type { RequestContext } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';

/** GuardDuty's service principal in Organizations (trusted access and delegated administrator). */
export const GUARDDUTY_PRINCIPAL = 'guardduty.amazonaws.com';

export interface GuardDutyOrg {
  orgId: string;
  managementAccountId: string;
}

/** The organization an account is in (as its management account or a member), if Warden serves Organizations. */
export async function organizationOf(
  ctx: RequestContext,
  db: Kysely<Database>,
  accountId: string,
): Promise<GuardDutyOrg | undefined> {
  const scope = await ctx.runtime.organizations?.directory(db).organizationOf(accountId);
  return scope && { orgId: scope.orgId, managementAccountId: scope.managementAccountId };
}

/** The organization's GuardDuty delegated administrators (AWS allows one). */
export async function guardDutyAdmins(ctx: RequestContext, db: Kysely<Database>, org: GuardDutyOrg): Promise<string[]> {
  const integration = ctx.runtime.organizations?.integration;
  return integration ? integration.delegatedAdministrators(db, org.orgId, GUARDDUTY_PRINCIPAL) : [];
}

/** The organization whose GuardDuty delegated administrator this account is, if it is one. */
export async function administeredOrg(
  ctx: RequestContext,
  db: Kysely<Database>,
  accountId: string,
): Promise<GuardDutyOrg | undefined> {
  const org = await organizationOf(ctx, db, accountId);
  if (!org) return undefined;
  return (await guardDutyAdmins(ctx, db, org)).includes(accountId) ? org : undefined;
}

/** The organization's accounts (the management account included), with their root email and when they joined. */
export async function organizationAccounts(
  ctx: RequestContext,
  db: Kysely<Database>,
  org: GuardDutyOrg,
): Promise<OrganizationAccount[]> {
  const integration = ctx.runtime.organizations?.integration;
  return integration ? integration.accounts(db, org.orgId) : [];
}
