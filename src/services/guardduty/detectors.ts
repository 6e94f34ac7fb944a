// Detectors: one per account and Region — Create, Get, Update, Delete (with its findings, filters, lists and publishing destinations), List.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CreateDetectorRequest,
  CreateDetectorResponse,
  DataSourceConfigurations,
  DataSourceConfigurationsResult,
  DeleteDetectorRequest,
  DeleteDetectorResponse,
  DetectorFeatureConfiguration,
  DetectorFeatureConfigurationResult,
  GetDetectorRequest,
  GetDetectorResponse,
  ListDetectorsRequest,
  ListDetectorsResponse,
  UpdateDetectorRequest,
  UpdateDetectorResponse,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope, otherAccountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { detectorArn } from './arns.js';
import { badRequest, detectorExists, detectorNotFound } from './errors.js';
import { forgetDetector } from './ip-lists.js';
import { pageOf } from './paging.js';
import { deleteDestinationsOf } from './publishing-store.js';
import type { GuardDutyDetectorsTable } from './tables.js';
import './member-tables.js';
import './detection/baseline-tables.js';
import { deleteTags, readTags, writeTags } from './tags.js';

/** A detector as the other modules use it: its owner, Region and id. */
export interface DetectorRef {
  accountId: string;
  region: string;
  id: string;
}

/** The features a new detector has: every optional feature on, except Runtime Monitoring ("with an exception to RUNTIME_MONITORING"). */
const DEFAULT_FEATURES: readonly (readonly [string, 'ENABLED' | 'DISABLED'])[] = [
  ['CLOUD_TRAIL', 'ENABLED'],
  ['DNS_LOGS', 'ENABLED'],
  ['FLOW_LOGS', 'ENABLED'],
  ['S3_DATA_EVENTS', 'ENABLED'],
  ['EKS_AUDIT_LOGS', 'ENABLED'],
  ['EBS_MALWARE_PROTECTION', 'ENABLED'],
  ['RDS_LOGIN_EVENTS', 'ENABLED'],
  ['LAMBDA_NETWORK_LOGS', 'ENABLED'],
  ['RUNTIME_MONITORING', 'DISABLED'],
];

export interface StoredFeature {
  Name: string;
  Status: string;
  UpdatedAt: number;
  AdditionalConfiguration?: { Name: string; Status: string; UpdatedAt: number }[];
}

/** The deprecated DataSources input, as the features it names. */
export function dataSourceFeatures(ds: DataSourceConfigurations | undefined): DetectorFeatureConfiguration[] {
  if (!ds) return [];
  const out: DetectorFeatureConfiguration[] = [];
  const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
  if (ds.S3Logs) out.push({ Name: 'S3_DATA_EVENTS', Status: status(ds.S3Logs.Enable) });
  if (ds.Kubernetes?.AuditLogs) out.push({ Name: 'EKS_AUDIT_LOGS', Status: status(ds.Kubernetes.AuditLogs.Enable) });
  const ebs = ds.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes;
  if (ebs !== undefined) out.push({ Name: 'EBS_MALWARE_PROTECTION', Status: status(ebs) });
  return out;
}

/** Applies requested features (and data sources) over the current ones; "both EKS and Runtime Monitoring" is refused. */
export function applyFeatures(
  current: StoredFeature[],
  requested: readonly DetectorFeatureConfiguration[],
  now: number,
): StoredFeature[] {
  const names = new Set(requested.map((f) => f.Name));
  if (names.has('EKS_RUNTIME_MONITORING') && names.has('RUNTIME_MONITORING'))
    throw badRequest(
      'The request is rejected because both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING features are specified. Specify only one of them.',
    );
  const byName = new Map(current.map((f) => [f.Name, { ...f }]));
  for (const f of requested) {
    if (!f.Name) continue;
    const was = byName.get(f.Name);
    const next: StoredFeature = { Name: f.Name, Status: f.Status ?? was?.Status ?? 'ENABLED', UpdatedAt: now };
    const extra = f.AdditionalConfiguration?.filter((a) => a.Name).map((a) => ({
      Name: a.Name!,
      Status: a.Status ?? 'ENABLED',
      UpdatedAt: now,
    }));
    if (extra?.length) next.AdditionalConfiguration = extra;
    else if (was?.AdditionalConfiguration) next.AdditionalConfiguration = was.AdditionalConfiguration;
    byName.set(f.Name, next);
  }
  return [...byName.values()];
}

