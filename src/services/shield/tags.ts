// Tags on protections and protection groups: TagResource, UntagResource, ListTagsForResource, and create-time tags.
import type { Kysely } from 'kysely';
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  Tag,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from '../../aws/generated/shield.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { parseShieldArn } from './arns.js';
import { invalidParameter, invalidResource, protectionGroupNotFound, protectionNotFound } from './errors.js';

/** "You can add up to 50 tags to each resource" (the model's TagList allows 200 in one call; the quota is 50). */
const MAX_TAGS = 50;

export async function writeTags(
  db: Kysely<Database>,
  accountId: string,
  arn: string,
  tags: readonly Tag[] | undefined,
): Promise<void> {
  if (!tags || tags.length === 0) return;
  for (const t of tags) {
    if (t.Key === undefined || t.Value === undefined) throw invalidParameter('A tag needs a Key and a Value.', 'Tags');
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw invalidParameter(`Tag keys starting with 'aws:' are reserved: ${t.Key.slice(0, 128)}`, 'Tags');
  }
  const scope = accountScope(db, accountId);
  const existing = await scope.selectFrom('shield_tags').select('tag_key').where('resource_arn', '=', arn).execute();
  const keys = new Set([...existing.map((r) => r.tag_key), ...tags.map((t) => t.Key!)]);
  if (keys.size > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`, 'Tags');
  for (const t of tags) {
    await scope.deleteFrom('shield_tags').where('resource_arn', '=', arn).where('tag_key', '=', t.Key!).execute();
    await scope.insertInto('shield_tags').values({ resource_arn: arn, tag_key: t.Key!, tag_value: t.Value! }).execute();
  }
}

export async function deleteTags(db: Kysely<Database>, accountId: string, arn: string): Promise<void> {
  await accountScope(db, accountId).deleteFrom('shield_tags').where('resource_arn', '=', arn).execute();
}

/** The tagged resource must be one of the caller's protections or protection groups. */
async function requireTaggable(db: Kysely<Database>, accountId: string, arn: string): Promise<void> {
  const parsed = parseShieldArn(arn);
  if (!parsed) throw invalidResource();
  const scope = accountScope(db, accountId);
  if (parsed.kind === 'protection') {
    const row = await scope.selectFrom('shield_protections').select('id').where('arn', '=', arn).executeTakeFirst();
    if (!row) throw protectionNotFound();
  } else {
    const row = await scope
      .selectFrom('shield_protection_groups')
      .select('id')
      .where('arn', '=', arn)
      .executeTakeFirst();
    if (!row) throw protectionGroupNotFound();
  }
}

export async function tagResource(ctx: RequestContext, input: TagResourceRequest): Promise<TagResourceResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    await requireTaggable(trx, ctx.identity.accountId, input.ResourceARN);
    await writeTags(trx, ctx.identity.accountId, input.ResourceARN, input.Tags);
  });
  return {};
}

export async function untagResource(ctx: RequestContext, input: UntagResourceRequest): Promise<UntagResourceResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    await requireTaggable(trx, ctx.identity.accountId, input.ResourceARN);
    if (input.TagKeys.length === 0) return;
    await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('shield_tags')
      .where('resource_arn', '=', input.ResourceARN)
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
  await requireTaggable(db, ctx.identity.accountId, input.ResourceARN);
  const rows = await accountScope(db, ctx.identity.accountId)
    .selectFrom('shield_tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_arn', '=', input.ResourceARN)
    .orderBy('tag_key')
    .execute();
  return { Tags: rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value })) };
}
