// Publishing destinations: Create, Describe, Update, Delete, List. A destination is an S3 bucket ARN (with an
// optional prefix) and a KMS key ARN; Warden writes to the directory the bucket maps to (publisher.ts).
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CreatePublishingDestinationRequest,
  CreatePublishingDestinationResponse,
  DeletePublishingDestinationRequest,
  DeletePublishingDestinationResponse,
  DescribePublishingDestinationRequest,
  DescribePublishingDestinationResponse,
  DestinationProperties,
  ListPublishingDestinationsRequest,
  ListPublishingDestinationsResponse,
  PublishingStatus,
  UpdatePublishingDestinationRequest,
  UpdatePublishingDestinationResponse,
} from '../../aws/generated/guardduty.js';
import type { Config } from '../../config.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { requireDetector } from './detectors.js';
import { badRequest, invalidInput, resourceNotFound } from './errors.js';
import type { GuardDutyPublishingDestinationsTable } from './member-tables.js';
import { pageOf } from './paging.js';
import { bucketDirectory, parseBucketArn, parseKmsKeyArn, type BucketLocation } from './publishing-location.js';
import { destinationArn, destinationsOf } from './publishing-store.js';
import { deleteTags, readTags, writeTags } from './tags.js';

/** Warden's bound on a detector's destinations (GuardDuty documents none): each one is a publisher's work. */
const MAX_DESTINATIONS = 10;

/** Where buckets map to: `<data-dir>/guardduty/publishing/<bucket>`. */
export function publishingRoot(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'guardduty', 'publishing');
}

/** A destination's properties, validated: a bucket ARN Warden can map and a KMS key ARN. */
function validProperties(props: DestinationProperties | undefined): {
  arn: string;
  key: string;
  location: BucketLocation;
} {
  const location = props?.DestinationArn !== undefined ? parseBucketArn(props.DestinationArn) : undefined;
  if (!location || props?.KmsKeyArn === undefined || !parseKmsKeyArn(props.KmsKeyArn)) throw invalidInput();
  return { arn: props.DestinationArn!, key: props.KmsKeyArn, location };
}

/**
 * GuardDuty checks that the bucket (and the prefix, as a folder) exist when a destination is created or changed.
 * Warden's bucket is a directory under the publishing root, made by the operator: `mkdir -p <root>/<bucket>/<prefix>`.
 */
async function requireBucket(ctx: RequestContext, location: BucketLocation): Promise<void> {
  const dir = join(bucketDirectory(publishingRoot(ctx.runtime.config), location), ...location.prefix);
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) throw invalidInput();
}

async function requireDestination(
  ctx: RequestContext,
  detectorId: string,
  destinationId: string,
): Promise<GuardDutyPublishingDestinationsTable> {
  const row = (await destinationsOf(ctx.runtime.store.db, ctx.identity.accountId, detectorId)).find(
    (d) => d.id === destinationId,
  );
  if (!row) throw resourceNotFound();
  return row;
}

export async function createPublishingDestination(
  ctx: RequestContext,
  input: CreatePublishingDestinationRequest,
): Promise<CreatePublishingDestinationResponse> {
  if (input.DestinationType !== 'S3') throw invalidInput();
  const props = validProperties(input.DestinationProperties);
  await requireDetector(ctx.runtime.store.db, ctx, input.DetectorId);
  await requireBucket(ctx, props.location);
  const id = randomBytes(16).toString('hex');
  const now = Date.now();
  await ctx.runtime.store.transaction(async (trx) => {
    await requireDetector(trx, ctx, input.DetectorId);
    if ((await destinationsOf(trx, ctx.identity.accountId, input.DetectorId)).length >= MAX_DESTINATIONS)
      throw badRequest(
        `The request is rejected because a detector can have at most ${MAX_DESTINATIONS} publishing destinations.`,
      );
    await accountScope(trx, ctx.identity.accountId)
      .insertInto('guardduty_publishing_destinations')
      .values({
        detector_id: input.DetectorId,
        id,
        region: ctx.region,
        destination_arn: props.arn,
        kms_key_arn: props.key,
        status: 'PENDING_VERIFICATION',
        failure_started_at: null,
        // Findings from now on are exported: a new destination does not receive the detector's history.
        new_cursor: now - 1,
        update_cursor: now - 1,
        updates_published_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeTags(trx, ctx.identity.accountId, destinationArn(ctx, input.DetectorId, id), input.Tags);
  });
  ctx.audit.resources = [{ ARN: destinationArn(ctx, input.DetectorId, id), accountId: ctx.identity.accountId }];
  return { DestinationId: id };
}

export async function describePublishingDestination(
  ctx: RequestContext,
  input: DescribePublishingDestinationRequest,
): Promise<DescribePublishingDestinationResponse> {
  await requireDetector(ctx.runtime.store.db, ctx, input.DetectorId);
  const row = await requireDestination(ctx, input.DetectorId, input.DestinationId);
  const tags = await readTags(
    ctx.runtime.store.db,
    ctx.identity.accountId,
    destinationArn(ctx, input.DetectorId, row.id),
  );
  return {
    DestinationId: row.id,
    DestinationType: 'S3',
    Status: row.status as PublishingStatus,
    PublishingFailureStartTimestamp: row.failure_started_at ?? 0,
    DestinationProperties: { DestinationArn: row.destination_arn, KmsKeyArn: row.kms_key_arn },
    Tags: tags,
  };
}

export async function updatePublishingDestination(
  ctx: RequestContext,
  input: UpdatePublishingDestinationRequest,
): Promise<UpdatePublishingDestinationResponse> {
  await requireDetector(ctx.runtime.store.db, ctx, input.DetectorId);
  const row = await requireDestination(ctx, input.DetectorId, input.DestinationId);
  const props = validProperties({
    DestinationArn: input.DestinationProperties?.DestinationArn ?? row.destination_arn,
    KmsKeyArn: input.DestinationProperties?.KmsKeyArn ?? row.kms_key_arn,
  });
  await requireBucket(ctx, props.location);
  // Changed properties are verified again before the next export.
  await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .updateTable('guardduty_publishing_destinations')
    .set({
      destination_arn: props.arn,
      kms_key_arn: props.key,
      status: 'PENDING_VERIFICATION',
      failure_started_at: null,
      updated_at: Date.now(),
    })
    .where('detector_id', '=', input.DetectorId)
    .where('id', '=', row.id)
    .execute();
  return {};
}

export async function deletePublishingDestination(
  ctx: RequestContext,
  input: DeletePublishingDestinationRequest,
): Promise<DeletePublishingDestinationResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    await requireDetector(trx, ctx, input.DetectorId);
    const deleted = await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('guardduty_publishing_destinations')
      .where('detector_id', '=', input.DetectorId)
      .where('id', '=', input.DestinationId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw resourceNotFound();
    await deleteTags(trx, ctx.identity.accountId, destinationArn(ctx, input.DetectorId, input.DestinationId));
  });
  return {};
}

export async function listPublishingDestinations(
  ctx: RequestContext,
  input: ListPublishingDestinationsRequest,
): Promise<ListPublishingDestinationsResponse> {
  await requireDetector(ctx.runtime.store.db, ctx, input.DetectorId);
  const rows = await destinationsOf(ctx.runtime.store.db, ctx.identity.accountId, input.DetectorId);
  const page = pageOf(
    ctx,
    rows.map((r) => ({ DestinationId: r.id, DestinationType: 'S3' as const, Status: r.status as PublishingStatus })),
    input,
  );
  return { Destinations: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}
