// The delegated administrator's members: AssociateMember (the organization's accounts, scan types of its organization
// configuration enabled as each joins), DisassociateMember, GetMember, ListMembers.
import type { Kysely } from 'kysely';
import type {
  AssociateMemberRequest,
  AssociateMemberResponse,
  AutoEnable,
  DescribeOrganizationConfigurationResponse,
  DisassociateMemberRequest,
  DisassociateMemberResponse,
  GetMemberRequest,
  GetMemberResponse,
  ListMembersRequest,
  ListMembersResponse,
  Member,
  ResourceScanType,
  UpdateOrganizationConfigurationRequest,
  UpdateOrganizationConfigurationResponse,
} from '../../../aws/generated/inspector2.js';
import {
  administeredOrganization,
  organizationAccounts,
  type LinkedOrganization,
} from '../../../core/organization-link.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { pageOfList } from '../../../store/pagination.js';
import type { Database } from '../../../store/schema.js';
import { setScanStatus } from '../account-status.js';
import { accessDenied, invalidToken, notFound, quotaExceeded, validation } from '../errors.js';
import type { Inspector2MembersTable } from './tables.js';
import { associatedMemberIds, INSPECTOR_PRINCIPAL, MAX_MEMBERS } from './visibility.js';

/** Warden's wording: AWS documents that only the delegated administrator manages members, not its text. */
const NOT_ADMIN = 'The caller is not the Amazon Inspector delegated administrator of its organization.';

/** The caller's organization when the caller is its Inspector delegated administrator; AccessDeniedException otherwise. */
async function administered(ctx: RequestContext, db: Kysely<Database>): Promise<LinkedOrganization> {
  const org = await administeredOrganization(ctx, db, ctx.identity.accountId, INSPECTOR_PRINCIPAL);
  if (!org) throw accessDenied(NOT_ADMIN);
  return org;
}

async function memberRow(db: Kysely<Database>, adminId: string, region: string, memberId: string) {
  return (await accountScope(db, adminId)
    .selectFrom('inspector2_members')
    .selectAll()
    .where('region', '=', region)
    .where('member_account_id', '=', memberId)
    .executeTakeFirst()) as Inspector2MembersTable | undefined;
}

const memberOf = (r: Inspector2MembersTable): Member => ({
  accountId: r.member_account_id,
  relationshipStatus: r.relationship as Member['relationshipStatus'],
  delegatedAdminAccountId: r.account_id,
  updatedAt: new Date(Number(r.updated_at)),
});

const NO_AUTO_ENABLE: AutoEnable = { ec2: false, ecr: false, lambda: false, lambdaCode: false, codeRepository: false };

async function autoEnableOf(db: Kysely<Database>, adminId: string, region: string): Promise<AutoEnable> {
  const row = await accountScope(db, adminId)
    .selectFrom('inspector2_org_config')
    .select('auto_enable')
    .where('region', '=', region)
    .executeTakeFirst();
  return row === undefined ? NO_AUTO_ENABLE : { ...NO_AUTO_ENABLE, ...(JSON.parse(row.auto_enable) as AutoEnable) };
}

const AUTO_TYPES: readonly [keyof AutoEnable, ResourceScanType][] = [
  ['ec2', 'EC2'],
  ['ecr', 'ECR'],
  ['lambda', 'LAMBDA'],
  ['lambdaCode', 'LAMBDA_CODE'],
  ['codeRepository', 'CODE_REPOSITORY'],
];

export async function associateMember(
  ctx: RequestContext,
  input: AssociateMemberRequest,
): Promise<AssociateMemberResponse> {
  const admin = ctx.identity.accountId;
  const id = input.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const org = await administered(ctx, trx);
    if (id === admin) throw validation('The delegated administrator cannot associate itself as a member.');
    const account = (await organizationAccounts(ctx, trx, org)).find((a) => a.accountId === id);
    if (account === undefined || account.status !== 'ACTIVE')
      throw validation(`The account ${id} is not an active account of the organization.`);
    const now = Date.now();
    const existing = await memberRow(trx, admin, ctx.region, id);
    if (existing?.relationship === 'ENABLED') return;
    if ((await associatedMemberIds(trx, admin, ctx.region)).length >= MAX_MEMBERS)
      throw quotaExceeded(`The delegated administrator already has ${MAX_MEMBERS} members.`, admin);
    if (existing === undefined)
      await accountScope(trx, admin)
        .insertInto('inspector2_members')
        .values({
          region: ctx.region,
          member_account_id: id,
          relationship: 'ENABLED',
          created_at: now,
          updated_at: now,
        })
        .execute();
    else
      await accountScope(trx, admin)
        .updateTable('inspector2_members')
        .set({ relationship: 'ENABLED', updated_at: now })
        .where('region', '=', ctx.region)
        .where('member_account_id', '=', id)
        .execute();
    // The organization configuration's autoEnable: the scan types it names are enabled for the account as it joins.
    const auto = await autoEnableOf(trx, admin, ctx.region);
    const types = AUTO_TYPES.filter(([k]) => auto[k] === true).map(([, t]) => t);
    if (types.length > 0) await setScanStatus(trx, id, ctx.region, types, 'ENABLED');
  });
  return { accountId: id };
}

