// Tags on detectors, filters, IPSets and ThreatIntelSets: TagResource, UntagResource, ListTagsForResource, and create-time tags.
import type { Kysely } from 'kysely';
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { parseGuardDutyArn } from './arns.js';
import './member-tables.js';
import { badRequest, detectorNotFound, invalidInput, resourceNotFound } from './errors.js';

/** "Each resource can have a maximum of 50 tags." */
const MAX_TAGS = 50;

export async function writeTags(
  db: Kysely<Database>,
  accountId: string,
  arn: string,
  tags: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  if (!tags) return;
  const entries = Object.entries(tags);
  if (entries.length === 0) return;
  for (const [key] of entries) {
    if (key.toLowerCase().startsWith('aws:')) throw invalidInput();
  }
  const scope = accountScope(db, accountId);
  const existing = await scope.selectFrom('guardduty_tags').select('tag_key').where('resource_arn', '=', arn).execute();
  const keys = new Set([...existing.map((r) => r.tag_key), ...entries.map(([k]) => k)]);
  if (keys.size > MAX_TAGS) throw badRequest(`The resource can have at most ${MAX_TAGS} tags.`);
  for (const [key, value] of entries) {
    await scope.deleteFrom('guardduty_tags').where('resource_arn', '=', arn).where('tag_key', '=', key).execute();
    await scope.insertInto('guardduty_tags').values({ resource_arn: arn, tag_key: key, tag_value: value }).execute();
  }
}

/** Removes the tags of a resource and of everything under it (a detector's filters). */
export async function deleteTags(db: Kysely<Database>, accountId: string, arn: string): Promise<void> {
  await accountScope(db, accountId)
    .deleteFrom('guardduty_tags')
    .where((eb) => eb.or([eb('resource_arn', '=', arn), eb('resource_arn', 'like', `${arn}/%`)]))
    .execute();
}

export async function readTags(db: Kysely<Database>, accountId: string, arn: string): Promise<Record<string, string>> {
  const rows = await accountScope(db, accountId)
    .selectFrom('guardduty_tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_arn', '=', arn)
    .orderBy('tag_key')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
}

/** The tagged resource must be the caller's detector (or a filter, list or publishing destination of it) in the request's Region. */
async function requireTaggable(db: Kysely<Database>, ctx: RequestContext, arn: string): Promise<void> {
  const parsed = parseGuardDutyArn(arn);
  if (!parsed) throw invalidInput();
  const scope = accountScope(db, ctx.identity.accountId);
  if (parsed.accountId !== ctx.identity.accountId || parsed.region !== ctx.region) throw detectorNotFound();
  const detector = await scope
    .selectFrom('guardduty_detectors')
    .select('id')
    .where('id', '=', parsed.detectorId)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!detector) throw detectorNotFound();
  const child = parsed.child;
  if (!child) return;
  const found =
    child.kind === 'publishingDestination'
      ? await scope
          .selectFrom('guardduty_publishing_destinations')
          .select('id')
          .where('detector_id', '=', parsed.detectorId)
          .where('id', '=', child.id)
          .executeTakeFirst()
      : child.kind === 'filter'
        ? await scope
            .selectFrom('guardduty_filters')
            .select('name')
            .where('detector_id', '=', parsed.detectorId)
            .where('name', '=', child.id)
            .executeTakeFirst()
        : await scope
            .selectFrom('guardduty_ip_lists')
            .select('id')
            .where('detector_id', '=', parsed.detectorId)
            .where('kind', '=', child.kind === 'ipset' ? 'IPSET' : 'THREAT_INTEL_SET')
            .where('id', '=', child.id)
            .executeTakeFirst();
  if (!found) throw resourceNotFound();
}

export async function tagResource(ctx: RequestContext, input: TagResourceRequest): Promise<TagResourceResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    await requireTaggable(trx, ctx, input.ResourceArn);
    await writeTags(trx, ctx.identity.accountId, input.ResourceArn, input.Tags);
  });
  return {};
}

export async function untagResource(ctx: RequestContext, input: UntagResourceRequest): Promise<UntagResourceResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    await requireTaggable(trx, ctx, input.ResourceArn);
    if (input.TagKeys.length === 0) return;
    await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('guardduty_tags')
      .where('resource_arn', '=', input.ResourceArn)
      .where('tag_key', 'in', input.TagKeys)
      .execute();
  });
  return {};
}

export async function listTagsForResource(
  ctx: RequestContext,
  input: ListTagsForResourceRequest,
): Promise<ListTagsForResourceResponse> {
  const db = ctx.runtime.store.db;
  await requireTaggable(db, ctx, input.ResourceArn);
  return { Tags: await readTags(db, ctx.identity.accountId, input.ResourceArn) };
}
