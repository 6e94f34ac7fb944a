// Finding a trail from the Name a request gives (a trail name or trail ARN), as the caller's region sees it.
import type { Kysely, Selectable } from 'kysely';
import { parseArn } from '../../aws/arn.js';
import type { Database, TrailsTable } from '../../store/schema.js';
import type { CreateTrailResponse, Trail } from '../../aws/generated/cloudtrail.js';
import type { RequestContext } from '../../core/runtime.js';
import { invalidHomeRegion, invalidTrailArn, trailNotFound } from './errors.js';
import { validateTrailName } from './validate.js';
import { accountScope } from '../../store/account-scope.js';

export type TrailRow = Selectable<TrailsTable>;

export function trailArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export type TrailRef = { kind: 'arn'; arn: string; name: string; accountId: string } | { kind: 'name'; name: string };

/** Parses and validates a Name parameter: an ARN must be a trail ARN, a name must follow the naming rules. */
export function parseTrailRef(nameOrArn: string): TrailRef {
  if (nameOrArn.startsWith('arn:')) {
    const arn = parseArn(nameOrArn);
    if (!arn || arn.service !== 'cloudtrail' || !arn.region || !/^\d{12}$/.test(arn.accountId)) {
      throw invalidTrailArn(nameOrArn);
    }
    if (!arn.resource.startsWith('trail/')) throw invalidTrailArn(nameOrArn);
    const name = arn.resource.slice('trail/'.length);
    validateTrailName(name);
    return { kind: 'arn', arn: nameOrArn, name, accountId: arn.accountId };
  }
  validateTrailName(nameOrArn);
  return { kind: 'name', name: nameOrArn };
}

/**
 * The trail a Name refers to, if the caller's region can see it: by ARN any of the account's trails; by name the
 * trail created in this region or a multi-Region trail's shadow here.
 */
export async function findTrail(
  db: Kysely<Database>,
  ctx: Pick<RequestContext, 'identity' | 'region'>,
  ref: TrailRef,
): Promise<TrailRow | undefined> {
  const accountId = ctx.identity.accountId;
  if (ref.kind === 'arn') {
    if (ref.accountId !== accountId) return undefined;
    return accountScope(db, accountId).selectFrom('trails').selectAll().where('arn', '=', ref.arn).executeTakeFirst();
  }
  const row = await accountScope(db, accountId)
    .selectFrom('trails')
    .selectAll()
    .where('name', '=', ref.name)
    .executeTakeFirst();
  return row && (row.home_region === ctx.region || row.is_multi_region_trail === 1) ? row : undefined;
}

export interface RequireTrailOptions {
  /** Name the trail by its ARN in the not-found message (as StartLogging, StopLogging, DeleteTrail and GetTrailStatus do). */
  notFoundAsArn?: boolean;
  /** Refuse shadow trails: the operation changes the trail, which only its home region may do. */
  homeRegionOnly?: boolean;
}

/** findTrail, answering TrailNotFoundException (or InvalidHomeRegionException) as AWS does. */
export async function requireTrail(
  db: Kysely<Database>,
  ctx: RequestContext,
  nameOrArn: string,
  opts: RequireTrailOptions = {},
): Promise<TrailRow> {
  const ref = parseTrailRef(nameOrArn);
  const row = await findTrail(db, ctx, ref);
  const accountId = ctx.identity.accountId;
  if (!row) {
    const shown =
      ref.kind === 'arn' || !opts.notFoundAsArn ? nameOrArn : trailArn(ctx.partition, ctx.region, accountId, ref.name);
    throw trailNotFound(shown, accountId);
  }
  if (opts.homeRegionOnly && row.home_region !== ctx.region) throw invalidHomeRegion(row.home_region);
  return row;
}

/** The Trail structure of DescribeTrails and GetTrail. */
export function trailDescription(row: TrailRow): Trail {
  return {
    Name: row.name,
    S3BucketName: row.s3_bucket_name,
    ...(row.s3_key_prefix !== null ? { S3KeyPrefix: row.s3_key_prefix } : {}),
    IncludeGlobalServiceEvents: row.include_global_service_events === 1,
    IsMultiRegionTrail: row.is_multi_region_trail === 1,
    HomeRegion: row.home_region,
    TrailARN: row.arn,
    LogFileValidationEnabled: row.log_file_validation_enabled === 1,
    ...(row.kms_key_id !== null ? { KmsKeyId: row.kms_key_id } : {}),
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: row.is_organization_trail === 1,
  };
}

/** What CreateTrail and UpdateTrail return: the trail without HomeRegion and the selector flags. */
export function trailSettings(row: TrailRow): CreateTrailResponse {
  const { HomeRegion, HasCustomEventSelectors, HasInsightSelectors, ...settings } = trailDescription(row);
  void HomeRegion;
  void HasCustomEventSelectors;
  void HasInsightSelectors;
  return settings;
}

/** The resource the audit record of a trail operation names. */
export function trailResource(row: Pick<TrailRow, 'arn' | 'account_id'>) {
  return { ARN: row.arn, accountId: row.account_id, type: 'AWS::CloudTrail::Trail' };
}
