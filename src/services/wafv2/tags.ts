// Tags of WAF's resources: TagResource, UntagResource, ListTagsForResource, and tags given at creation.
import type { Kysely } from 'kysely';
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  Tag,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { parseWafArn } from './arns.js';
import { invalidParameter, limitsExceeded, nonexistent, REASON } from './errors.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';

/** "Maximum number of tags per resource: 50" (AWS WAF quotas). */
const MAX_TAGS = 50;

export async function readTags(db: Kysely<Database>, accountId: string, arn: string): Promise<Tag[]> {
  const rows = await accountScope(db, accountId)
    .selectFrom('wafv2_tags')
    .select(['tag_key', 'tag_value'])
    .where('arn', '=', arn)
    .orderBy('tag_key')
    .execute();
  return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
}

/** Adds or replaces tags; keys under aws: are AWS's own, and a resource holds at most 50. */
export async function writeTags(
  db: Kysely<Database>,
  accountId: string,
  arn: string,
  tags: readonly Tag[],
  existing: readonly Tag[],
): Promise<void> {
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidParameter('TAGS', t.Key, REASON.notValid);
  }
  if (new Set([...existing.map((t) => t.Key), ...tags.map((t) => t.Key)]).size > MAX_TAGS) throw limitsExceeded();
  const scoped = accountScope(db, accountId);
  for (const t of tags) {
    await scoped.deleteFrom('wafv2_tags').where('arn', '=', arn).where('tag_key', '=', t.Key).execute();
    await scoped.insertInto('wafv2_tags').values({ arn, tag_key: t.Key, tag_value: t.Value }).execute();
  }
}

/** The tagged resource, which must be one of the caller's in this Region. */
async function requireTaggable(db: Kysely<Database>, ctx: RequestContext, arn: string): Promise<void> {
  const parsed = parseWafArn(arn);
  if (!parsed) throw invalidParameter('RESOURCE_ARN', arn, REASON.format);
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('wafv2_resources')
    .select('arn')
    .where('arn', '=', arn)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!row) throw nonexistent();
}

export async function tagResource(ctx: RequestContext, input: TagResourceRequest): Promise<TagResourceResponse> {
  return mutateWaf(ctx, async (trx) => {
    await requireTaggable(trx, ctx, input.ResourceARN);
    const existing = await readTags(trx, ctx.identity.accountId, input.ResourceARN);
    await writeTags(trx, ctx.identity.accountId, input.ResourceARN, input.Tags, existing);
    return {};
  });
}

export async function untagResource(ctx: RequestContext, input: UntagResourceRequest): Promise<UntagResourceResponse> {
  return mutateWaf(ctx, async (trx) => {
    await requireTaggable(trx, ctx, input.ResourceARN);
    await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('wafv2_tags')
      .where('arn', '=', input.ResourceARN)
      .where('tag_key', 'in', input.TagKeys)
      .execute();
    return {};
  });
}

export async function listTagsForResource(
  ctx: RequestContext,
  input: ListTagsForResourceRequest,
): Promise<ListTagsForResourceResponse> {
  const db = ctx.runtime.store.db;
  await requireTaggable(db, ctx, input.ResourceARN);
  const page = pageOf(ctx, await readTags(db, ctx.identity.accountId, input.ResourceARN), { ...input });
  return {
    TagInfoForResource: { ResourceARN: input.ResourceARN, TagList: page.items },
    ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
  };
}