export async function disassociateMember(
  ctx: RequestContext,
  input: DisassociateMemberRequest,
): Promise<DisassociateMemberResponse> {
  const admin = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    await administered(ctx, trx);
    // The member becomes a standalone account with its scan settings as they were.
    const deleted = await accountScope(trx, admin)
      .deleteFrom('inspector2_members')
      .where('region', '=', ctx.region)
      .where('member_account_id', '=', input.accountId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0)
      throw validation(`The account ${input.accountId} is not a member of the delegated administrator.`);
  });
  return { accountId: input.accountId };
}

export async function getMember(ctx: RequestContext, input: GetMemberRequest): Promise<GetMemberResponse> {
  const db = ctx.runtime.store.db;
  await administered(ctx, db);
  const row = await memberRow(db, ctx.identity.accountId, ctx.region, input.accountId);
  if (row === undefined)
    throw notFound(`The account ${input.accountId} is not a member of the delegated administrator.`);
  return { member: memberOf(row) };
}

/**
 * The administrator's members; with onlyAssociated false, every other account of the organization too, those not
 * associated as CREATED (Warden's choice of status for "in the organization, not a member").
 */
export async function listMembers(ctx: RequestContext, input: ListMembersRequest): Promise<ListMembersResponse> {
  const db = ctx.runtime.store.db;
  const admin = ctx.identity.accountId;
  const org = await administered(ctx, db);
  const rows = (await accountScope(db, admin)
    .selectFrom('inspector2_members')
    .selectAll()
    .where('region', '=', ctx.region)
    .orderBy('member_account_id')
    .limit(MAX_MEMBERS)
    .execute()) as Inspector2MembersTable[];
  let members = rows.map(memberOf);
  if (input.onlyAssociated === false) {
    const listed = new Set(rows.map((r) => r.member_account_id));
    const others = (await organizationAccounts(ctx, db, org))
      .filter((a) => a.accountId !== admin && !listed.has(a.accountId))
      .map((a): Member => ({ accountId: a.accountId, relationshipStatus: 'CREATED', delegatedAdminAccountId: admin }));
    members = [...members, ...others].sort((a, b) => (a.accountId! < b.accountId! ? -1 : 1));
  }
  const page = pageOfList(ctx, members, {
    token: input.nextToken,
    limit: input.maxResults ?? 50,
    filters: { onlyAssociated: input.onlyAssociated ?? true },
    errors: { invalid: invalidToken },
  });
  const out: ListMembersResponse = { members: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

export async function describeOrganizationConfiguration(
  ctx: RequestContext,
): Promise<DescribeOrganizationConfigurationResponse> {
  const db = ctx.runtime.store.db;
  await administered(ctx, db);
  const count = (await associatedMemberIds(db, ctx.identity.accountId, ctx.region)).length;
  return {
    autoEnable: await autoEnableOf(db, ctx.identity.accountId, ctx.region),
    maxAccountLimitReached: count >= MAX_MEMBERS,
  };
}

export async function updateOrganizationConfiguration(
  ctx: RequestContext,
  input: UpdateOrganizationConfigurationRequest,
): Promise<UpdateOrganizationConfigurationResponse> {
  const admin = ctx.identity.accountId;
  // Members the model leaves optional keep their current setting when not given.
  const next = await ctx.runtime.store.transaction(async (trx) => {
    await administered(ctx, trx);
    const current = await autoEnableOf(trx, admin, ctx.region);
    const merged: AutoEnable = { ...current };
    for (const [k] of AUTO_TYPES) if (typeof input.autoEnable[k] === 'boolean') merged[k] = input.autoEnable[k];
    const values = { auto_enable: JSON.stringify(merged), updated_at: Date.now() };
    const scope = accountScope(trx, admin);
    const had = await scope
      .selectFrom('inspector2_org_config')
      .select('region')
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    if (had === undefined)
      await scope
        .insertInto('inspector2_org_config')
        .values({ region: ctx.region, ...values })
        .execute();
    else await scope.updateTable('inspector2_org_config').set(values).where('region', '=', ctx.region).execute();
    return merged;
  });
  return { autoEnable: next };
}
