// Trail tags: AddTags, RemoveTags, ListTags, and the tag rules CreateTrail shares.
import { parseArn } from '../../aws/arn.js';
import type {
  AddTagsRequest,
  AddTagsResponse,
  ListTagsRequest,
  ListTagsResponse,
  RemoveTagsRequest,
  RemoveTagsResponse,
  ResourceTag,
  Tag,
} from '../../aws/generated/cloudtrail.js';
import type { RequestContext } from '../../core/runtime.js';
import { cloudTrailError, invalidTrailArn } from './errors.js';
import { parseTrailRef, trailResource, type TrailRow } from './trail-ref.js';
import { accountScope } from '../../store/account-scope.js';

/** AWS's limit of tags on one trail. */
export const MAX_TAGS_PER_TRAIL = 50;

function tagsLimitExceeded() {
  return cloudTrailError(
    'TagsLimitExceededException',
    `The number of tags per trail has exceeded the permitted amount. Currently, the limit is ${MAX_TAGS_PER_TRAIL}.`,
  );
}

/** Keys are unique in a request and the `aws:` prefix is AWS's own. */
export function validateTags(tags: Tag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw cloudTrailError('InvalidTagParameterException', `Tag keys must not start with 'aws:': ${tag.Key}`);
    }
    if (keys.has(tag.Key)) throw cloudTrailError('InvalidTagParameterException', `Duplicate tag key: ${tag.Key}`);
    keys.add(tag.Key);
  }
  if (tags.length > MAX_TAGS_PER_TRAIL) throw tagsLimitExceeded();
}

/** The trail a tagging call's ResourceId (a trail ARN of the caller's account) names. */
async function taggedTrail(ctx: RequestContext, resourceId: string): Promise<TrailRow> {
  const arn = parseArn(resourceId);
  if (!arn || arn.service !== 'cloudtrail') throw invalidTrailArn(resourceId);
  if (!arn.resource.startsWith('trail/')) {
    throw cloudTrailError('ResourceTypeNotSupportedException', `Warden supports tags on trails only: ${resourceId}`);
  }
  const ref = parseTrailRef(resourceId);
  const row =
    ref.kind === 'arn' && ref.accountId === ctx.identity.accountId
      ? await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
          .selectFrom('trails')
          .selectAll()
          .where('arn', '=', resourceId)
          .executeTakeFirst()
      : undefined;
  if (!row) throw cloudTrailError('ResourceNotFoundException', `Resource not found: ${resourceId}`);
  return row;
}

export async function addTags(ctx: RequestContext, input: AddTagsRequest): Promise<AddTagsResponse> {
  const trail = await taggedTrail(ctx, input.ResourceId);
  ctx.audit.resources = [trailResource(trail)];
  validateTags(input.TagsList);
  await ctx.runtime.store.transaction(async (trx) => {
    const db = trx;
    const existing = await accountScope(db, trail.account_id)
      .selectFrom('cloudtrail_tags')
      .select('tag_key')
      .where('trail_name', '=', trail.name)
      .execute();
    const keys = new Set(existing.map((r) => r.tag_key));
    for (const tag of input.TagsList) keys.add(tag.Key);
    if (keys.size > MAX_TAGS_PER_TRAIL) throw tagsLimitExceeded();
    for (const tag of input.TagsList) {
      // An existing key takes the new value.
      await db
        .insertInto('cloudtrail_tags')
        .values({
          account_id: trail.account_id,
          trail_name: trail.name,
          tag_key: tag.Key,
          tag_value: tag.Value ?? null,
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'trail_name', 'tag_key']).doUpdateSet({ tag_value: tag.Value ?? null }),
        )
        .execute();
    }
  });
  return {};
}

export async function removeTags(ctx: RequestContext, input: RemoveTagsRequest): Promise<RemoveTagsResponse> {
  const trail = await taggedTrail(ctx, input.ResourceId);
  ctx.audit.resources = [trailResource(trail)];
  const keys = input.TagsList.map((t) => t.Key);
  if (keys.length > 0) {
    await accountScope(ctx.runtime.store.db, trail.account_id)
      .deleteFrom('cloudtrail_tags')
      .where('trail_name', '=', trail.name)
      .where('tag_key', 'in', keys)
      .execute();
  }
  return {};
}

export async function listTags(ctx: RequestContext, input: ListTagsRequest): Promise<ListTagsResponse> {
  const result: ResourceTag[] = [];
  for (const resourceId of input.ResourceIdList) {
    const trail = await taggedTrail(ctx, resourceId);
    const rows = await accountScope(ctx.runtime.store.db, trail.account_id)
      .selectFrom('cloudtrail_tags')
      .select(['tag_key', 'tag_value'])
      .where('trail_name', '=', trail.name)
      .orderBy('tag_key')
      .execute();
    result.push({
      ResourceId: resourceId,
      TagsList: rows.map((r) => ({ Key: r.tag_key, ...(r.tag_value !== null ? { Value: r.tag_value } : {}) })),
    });
  }
  return { ResourceTagList: result };
}
