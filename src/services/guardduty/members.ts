// An administrator's members: Create, Get, List, Delete, Invite, Disassociate, Start/Stop monitoring, and the members'
// detector features (GetMemberDetectors, UpdateMemberDetectors).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CreateMembersRequest,
  CreateMembersResponse,
  DeleteMembersRequest,
  DeleteMembersResponse,
  DisassociateMembersRequest,
  DisassociateMembersResponse,
  GetMemberDetectorsRequest,
  GetMemberDetectorsResponse,
  GetMembersRequest,
  GetMembersResponse,
  InviteMembersRequest,
  InviteMembersResponse,
  ListMembersRequest,
  ListMembersResponse,
  MemberDataSourceConfiguration,
  MemberFeaturesConfigurationResult,
  OrgFeature,
  StartMonitoringMembersRequest,
  StartMonitoringMembersResponse,
  StopMonitoringMembersRequest,
  StopMonitoringMembersResponse,
  UnprocessedAccount,
  UpdateMemberDetectorsRequest,
  UpdateMemberDetectorsResponse,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope, otherAccountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import {
  applyFeatures,
  dataSourceFeatures,
  dataSourcesOf,
  ensureDetector,
  featureResults,
  requireDetector,
  serviceRoleOf,
  type StoredFeature,
} from './detectors.js';
import { badRequest } from './errors.js';
import {
  administratorRow,
  ASSOCIATED,
  hasOwnMembers,
  MAX_MEMBERS,
  memberRows,
  memberView,
  RESULT,
  unprocessed,
} from './member-store.js';
import type { GuardDutyMembersTable } from './member-tables.js';
import { administeredOrg, organizationAccounts } from './org-link.js';
import { syncOrganizationMembers } from './organization-admin.js';
import { pageOf } from './paging.js';

const MEMBER_FEATURES: ReadonlySet<string> = new Set<OrgFeature>([
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
  'EKS_RUNTIME_MONITORING',
  'RUNTIME_MONITORING',
  'AI_PROTECTION',
]);

/** Relationships ListMembers leaves out with OnlyAssociated "true": not invited yet, or disassociated. */
const NOT_ASSOCIATED: ReadonlySet<string> = new Set(['Created', 'Removed', 'Resigned']);

/** The caller's detector (required by every member operation) and its member rows, in one transaction's view. */
async function adminRows(db: Kysely<Database>, ctx: RequestContext, detectorId: string) {
  await requireDetector(db, ctx, detectorId);
  return new Map(
    (await memberRows(db, ctx.identity.accountId, ctx.region)).map((r) => [r.member_account_id, r] as const),
  );
}

async function setRelationship(
  db: Kysely<Database>,
  ctx: RequestContext,
  memberAccountId: string,
  change: Partial<Pick<GuardDutyMembersTable, 'relationship' | 'invitation_state' | 'invitation_id' | 'invited_at'>>,
): Promise<void> {
  await accountScope(db, ctx.identity.accountId)
    .updateTable('guardduty_members')
    .set({ ...change, updated_at: Date.now() })
    .where('region', '=', ctx.region)
    .where('member_account_id', '=', memberAccountId)
    .execute();
}

export async function createMembers(ctx: RequestContext, input: CreateMembersRequest): Promise<CreateMembersResponse> {
  const caller = ctx.identity.accountId;
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const existing = await adminRows(trx, ctx, input.DetectorId);
    const isMember = (await administratorRow(trx, caller, ctx.region)) !== undefined;
    // The organization's delegated administrator adds its organization's accounts without an invitation.
    const org = await administeredOrg(ctx, trx, caller);
    const orgAccounts = new Map(
      org ? (await organizationAccounts(ctx, trx, org)).map((a) => [a.accountId, a] as const) : [],
    );
    const taken = new Set(existing.keys());
    const now = Date.now();
    for (const detail of input.AccountDetails) {
      const id = detail.AccountId;
      if (isMember) out.push(unprocessed(id, RESULT.creatorIsMember));
      else if (id === caller) out.push(unprocessed(id, RESULT.self));
      else if (taken.has(id)) out.push(unprocessed(id, RESULT.alreadyMember));
      else if (taken.size >= MAX_MEMBERS) out.push(unprocessed(id, RESULT.memberLimit));
      else {
        const viaOrg = orgAccounts.has(id);
        if (viaOrg && (await administratorRow(trx, id, ctx.region)) !== undefined) {
          out.push(unprocessed(id, RESULT.alreadyMember));
          continue;
        }
        if (viaOrg && (await hasOwnMembers(trx, id, ctx.region))) {
          out.push(unprocessed(id, RESULT.memberIsAdministrator));
          continue;
        }
        // GuardDuty enables itself in an organization account its delegated administrator adds.
        if (viaOrg) await ensureDetector(trx, id, ctx.region);
        await accountScope(trx, caller)
          .insertInto('guardduty_members')
          .values({
            region: ctx.region,
            member_account_id: id,
            email: detail.Email,
            relationship: viaOrg ? 'Enabled' : 'Created',
            invitation_id: null,
            invited_at: null,
            invitation_state: null,
            via_organization: viaOrg ? 1 : 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
        taken.add(id);
      }
    }
  });
  return { UnprocessedAccounts: out };
}