export function featureResults(features: StoredFeature[]): DetectorFeatureConfigurationResult[] {
  return features.map((f) => ({
    Name: f.Name as DetectorFeatureConfigurationResult['Name'],
    Status: f.Status as DetectorFeatureConfigurationResult['Status'],
    UpdatedAt: new Date(f.UpdatedAt),
    ...(f.AdditionalConfiguration && {
      AdditionalConfiguration: f.AdditionalConfiguration.map((a) => ({
        Name: a.Name as 'EKS_ADDON_MANAGEMENT',
        Status: a.Status as 'ENABLED',
        UpdatedAt: new Date(a.UpdatedAt),
      })),
    }),
  }));
}

/** The deprecated DataSources answer, derived from the features as GuardDuty derives it. */
export function dataSourcesOf(features: StoredFeature[], serviceRole: string): DataSourceConfigurationsResult {
  const status = (name: string) =>
    features.find((f) => f.Name === name)?.Status === 'ENABLED' ? 'ENABLED' : 'DISABLED';
  return {
    CloudTrail: { Status: status('CLOUD_TRAIL') },
    DNSLogs: { Status: status('DNS_LOGS') },
    FlowLogs: { Status: status('FLOW_LOGS') },
    S3Logs: { Status: status('S3_DATA_EVENTS') },
    Kubernetes: { AuditLogs: { Status: status('EKS_AUDIT_LOGS') } },
    MalwareProtection: {
      ScanEc2InstanceWithFindings: { EbsVolumes: { Status: status('EBS_MALWARE_PROTECTION') } },
      ServiceRole: serviceRole,
    },
  };
}

