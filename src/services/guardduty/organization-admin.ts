// GuardDuty with Organizations: the delegated administrator (Enable/Disable/ListOrganizationAdminAccounts, by the
// management account), its organization configuration, and auto-enabling the organization's accounts as members.
import type { Kysely } from 'kysely';
import type {
  AutoEnableMembers,
  DescribeOrganizationConfigurationRequest,
  DescribeOrganizationConfigurationResponse,
  DisableOrganizationAdminAccountRequest,
  DisableOrganizationAdminAccountResponse,
  EnableOrganizationAdminAccountRequest,
  EnableOrganizationAdminAccountResponse,
  ListOrganizationAdminAccountsRequest,
  ListOrganizationAdminAccountsResponse,
  OrganizationFeatureConfiguration,
  OrganizationFeatureConfigurationResult,
  OrgFeature,
  OrgFeatureStatus,
  UpdateOrganizationConfigurationRequest,
  UpdateOrganizationConfigurationResponse,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope, otherAccountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { ensureDetector, requireDetector } from './detectors.js';
import { badRequest, invalidInput } from './errors.js';
import { administratorRow, hasOwnMembers, MAX_MEMBERS, memberRows } from './member-store.js';
import type { GuardDutyOrgConfigTable } from './member-tables.js';
import {
  administeredOrg,
  GUARDDUTY_PRINCIPAL,
  guardDutyAdmins,
  organizationAccounts,
  organizationOf,
  type GuardDutyOrg,
} from './org-link.js';
import { pageOf } from './paging.js';

/** AWS's answer to an organization call from an account without the organization's authority for it. */
const noOrgPermission = () =>
  badRequest('The request failed because you do not have required AWS Organization master permission.');

/** The features an organization configuration names, in GuardDuty's order. */
const ORG_FEATURES: readonly OrgFeature[] = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'EKS_RUNTIME_MONITORING',
  'LAMBDA_NETWORK_LOGS',
  'RUNTIME_MONITORING',
];

/** The caller's organization when the caller is its management account; AWS's refusal otherwise. */
async function managedOrganization(ctx: RequestContext, db: Kysely<Database>): Promise<GuardDutyOrg> {
  const org = await organizationOf(ctx, db, ctx.identity.accountId);
  if (!org || org.managementAccountId !== ctx.identity.accountId || !ctx.runtime.organizations?.integration)
    throw noOrgPermission();
  return org;
}

export async function enableOrganizationAdminAccount(
  ctx: RequestContext,
  input: EnableOrganizationAdminAccountRequest,
): Promise<EnableOrganizationAdminAccountResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    const org = await managedOrganization(ctx, trx);
    const accounts = await organizationAccounts(ctx, trx, org);
    if (!accounts.some((a) => a.accountId === input.AdminAccountId)) throw invalidInput();
    // One delegated administrator per organization: AWS answers the same whichever account is asked for.
    if ((await guardDutyAdmins(ctx, trx, org)).length > 0)
      throw badRequest(
        'The request failed because the account is already enabled as the GuardDuty delegated administrator for the organization.',
      );
    await ctx.runtime.organizations!.integration!.registerDelegatedAdministrator(
      trx,
      org.orgId,
      input.AdminAccountId,
      GUARDDUTY_PRINCIPAL,
    );
  });
  return {};
}

export async function disableOrganizationAdminAccount(
  ctx: RequestContext,
  input: DisableOrganizationAdminAccountRequest,
): Promise<DisableOrganizationAdminAccountResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    const org = await managedOrganization(ctx, trx);
    if (!(await guardDutyAdmins(ctx, trx, org)).includes(input.AdminAccountId)) throw invalidInput();
    await ctx.runtime.organizations!.integration!.deregisterDelegatedAdministrator(
      trx,
      org.orgId,
      input.AdminAccountId,
      GUARDDUTY_PRINCIPAL,
    );
    // The former administrator's organization members are released with it (their detectors stay on); its
    // organization configuration goes too. Both are that account's rows.
    const former = otherAccountScope(trx, input.AdminAccountId);
    await former.deleteFrom('guardduty_members').where('via_organization', '=', 1).execute();
    await former.deleteFrom('guardduty_org_config').execute();
  });
  return {};
}