export async function getMembers(ctx: RequestContext, input: GetMembersRequest): Promise<GetMembersResponse> {
  const db = ctx.runtime.store.db;
  await requireDetector(db, ctx, input.DetectorId);
  await syncOrganizationMembers(ctx, ctx.identity.accountId);
  const rows = await adminRows(db, ctx, input.DetectorId);
  const Members = [];
  const UnprocessedAccounts: UnprocessedAccount[] = [];
  for (const id of new Set(input.AccountIds)) {
    const row = rows.get(id);
    if (row) Members.push(await memberView(db, row));
    else UnprocessedAccounts.push(unprocessed(id, RESULT.notMember));
  }
  return { Members, UnprocessedAccounts };
}

export async function listMembers(ctx: RequestContext, input: ListMembersRequest): Promise<ListMembersResponse> {
  const db = ctx.runtime.store.db;
  const only = input.OnlyAssociated ?? 'true';
  if (only !== 'true' && only !== 'false')
    throw badRequest('The request is rejected because the parameter onlyAssociated has an invalid value.');
  await requireDetector(db, ctx, input.DetectorId);
  await syncOrganizationMembers(ctx, ctx.identity.accountId);
  const rows = [...(await adminRows(db, ctx, input.DetectorId)).values()].filter(
    (r) => only === 'false' || !NOT_ASSOCIATED.has(r.relationship),
  );
  const page = pageOf(ctx, rows, input);
  const Members = [];
  for (const row of page.items) Members.push(await memberView(db, row));
  return { Members, ...(page.NextToken && { NextToken: page.NextToken }) };
}

/**
 * Whether the caller's organization configuration enables GuardDuty for ALL its accounts: AWS then refuses to delete
 * or disassociate an organization member ("you'll receive an error").
 */
async function keepsOrganizationMembers(db: Kysely<Database>, ctx: RequestContext): Promise<boolean> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('guardduty_org_config')
    .select('auto_enable_members')
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  return row?.auto_enable_members === 'ALL';
}

export async function deleteMembers(ctx: RequestContext, input: DeleteMembersRequest): Promise<DeleteMembersResponse> {
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await adminRows(trx, ctx, input.DetectorId);
    const keep = await keepsOrganizationMembers(trx, ctx);
    for (const id of new Set(input.AccountIds)) {
      const row = rows.get(id);
      if (!row) {
        out.push(unprocessed(id, RESULT.notMember));
        continue;
      }
      if (keep && row.via_organization === 1) {
        out.push(unprocessed(id, RESULT.autoEnabledForAll));
        continue;
      }
      // Deleting a member ends the relationship and withdraws its invitation: the member sees neither afterwards.
      await accountScope(trx, ctx.identity.accountId)
        .deleteFrom('guardduty_members')
        .where('region', '=', ctx.region)
        .where('member_account_id', '=', id)
        .execute();
    }
  });
  return { UnprocessedAccounts: out };
}

export async function disassociateMembers(
  ctx: RequestContext,
  input: DisassociateMembersRequest,
): Promise<DisassociateMembersResponse> {
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await adminRows(trx, ctx, input.DetectorId);
    const keep = await keepsOrganizationMembers(trx, ctx);
    for (const id of new Set(input.AccountIds)) {
      const row = rows.get(id);
      if (!row || (!ASSOCIATED.has(row.relationship) && row.relationship !== 'Invited'))
        out.push(unprocessed(id, RESULT.notAssociated));
      else if (keep && row.via_organization === 1) out.push(unprocessed(id, RESULT.autoEnabledForAll));
      else await setRelationship(trx, ctx, id, { relationship: 'Removed', invitation_state: null });
    }
  });
  return { UnprocessedAccounts: out };
}

/** The account's root email as Warden knows it: an invitation goes there, and fails verification otherwise. */
async function rootEmailOf(db: Kysely<Database>, accountId: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirst();
  return row?.email;
}

