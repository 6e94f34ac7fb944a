// An Organizations-integrated service's view of an organization, through runtime.organizations only: an account's
// organization, its accounts, and the service's delegated administrator there (GuardDuty's and Inspector's).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { OrganizationAccount, RequestContext } from './runtime.js';

/** The organization an account is in, as an integrated service needs it. */
export interface LinkedOrganization {
  orgId: string;
  managementAccountId: string;
}

/** The organization an account is in (as its management account or a member), if Warden serves Organizations. */
export async function organizationOf(
  ctx: RequestContext,
  db: Kysely<Database>,
  accountId: string,
): Promise<LinkedOrganization | undefined> {
  const scope = await ctx.runtime.organizations?.directory(db).organizationOf(accountId);
  return scope && { orgId: scope.orgId, managementAccountId: scope.managementAccountId };
}

/** The organization's delegated administrators for the service principal (GuardDuty and Inspector allow one). */
export async function delegatedAdmins(
  ctx: RequestContext,
  db: Kysely<Database>,
  org: LinkedOrganization,
  servicePrincipal: string,
): Promise<string[]> {
  const integration = ctx.runtime.organizations?.integration;
  return integration ? integration.delegatedAdministrators(db, org.orgId, servicePrincipal) : [];
}

/** The organization whose delegated administrator for the service principal this account is, if it is one. */
export async function administeredOrganization(
  ctx: RequestContext,
  db: Kysely<Database>,
  accountId: string,
  servicePrincipal: string,
): Promise<LinkedOrganization | undefined> {
  const org = await organizationOf(ctx, db, accountId);
  if (!org) return undefined;
  return (await delegatedAdmins(ctx, db, org, servicePrincipal)).includes(accountId) ? org : undefined;
}

/** The organization's accounts (the management account included), with their root email and when they joined. */
export async function organizationAccounts(
  ctx: RequestContext,
  db: Kysely<Database>,
  org: LinkedOrganization,
): Promise<OrganizationAccount[]> {
  const integration = ctx.runtime.organizations?.integration;
  return integration ? integration.accounts(db, org.orgId) : [];
}