export async function listOrganizationAdminAccounts(
  ctx: RequestContext,
  input: ListOrganizationAdminAccountsRequest,
): Promise<ListOrganizationAdminAccountsResponse> {
  const db = ctx.runtime.store.db;
  const org = await managedOrganization(ctx, db);
  const admins = await guardDutyAdmins(ctx, db, org);
  const page = pageOf(ctx, admins, input);
  return {
    AdminAccounts: page.items.map((id) => ({ AdminAccountId: id, AdminStatus: 'ENABLED' as const })),
    ...(page.NextToken && { NextToken: page.NextToken }),
  };
}

async function configRow(
  db: Kysely<Database>,
  accountId: string,
  region: string,
): Promise<GuardDutyOrgConfigTable | undefined> {
  return (await accountScope(db, accountId)
    .selectFrom('guardduty_org_config')
    .selectAll()
    .where('region', '=', region)
    .executeTakeFirst()) as GuardDutyOrgConfigTable | undefined;
}

/** The caller's detector, when the caller is its organization's GuardDuty delegated administrator. */
async function requireDelegatedAdmin(ctx: RequestContext, db: Kysely<Database>, detectorId: string): Promise<void> {
  await requireDetector(db, ctx, detectorId);
  if (!(await administeredOrg(ctx, db, ctx.identity.accountId))) throw noOrgPermission();
}

type StoredOrgFeature = { Name: OrgFeature; AutoEnable: OrgFeatureStatus };

export async function describeOrganizationConfiguration(
  ctx: RequestContext,
  input: DescribeOrganizationConfigurationRequest,
): Promise<DescribeOrganizationConfigurationResponse> {
  const db = ctx.runtime.store.db;
  await requireDelegatedAdmin(ctx, db, input.DetectorId);
  const row = await configRow(db, ctx.identity.accountId, ctx.region);
  const members = (row?.auto_enable_members ?? 'NONE') as AutoEnableMembers;
  const stored = new Map(
    (row ? (JSON.parse(row.features) as StoredOrgFeature[]) : []).map((f) => [f.Name, f.AutoEnable] as const),
  );
  const features: OrganizationFeatureConfigurationResult[] = ORG_FEATURES.map((Name) => ({
    Name,
    AutoEnable: stored.get(Name) ?? 'NONE',
  }));
  const on = (name: OrgFeature) => (stored.get(name) ?? 'NONE') !== 'NONE';
  const page = pageOf(ctx, features, input);
  const count = (await memberRows(db, ctx.identity.accountId, ctx.region)).length;
  return {
    AutoEnable: members !== 'NONE',
    AutoEnableOrganizationMembers: members,
    MemberAccountLimitReached: count >= MAX_MEMBERS,
    DataSources: {
      S3Logs: { AutoEnable: on('S3_DATA_EVENTS') },
      Kubernetes: { AuditLogs: { AutoEnable: on('EKS_AUDIT_LOGS') } },
      MalwareProtection: { ScanEc2InstanceWithFindings: { EbsVolumes: { AutoEnable: on('EBS_MALWARE_PROTECTION') } } },
    },
    Features: page.items,
    ...(page.NextToken && { NextToken: page.NextToken }),
  };
}

/** The deprecated DataSources input, as the organization features it names (true: NEW, false: NONE). */
function dataSourceOrgFeatures(input: UpdateOrganizationConfigurationRequest): OrganizationFeatureConfiguration[] {
  const ds = input.DataSources;
  if (!ds) return [];
  const status = (on: boolean | undefined): OrgFeatureStatus => (on ? 'NEW' : 'NONE');
  const out: OrganizationFeatureConfiguration[] = [];
  if (ds.S3Logs) out.push({ Name: 'S3_DATA_EVENTS', AutoEnable: status(ds.S3Logs.AutoEnable) });
  if (ds.Kubernetes) out.push({ Name: 'EKS_AUDIT_LOGS', AutoEnable: status(ds.Kubernetes.AuditLogs.AutoEnable) });
  const ebs = ds.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes;
  if (ebs) out.push({ Name: 'EBS_MALWARE_PROTECTION', AutoEnable: status(ebs.AutoEnable) });
  return out;
}

