// TagResource, UntagResource and ListTagsForResource over Inspector2's taggable resources (./taggable.ts): the ARN
// resolved to the caller's own resource in the request's Region, tags bounded as AWS bounds them.
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from '../../../aws/generated/inspector2.js';
import type { RequestContext } from '../../../core/runtime.js';
import { invalidTags, notFound, validation } from '../errors.js';
import { parseTaggableArn, TAGGABLE, type TaggableKind, type Tags } from './taggable.js';

/** AWS's bound on an Inspector resource's tags (its tagging fundamentals). */
export const MAX_TAGS = 50;

/** Tags AWS refuses with BadRequestException: more than MAX_TAGS, or a key in the reserved `aws:` namespace. */
export function checkTags(tags: Tags): void {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS || keys.some((k) => k.toLowerCase().startsWith('aws:'))) throw invalidTags();
}

function resourceNotFound(arn: string): Error {
  return notFound(`The resource ${arn.slice(0, 256)} was not found.`);
}

/**
 * The kind of resource the ARN names, when it is one of the caller's in this Region. An ARN that is not an Inspector
 * resource's is a ValidationException; another account's, Region's or partition's resource (or a kind Warden does not
 * keep) is not found, as it is for this caller: no other account's resource is ever read.
 */
function kindOf(ctx: RequestContext, arn: string): TaggableKind {
  const parsed = parseTaggableArn(arn);
  if (parsed === undefined)
    throw validation(
      `${arn.slice(0, 256)} is not the ARN of a taggable Amazon Inspector resource.`,
      'FIELD_VALIDATION_FAILED',
    );
  const kind = Object.hasOwn(TAGGABLE, parsed.kind) ? TAGGABLE[parsed.kind] : undefined;
  const own =
    parsed.partition === ctx.partition &&
    parsed.region === ctx.region &&
    parsed.account === ctx.identity.accountId &&
    parsed.owner === ctx.identity.accountId;
  if (kind === undefined || !own) throw resourceNotFound(arn);
  return kind;
}

/**
 * Reads, changes and writes the resource's tags in one transaction, its row locked on PostgreSQL (SQLite runs one
 * writer at a time), so concurrent tag calls cannot lose each other's change.
 */
async function changeTags(ctx: RequestContext, arn: string, change: (tags: Tags) => Tags): Promise<void> {
  const kind = kindOf(ctx, arn);
  const account = ctx.identity.accountId;
  await ctx.runtime.store.db.transaction().execute(async (trx) => {
    const current = await kind.read(trx, account, ctx.region, arn, ctx.runtime.store.dialect === 'postgres');
    if (current === undefined) throw resourceNotFound(arn);
    await kind.write(trx, account, ctx.region, arn, change(current));
  });
  ctx.audit.resources = [{ ARN: arn, accountId: account, type: kind.resourceType }];
}

export async function tagResource(ctx: RequestContext, input: TagResourceRequest): Promise<TagResourceResponse> {
  checkTags(input.tags);
  await changeTags(ctx, input.resourceArn, (tags) => {
    const merged = { ...tags, ...input.tags };
    checkTags(merged);
    return merged;
  });
  return {};
}

export async function untagResource(ctx: RequestContext, input: UntagResourceRequest): Promise<UntagResourceResponse> {
  const remove = new Set(input.tagKeys);
  await changeTags(ctx, input.resourceArn, (tags) =>
    Object.fromEntries(Object.entries(tags).filter(([k]) => !remove.has(k))),
  );
  return {};
}

export async function listTagsForResource(
  ctx: RequestContext,
  input: ListTagsForResourceRequest,
): Promise<ListTagsForResourceResponse> {
  const kind = kindOf(ctx, input.resourceArn);
  const tags = await kind.read(ctx.runtime.store.db, ctx.identity.accountId, ctx.region, input.resourceArn);
  if (tags === undefined) throw resourceNotFound(input.resourceArn);
  return { tags };
}
