// CloudTrail's trail operations: create, update, delete, describe, list.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/errors.js';
import type {
  CreateTrailRequest,
  CreateTrailResponse,
  DeleteTrailRequest,
  DeleteTrailResponse,
  DescribeTrailsRequest,
  DescribeTrailsResponse,
  GetTrailRequest,
  GetTrailResponse,
  ListTrailsRequest,
  ListTrailsResponse,
  UpdateTrailRequest,
  UpdateTrailResponse,
} from '../../aws/generated/cloudtrail.js';
import type { RequestContext } from '../../core/runtime.js';
import { cloudTrailError, unsupported } from './errors.js';
import { validateTags } from './tags.js';
import {
  parseTrailRef,
  requireTrail,
  trailArn,
  trailDescription,
  trailResource,
  trailSettings,
  type TrailRow,
} from './trail-ref.js';
import { kmsKeyArn, validateBucketName, validateKeyPrefix, validateTrailName } from './validate.js';
import { accountScope } from '../../store/account-scope.js';

/** AWS's quota: trails whose home is one region, per account. */
export const MAX_TRAILS_PER_REGION = 5;

type TrailOptionsInput = Omit<UpdateTrailRequest, 'Name'>;

/** Refuses the delivery targets Warden does not have, rather than accepting and silently not delivering. */
function refuseUnsupported(input: TrailOptionsInput): void {
  if (input.SnsTopicName) unsupportedThrow('SNS notifications for trails');
  if (input.CloudWatchLogsLogGroupArn || input.CloudWatchLogsRoleArn) unsupportedThrow('CloudWatch Logs delivery');
  if (input.IsOrganizationTrail) unsupportedThrow('organization trails');
  if (input.RecursiveLogging) unsupportedThrow('recursive logging');
}

function unsupportedThrow(what: string): never {
  throw unsupported(what);
}

function requireGlobalEventsForMultiRegion(isMultiRegion: boolean, includeGlobal: boolean): void {
  if (isMultiRegion && !includeGlobal) {
    throw cloudTrailError(
      'InvalidParameterCombinationException',
      'Multi-Region trail must include global service events.',
    );
  }
}

/** The highest sequence number in the event log: a new trail starts delivering after it. */
async function lastEventSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select(sql<number | null>`max(seq)`.as('max_seq'))
    .executeTakeFirst();
  return Number(row?.max_seq ?? 0);
}

export async function createTrail(ctx: RequestContext, input: CreateTrailRequest): Promise<CreateTrailResponse> {
  validateTrailName(input.Name);
  validateBucketName(input.S3BucketName);
  if (input.S3KeyPrefix) validateKeyPrefix(input.S3KeyPrefix);
  refuseUnsupported(input);
  const tags = input.TagsList ?? [];
  validateTags(tags);
  const includeGlobal = input.IncludeGlobalServiceEvents ?? true;
  const isMultiRegion = input.IsMultiRegionTrail ?? false;
  requireGlobalEventsForMultiRegion(isMultiRegion, includeGlobal);

  const accountId = ctx.identity.accountId;
  const row: TrailRow = {
    account_id: accountId,
    name: input.Name,
    arn: trailArn(ctx.partition, ctx.region, accountId, input.Name),
    home_region: ctx.region,
    s3_bucket_name: input.S3BucketName,
    s3_key_prefix: input.S3KeyPrefix ? input.S3KeyPrefix : null,
    include_global_service_events: includeGlobal ? 1 : 0,
    is_multi_region_trail: isMultiRegion ? 1 : 0,
    is_organization_trail: 0,
    log_file_validation_enabled: input.EnableLogFileValidation ? 1 : 0,
    kms_key_id: input.KmsKeyId ? kmsKeyArn(input.KmsKeyId, { ...ctx, accountId }) : null,
    is_logging: 0,
    start_logging_time: null,
    stop_logging_time: null,
    latest_delivery_time: null,
    delivered_seq: 0,
    created_at: ctx.receivedAt.getTime(),
  };
  ctx.audit.resources = [trailResource(row)];

  const alreadyExists = () =>
    cloudTrailError('TrailAlreadyExistsException', `Trail ${input.Name} already exists for customer: ${accountId}`);
  try {
    await ctx.runtime.store.transaction(async (trx) => {
      const existing = await accountScope(trx, accountId)
        .selectFrom('trails')
        .select('name')
        .where('name', '=', input.Name)
        .executeTakeFirst();
      if (existing) throw alreadyExists();
      const inRegion = await accountScope(trx, accountId)
        .selectFrom('trails')
        .select(sql<number>`count(*)`.as('n'))
        .where('home_region', '=', ctx.region)
        .executeTakeFirstOrThrow();
      if (Number(inRegion.n) >= MAX_TRAILS_PER_REGION) {
        throw cloudTrailError(
          'MaximumNumberOfTrailsExceededException',
          `User: ${accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`,
        );
      }
      // Only events after the trail exists can ever be its to deliver.
      await trx
        .insertInto('trails')
        .values({ ...row, delivered_seq: await lastEventSeq(trx) })
        .execute();
      if (tags.length > 0) {
        await trx
          .insertInto('cloudtrail_tags')
          .values(
            tags.map((t) => ({
              account_id: accountId,
              trail_name: input.Name,
              tag_key: t.Key,
              tag_value: t.Value ?? null,
            })),
          )
          .execute();
      }
    });
  } catch (err) {
    // Two creates racing past the existence check: the primary key decides.
    if (isUniqueViolation(err)) throw alreadyExists();
    throw err;
  }
  return trailSettings(row);
}