export async function updateOrganizationConfiguration(
  ctx: RequestContext,
  input: UpdateOrganizationConfigurationRequest,
): Promise<UpdateOrganizationConfigurationResponse> {
  // "You must provide a value for either autoEnableOrganizationMembers or autoEnable, but not both."
  if (input.AutoEnable !== undefined && input.AutoEnableOrganizationMembers !== undefined) throw invalidInput();
  const caller = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    await requireDelegatedAdmin(ctx, trx, input.DetectorId);
    const row = await configRow(trx, caller, ctx.region);
    const current = (row?.auto_enable_members ?? 'NONE') as AutoEnableMembers;
    const members: AutoEnableMembers =
      input.AutoEnableOrganizationMembers ??
      (input.AutoEnable === undefined ? current : input.AutoEnable ? 'NEW' : 'NONE');
    const features = new Map(
      (row ? (JSON.parse(row.features) as StoredOrgFeature[]) : []).map((f) => [f.Name, f] as const),
    );
    for (const f of [...dataSourceOrgFeatures(input), ...(input.Features ?? [])]) {
      if (f.Name === undefined) continue;
      features.set(f.Name, { Name: f.Name, AutoEnable: f.AutoEnable ?? 'NONE' });
    }
    const now = Date.now();
    // NEW covers the accounts that join from now on, so its time moves only when the setting does.
    const values = {
      auto_enable_members: members,
      features: JSON.stringify([...features.values()]),
      updated_at: row && members === current ? row.updated_at : now,
    };
    if (row)
      await accountScope(trx, caller)
        .updateTable('guardduty_org_config')
        .set(values)
        .where('region', '=', ctx.region)
        .execute();
    else
      await accountScope(trx, caller)
        .insertInto('guardduty_org_config')
        .values({ region: ctx.region, ...values })
        .execute();
  });
  await syncOrganizationMembers(ctx, caller);
  return {};
}

/**
 * Brings a delegated administrator's members up to its organization configuration: with ALL, every account of the
 * organization is its member, with NEW every account that joined since NEW was set; each added account gets
 * GuardDuty enabled and the Enabled relationship, without an invitation. Run before the administrator's (or a
 * member's) view of the relationship is read, so an account that joined the organization is there when asked.
 */
export async function syncOrganizationMembers(ctx: RequestContext, adminAccountId: string): Promise<void> {
  const db = ctx.runtime.store.db;
  const config = await configRow(db, adminAccountId, ctx.region);
  if (!config || config.auto_enable_members === 'NONE') return;
  const org = await administeredOrg(ctx, db, adminAccountId);
  if (!org) return;
  await ctx.runtime.store.transaction(async (trx) => {
    const existing = new Set((await memberRows(trx, adminAccountId, ctx.region)).map((r) => r.member_account_id));
    const now = Date.now();
    for (const account of await organizationAccounts(ctx, trx, org)) {
      if (account.accountId === adminAccountId || existing.has(account.accountId) || account.status !== 'ACTIVE')
        continue;
      if (config.auto_enable_members === 'NEW' && account.joinedAt < config.updated_at) continue;
      if ((await administratorRow(trx, account.accountId, ctx.region)) !== undefined) continue;
      if (await hasOwnMembers(trx, account.accountId, ctx.region)) continue;
      await ensureDetector(trx, account.accountId, ctx.region);
      await accountScope(trx, adminAccountId)
        .insertInto('guardduty_members')
        .values({
          region: ctx.region,
          member_account_id: account.accountId,
          email: account.email,
          relationship: 'Enabled',
          invitation_id: null,
          invited_at: null,
          invitation_state: null,
          via_organization: 1,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

/** Syncs the GuardDuty delegated administrator of the account's organization, before the account reads its side. */
export async function syncOrganizationOf(ctx: RequestContext, accountId: string): Promise<void> {
  const db = ctx.runtime.store.db;
  const org = await organizationOf(ctx, db, accountId);
  if (!org) return;
  for (const admin of await guardDutyAdmins(ctx, db, org)) await syncOrganizationMembers(ctx, admin);
}
