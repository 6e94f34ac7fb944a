// Tags on load balancers, target groups, listeners and rules: AddTags, RemoveTags, DescribeTags, and create-time tags.
import type {
  AddTagsInput,
  AddTagsOutput,
  DescribeTagsInput,
  DescribeTagsOutput,
  RemoveTagsInput,
  RemoveTagsOutput,
  Tag,
} from '../../aws/generated/elbv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { resourceKind } from './arns.js';
import { elbError, validation } from './errors.js';
import { requireListener, requireLoadBalancer, requireRule, requireTargetGroup, type Db } from './lookup.js';

/** AWS's quota: tags per resource. */
export const MAX_TAGS = 50;

const tooManyTags = () =>
  elbError('TooManyTags', 'The quota for the number of tags that can be assigned to a resource has been reached');

/** Keys unique in a request; `aws:` is AWS's own prefix. */
export function validateTags(tags: readonly Tag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.Key)) throw elbError('DuplicateTagKeys', `Tag key '${tag.Key}' is duplicated`);
    keys.add(tag.Key);
    if (tag.Key.toLowerCase().startsWith('aws:')) throw validation(`Tag key '${tag.Key}' cannot start with 'aws:'`);
  }
  if (tags.length > MAX_TAGS) throw tooManyTags();
}

/** The resource an ARN names must be the caller's, in this region, whatever its kind. */
async function requireTaggable(db: Db, ctx: RequestContext, arn: string): Promise<void> {
  switch (resourceKind(arn)) {
    case 'loadbalancer':
      await requireLoadBalancer(db, ctx, arn);
      return;
    case 'targetgroup':
      await requireTargetGroup(db, ctx, arn);
      return;
    case 'listener':
      await requireListener(db, ctx, arn);
      return;
    case 'listener-rule':
      await requireRule(db, ctx, arn);
      return;
    default:
      throw validation(`'${arn}' is not a valid load balancer, target group, listener or rule ARN`);
  }
}

/** Sets tags on a resource (an existing key takes the new value), keeping the per-resource quota. */
export async function putTags(db: Db, accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
  const scope = accountScope(db, accountId);
  const existing = await scope.selectFrom('elbv2_tags').select('tag_key').where('resource_arn', '=', arn).execute();
  const keys = new Set(existing.map((r) => r.tag_key));
  for (const tag of tags) keys.add(tag.Key);
  if (keys.size > MAX_TAGS) throw tooManyTags();
  for (const tag of tags) {
    await scope.deleteFrom('elbv2_tags').where('resource_arn', '=', arn).where('tag_key', '=', tag.Key).execute();
    await scope
      .insertInto('elbv2_tags')
      .values({ resource_arn: arn, tag_key: tag.Key, tag_value: tag.Value ?? '' })
      .execute();
  }
}

export async function deleteAllTags(db: Db, accountId: string, arns: readonly string[]): Promise<void> {
  if (arns.length === 0) return;
  await accountScope(db, accountId).deleteFrom('elbv2_tags').where('resource_arn', 'in', arns).execute();
}

export async function addTags(ctx: RequestContext, input: AddTagsInput): Promise<AddTagsOutput> {
  validateTags(input.Tags);
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = input.ResourceArns.map((ARN) => ({ ARN, accountId }));
  await ctx.runtime.store.transaction(async (trx) => {
    for (const arn of input.ResourceArns) await requireTaggable(trx, ctx, arn);
    for (const arn of input.ResourceArns) await putTags(trx, accountId, arn, input.Tags);
  });
  return {};
}

export async function removeTags(ctx: RequestContext, input: RemoveTagsInput): Promise<RemoveTagsOutput> {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = input.ResourceArns.map((ARN) => ({ ARN, accountId }));
  await ctx.runtime.store.transaction(async (trx) => {
    for (const arn of input.ResourceArns) await requireTaggable(trx, ctx, arn);
    if (input.TagKeys.length === 0) return;
    await accountScope(trx, accountId)
      .deleteFrom('elbv2_tags')
      .where('resource_arn', 'in', input.ResourceArns)
      .where('tag_key', 'in', input.TagKeys)
      .execute();
  });
  return {};
}

export async function describeTags(ctx: RequestContext, input: DescribeTagsInput): Promise<DescribeTagsOutput> {
  const db = ctx.runtime.store.db;
  for (const arn of input.ResourceArns) await requireTaggable(db, ctx, arn);
  const rows = await accountScope(db, ctx.identity.accountId)
    .selectFrom('elbv2_tags')
    .selectAll()
    .where('resource_arn', 'in', input.ResourceArns)
    .orderBy('tag_key')
    .execute();
  return {
    TagDescriptions: input.ResourceArns.map((arn) => ({
      ResourceArn: arn,
      Tags: rows.filter((r) => r.resource_arn === arn).map((r) => ({ Key: r.tag_key, Value: r.tag_value })),
    })),
  };
}
