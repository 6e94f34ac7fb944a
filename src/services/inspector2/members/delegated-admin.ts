// Inspector's delegated administrator for Organizations: enabled and disabled by the organization's management account
// (registering it in Organizations, as AWS's Inspector does on the caller's behalf), read by the organization's accounts.
import type { Kysely } from 'kysely';
import type {
  DisableDelegatedAdminAccountRequest,
  DisableDelegatedAdminAccountResponse,
  EnableDelegatedAdminAccountRequest,
  EnableDelegatedAdminAccountResponse,
  GetDelegatedAdminAccountResponse,
  ListDelegatedAdminAccountsRequest,
  ListDelegatedAdminAccountsResponse,
} from '../../../aws/generated/inspector2.js';
import {
  delegatedAdmins,
  organizationAccounts,
  organizationOf,
  type LinkedOrganization,
} from '../../../core/organization-link.js';
import type { RequestContext } from '../../../core/runtime.js';
import { otherAccountScope } from '../../../store/account-scope.js';
import { pageOfList } from '../../../store/pagination.js';
import type { Database } from '../../../store/schema.js';
import { accessDenied, conflict, invalidToken, notFound, validation } from '../errors.js';
import { INSPECTOR_PRINCIPAL } from './visibility.js';

/** Warden's wording (AWS documents the rule, not its text): only the management account designates the administrator. */
const NOT_MANAGEMENT =
  'Only the management account of an AWS Organizations organization can manage the Amazon Inspector delegated administrator.';
const NOT_IN_ORGANIZATION = 'The account is not a member of an AWS Organizations organization.';

/** The caller's organization when the caller is its management account; AccessDeniedException otherwise. */
async function managedOrganization(ctx: RequestContext, db: Kysely<Database>): Promise<LinkedOrganization> {
  const org = await organizationOf(ctx, db, ctx.identity.accountId);
  if (!org || org.managementAccountId !== ctx.identity.accountId || !ctx.runtime.organizations?.integration)
    throw accessDenied(NOT_MANAGEMENT);
  return org;
}

export async function enableDelegatedAdminAccount(
  ctx: RequestContext,
  input: EnableDelegatedAdminAccountRequest,
): Promise<EnableDelegatedAdminAccountResponse> {
  const id = input.delegatedAdminAccountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const org = await managedOrganization(ctx, trx);
    const account = (await organizationAccounts(ctx, trx, org)).find((a) => a.accountId === id);
    if (account === undefined || account.status !== 'ACTIVE')
      throw validation(`The account ${id} is not an active account of the organization.`);
    const current = await delegatedAdmins(ctx, trx, org, INSPECTOR_PRINCIPAL);
    if (current.includes(id)) return; // The administrator already: nothing to change.
    // One delegated administrator per organization.
    if (current.length > 0)
      throw conflict(
        `The organization already has an Amazon Inspector delegated administrator (${current[0]}); disable it first.`,
        current[0]!,
        'DELEGATED_ADMIN_ACCOUNT',
      );
    await ctx.runtime.organizations!.integration!.registerDelegatedAdministrator(
      trx,
      org.orgId,
      id,
      INSPECTOR_PRINCIPAL,
    );
  });
  return { delegatedAdminAccountId: id };
}

export async function disableDelegatedAdminAccount(
  ctx: RequestContext,
  input: DisableDelegatedAdminAccountRequest,
): Promise<DisableDelegatedAdminAccountResponse> {
  const id = input.delegatedAdminAccountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const org = await managedOrganization(ctx, trx);
    if (!(await delegatedAdmins(ctx, trx, org, INSPECTOR_PRINCIPAL)).includes(id))
      throw notFound(`The account ${id} is not the Amazon Inspector delegated administrator of the organization.`);
    await ctx.runtime.organizations!.integration!.deregisterDelegatedAdministrator(
      trx,
      org.orgId,
      id,
      INSPECTOR_PRINCIPAL,
    );
    // "Member accounts become standalone accounts and retain their original scan settings": the former
    // administrator's members and organization configuration (its own rows) go; nobody's scanning changes.
    const former = otherAccountScope(trx, id);
    await former.deleteFrom('inspector2_members').execute();
    await former.deleteFrom('inspector2_org_config').execute();
  });
  return { delegatedAdminAccountId: id };
}

/** The organization's administrator, as any of its accounts reads it; an account outside an organization is refused. */
export async function getDelegatedAdminAccount(ctx: RequestContext): Promise<GetDelegatedAdminAccountResponse> {
  const db = ctx.runtime.store.db;
  const org = await organizationOf(ctx, db, ctx.identity.accountId);
  if (!org) throw accessDenied(NOT_IN_ORGANIZATION);
  const admin = (await delegatedAdmins(ctx, db, org, INSPECTOR_PRINCIPAL))[0];
  return admin === undefined ? {} : { delegatedAdmin: { accountId: admin, relationshipStatus: 'ENABLED' } };
}

export async function listDelegatedAdminAccounts(
  ctx: RequestContext,
  input: ListDelegatedAdminAccountsRequest,
): Promise<ListDelegatedAdminAccountsResponse> {
  const db = ctx.runtime.store.db;
  const org = await managedOrganization(ctx, db);
  const admins = await delegatedAdmins(ctx, db, org, INSPECTOR_PRINCIPAL);
  const page = pageOfList(ctx, admins, {
    token: input.nextToken,
    limit: input.maxResults ?? 5,
    filters: {},
    errors: { invalid: invalidToken },
  });
  const out: ListDelegatedAdminAccountsResponse = {
    delegatedAdminAccounts: page.items.map((accountId) => ({ accountId, status: 'ENABLED' as const })),
  };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}