export async function inviteMembers(ctx: RequestContext, input: InviteMembersRequest): Promise<InviteMembersResponse> {
  const caller = ctx.identity.accountId;
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await adminRows(trx, ctx, input.DetectorId);
    const isMember = (await administratorRow(trx, caller, ctx.region)) !== undefined;
    for (const id of new Set(input.AccountIds)) {
      const row = rows.get(id);
      if (isMember) out.push(unprocessed(id, RESULT.inviterIsMember));
      else if (id === caller) out.push(unprocessed(id, RESULT.inviteSelf));
      else if (!row) out.push(unprocessed(id, RESULT.notMember));
      else if (row.relationship === 'Invited' || ASSOCIATED.has(row.relationship))
        out.push(unprocessed(id, RESULT.alreadyInvited));
      else {
        // GuardDuty verifies the member's email address: an address that is not the account's fails verification.
        const email = await rootEmailOf(trx, id);
        const verified = email !== undefined && email.toLowerCase() === row.email.toLowerCase();
        await setRelationship(trx, ctx, id, {
          relationship: verified ? 'Invited' : 'EmailVerificationFailed',
          invitation_id: randomBytes(16).toString('hex'),
          invited_at: Date.now(),
          invitation_state: verified ? 'PENDING' : null,
        });
      }
    }
  });
  return { UnprocessedAccounts: out };
}

async function setMonitoring(
  ctx: RequestContext,
  input: { DetectorId: string; AccountIds: string[] },
  to: 'Enabled' | 'Disabled',
): Promise<UnprocessedAccount[]> {
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await adminRows(trx, ctx, input.DetectorId);
    for (const id of new Set(input.AccountIds)) {
      const row = rows.get(id);
      if (!row || !ASSOCIATED.has(row.relationship)) out.push(unprocessed(id, RESULT.notAssociated));
      else if (row.relationship !== to) await setRelationship(trx, ctx, id, { relationship: to });
    }
  });
  return out;
}

export async function startMonitoringMembers(
  ctx: RequestContext,
  input: StartMonitoringMembersRequest,
): Promise<StartMonitoringMembersResponse> {
  return { UnprocessedAccounts: await setMonitoring(ctx, input, 'Enabled') };
}

export async function stopMonitoringMembers(
  ctx: RequestContext,
  input: StopMonitoringMembersRequest,
): Promise<StopMonitoringMembersResponse> {
  return { UnprocessedAccounts: await setMonitoring(ctx, input, 'Disabled') };
}

/** An associated member's detector in the Region, read or changed by its administrator. */
async function memberDetector(db: Kysely<Database>, memberAccountId: string, region: string) {
  // The administrator manages its associated member's detector: another account's row.
  return otherAccountScope(db, memberAccountId)
    .selectFrom('guardduty_detectors')
    .select(['id', 'features'])
    .where('region', '=', region)
    .executeTakeFirst();
}

export async function getMemberDetectors(
  ctx: RequestContext,
  input: GetMemberDetectorsRequest,
): Promise<GetMemberDetectorsResponse> {
  const db = ctx.runtime.store.db;
  const rows = await adminRows(db, ctx, input.DetectorId);
  const configurations: MemberDataSourceConfiguration[] = [];
  const UnprocessedAccounts: UnprocessedAccount[] = [];
  for (const id of new Set(input.AccountIds)) {
    const row = rows.get(id);
    const detector = row && ASSOCIATED.has(row.relationship) ? await memberDetector(db, id, ctx.region) : undefined;
    if (!detector) {
      UnprocessedAccounts.push(unprocessed(id, RESULT.notAssociated));
      continue;
    }
    const features = JSON.parse(detector.features) as StoredFeature[];
    configurations.push({
      AccountId: id,
      DataSources: dataSourcesOf(features, serviceRoleOf(ctx.partition, id)),
      // Member configurations name the optional features only (foundational sources are always on).
      Features: featureResults(
        features.filter((f) => MEMBER_FEATURES.has(f.Name)),
      ) as MemberFeaturesConfigurationResult[],
    });
  }
  return { MemberDataSourceConfigurations: configurations, UnprocessedAccounts };
}

export async function updateMemberDetectors(
  ctx: RequestContext,
  input: UpdateMemberDetectorsRequest,
): Promise<UpdateMemberDetectorsResponse> {
  const out: UnprocessedAccount[] = [];
  const now = Date.now();
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await adminRows(trx, ctx, input.DetectorId);
    const requested = [...dataSourceFeatures(input.DataSources), ...(input.Features ?? [])];
    for (const id of new Set(input.AccountIds)) {
      const row = rows.get(id);
      const detector = row && ASSOCIATED.has(row.relationship) ? await memberDetector(trx, id, ctx.region) : undefined;
      if (!detector) {
        out.push(unprocessed(id, RESULT.notAssociated));
        continue;
      }
      const features = applyFeatures(JSON.parse(detector.features) as StoredFeature[], requested, now);
      await otherAccountScope(trx, id)
        .updateTable('guardduty_detectors')
        .set({ features: JSON.stringify(features), updated_at: now })
        .where('id', '=', detector.id)
        .execute();
    }
  });
  return { UnprocessedAccounts: out };
}