export function serviceRoleOf(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`;
}

/** The caller's detector with this id in the request's Region, or AWS's "not owned by the current account". */
export async function requireDetector(
  db: Kysely<Database>,
  ctx: RequestContext,
  detectorId: string,
): Promise<GuardDutyDetectorsTable> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('guardduty_detectors')
    .selectAll()
    .where('id', '=', detectorId)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!row) throw detectorNotFound();
  return row;
}

/**
 * Enables GuardDuty for an account that has no detector in the Region, as an organization's delegated administrator
 * does for the accounts it adds (with the default features and publishing frequency); the existing detector's id
 * otherwise.
 */
export async function ensureDetector(db: Kysely<Database>, accountId: string, region: string): Promise<string> {
  // The delegated administrator enables GuardDuty in another account of its organization.
  const scope = otherAccountScope(db, accountId);
  const existing = await scope
    .selectFrom('guardduty_detectors')
    .select('id')
    .where('region', '=', region)
    .executeTakeFirst();
  if (existing) return existing.id;
  const now = Date.now();
  const id = randomBytes(16).toString('hex');
  await scope
    .insertInto('guardduty_detectors')
    .values({
      region,
      id,
      status: 'ENABLED',
      publishing_frequency: 'SIX_HOURS',
      features: JSON.stringify(DEFAULT_FEATURES.map(([Name, Status]) => ({ Name, Status, UpdatedAt: now }))),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function createDetector(
  ctx: RequestContext,
  input: CreateDetectorRequest,
): Promise<CreateDetectorResponse> {
  const account = ctx.identity.accountId;
  const now = Date.now();
  const requested = [...dataSourceFeatures(input.DataSources), ...(input.Features ?? [])];
  const features = applyFeatures(
    DEFAULT_FEATURES.map(([Name, Status]) => ({ Name, Status, UpdatedAt: now })),
    requested,
    now,
  );
  const id = randomBytes(16).toString('hex');
  await ctx.runtime.store.transaction(async (trx) => {
    const scope = accountScope(trx, account);
    const existing = await scope
      .selectFrom('guardduty_detectors')
      .select('id')
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    if (existing) throw detectorExists();
    await scope
      .insertInto('guardduty_detectors')
      .values({
        region: ctx.region,
        id,
        status: input.Enable ? 'ENABLED' : 'DISABLED',
        publishing_frequency: input.FindingPublishingFrequency ?? 'SIX_HOURS',
        features: JSON.stringify(features),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeTags(trx, account, detectorArn(ctx, id), input.Tags);
  });
  ctx.audit.resources = [{ ARN: detectorArn(ctx, id), accountId: account }];
  return { DetectorId: id, UnprocessedDataSources: {} };
}

export async function getDetector(ctx: RequestContext, input: GetDetectorRequest): Promise<GetDetectorResponse> {
  const db = ctx.runtime.store.db;
  const row = await requireDetector(db, ctx, input.DetectorId);
  const features = JSON.parse(row.features) as StoredFeature[];
  const role = serviceRoleOf(ctx.partition, ctx.identity.accountId);
  return {
    CreatedAt: new Date(row.created_at).toISOString(),
    UpdatedAt: new Date(row.updated_at).toISOString(),
    FindingPublishingFrequency: row.publishing_frequency as GetDetectorResponse['FindingPublishingFrequency'],
    ServiceRole: role,
    Status: row.status as GetDetectorResponse['Status'],
    DataSources: dataSourcesOf(features, role),
    Features: featureResults(features),
    Tags: await readTags(db, ctx.identity.accountId, detectorArn(ctx, row.id)),
  };
}

export async function updateDetector(
  ctx: RequestContext,
  input: UpdateDetectorRequest,
): Promise<UpdateDetectorResponse> {
  const now = Date.now();
  await ctx.runtime.store.transaction(async (trx) => {
    const row = await requireDetector(trx, ctx, input.DetectorId);
    const requested = [...dataSourceFeatures(input.DataSources), ...(input.Features ?? [])];
    const features = applyFeatures(JSON.parse(row.features) as StoredFeature[], requested, now);
    await accountScope(trx, ctx.identity.accountId)
      .updateTable('guardduty_detectors')
      .set({
        status: input.Enable === undefined ? row.status : input.Enable ? 'ENABLED' : 'DISABLED',
        publishing_frequency: input.FindingPublishingFrequency ?? row.publishing_frequency,
        features: JSON.stringify(features),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
  });
  return {};
}

export async function deleteDetector(
  ctx: RequestContext,
  input: DeleteDetectorRequest,
): Promise<DeleteDetectorResponse> {
  const account = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const row = await requireDetector(trx, ctx, input.DetectorId);
    const scope = accountScope(trx, account);
    const members = await scope
      .selectFrom('guardduty_members')
      .select('member_account_id')
      .where('region', '=', ctx.region)
      .where('relationship', 'in', ['Invited', 'Enabled', 'Disabled'])
      .executeTakeFirst();
    if (members)
      throw badRequest(
        'The request is rejected because the current account cannot delete detector while it has invited or associated members.',
      );
    await scope.deleteFrom('guardduty_findings').where('detector_id', '=', row.id).execute();
    await scope.deleteFrom('guardduty_filters').where('detector_id', '=', row.id).execute();
    await scope.deleteFrom('guardduty_ip_lists').where('detector_id', '=', row.id).execute();
    await scope.deleteFrom('guardduty_baseline_features').where('detector_id', '=', row.id).execute();
    await scope.deleteFrom('guardduty_baseline_identities').where('detector_id', '=', row.id).execute();
    await deleteDestinationsOf(trx, ctx, row.id);
    await scope.deleteFrom('guardduty_detectors').where('id', '=', row.id).execute();
    await deleteTags(trx, account, detectorArn(ctx, row.id));
  });
  forgetDetector(ctx.runtime, account, input.DetectorId);
  return {};
}

export async function listDetectors(ctx: RequestContext, input: ListDetectorsRequest): Promise<ListDetectorsResponse> {
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('guardduty_detectors')
    .select('id')
    .where('region', '=', ctx.region)
    .orderBy('id')
    .execute();
  const page = pageOf(
    ctx,
    rows.map((r) => r.id),
    input,
  );
  return { DetectorIds: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}