export async function updateTrail(ctx: RequestContext, input: UpdateTrailRequest): Promise<UpdateTrailResponse> {
  const db = ctx.runtime.store.db;
  const trail = await requireTrail(db, ctx, input.Name, { homeRegionOnly: true });
  ctx.audit.resources = [trailResource(trail)];
  refuseUnsupported(input);
  if (input.S3BucketName !== undefined) validateBucketName(input.S3BucketName);
  if (input.S3KeyPrefix) validateKeyPrefix(input.S3KeyPrefix);
  const includeGlobal = input.IncludeGlobalServiceEvents ?? trail.include_global_service_events === 1;
  const isMultiRegion = input.IsMultiRegionTrail ?? trail.is_multi_region_trail === 1;
  requireGlobalEventsForMultiRegion(isMultiRegion, includeGlobal);

  const changes: Partial<TrailRow> = {
    include_global_service_events: includeGlobal ? 1 : 0,
    is_multi_region_trail: isMultiRegion ? 1 : 0,
  };
  if (input.S3BucketName !== undefined) changes.s3_bucket_name = input.S3BucketName;
  // An empty prefix or key id removes it, as on AWS.
  if (input.S3KeyPrefix !== undefined) changes.s3_key_prefix = input.S3KeyPrefix === '' ? null : input.S3KeyPrefix;
  if (input.EnableLogFileValidation !== undefined)
    changes.log_file_validation_enabled = input.EnableLogFileValidation ? 1 : 0;
  if (input.KmsKeyId !== undefined) {
    changes.kms_key_id =
      input.KmsKeyId === '' ? null : kmsKeyArn(input.KmsKeyId, { ...ctx, accountId: ctx.identity.accountId });
  }
  await accountScope(db, trail.account_id).updateTable('trails').set(changes).where('name', '=', trail.name).execute();
  return trailSettings({ ...trail, ...changes });
}

export async function deleteTrail(ctx: RequestContext, input: DeleteTrailRequest): Promise<DeleteTrailResponse> {
  const trail = await requireTrail(ctx.runtime.store.db, ctx, input.Name, {
    notFoundAsArn: true,
    homeRegionOnly: true,
  });
  ctx.audit.resources = [trailResource(trail)];
  await ctx.runtime.store.transaction(async (trx) => {
    await accountScope(trx, trail.account_id).deleteFrom('trails').where('name', '=', trail.name).execute();
    await accountScope(trx, trail.account_id)
      .deleteFrom('cloudtrail_tags')
      .where('trail_name', '=', trail.name)
      .execute();
  });
  return {};
}

export async function getTrail(ctx: RequestContext, input: GetTrailRequest): Promise<GetTrailResponse> {
  const trail = await requireTrail(ctx.runtime.store.db, ctx, input.Name);
  ctx.audit.resources = [trailResource(trail)];
  return { Trail: trailDescription(trail) };
}

/**
 * Without names: the trails created in this region, plus (includeShadowTrails, the default) the multi-Region
 * trails of other regions. Names find trails of this region only; other regions' trails need their ARN.
 * Names that match nothing are left out, as AWS does.
 */
export async function describeTrails(
  ctx: RequestContext,
  input: DescribeTrailsRequest,
): Promise<DescribeTrailsResponse> {
  const includeShadows = input.includeShadowTrails ?? true;
  const all = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('trails')
    .selectAll()
    .orderBy('name')
    .execute();
  const visible = (t: TrailRow) => t.home_region === ctx.region || (includeShadows && t.is_multi_region_trail === 1);
  const names = input.trailNameList ?? [];
  let chosen: TrailRow[];
  if (names.length === 0) {
    chosen = all.filter(visible);
  } else {
    const refs = names.map(parseTrailRef);
    chosen = all.filter((t) =>
      refs.some((ref) =>
        ref.kind === 'arn' ? ref.arn === t.arn : ref.name === t.name && t.home_region === ctx.region,
      ),
    );
  }
  return { trailList: chosen.map(trailDescription) };
}

/** Every trail of the account, whatever its region. */
export async function listTrails(ctx: RequestContext, _input: ListTrailsRequest): Promise<ListTrailsResponse> {
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('trails')
    .select(['arn', 'name', 'home_region'])
    .orderBy('name')
    .execute();
  return { Trails: rows.map((r) => ({ TrailARN: r.arn, Name: r.name, HomeRegion: r.home_region })) };
}
