// Tag/Untag/List*Tags for users, roles and instance profiles: at most 50 tags, keys matched regardless of case.
import type { Kysely } from 'kysely';
import type { IAMOperations, Tag } from '../../../aws/generated/iam.js';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { loadTags, nameKey, paginate, putTags, removeTags } from '../common.js';
import { requireInstanceProfile, requireRole, requireUser } from './entities.js';
import { mutateIam } from '../mutate.js';

type H = Handlers<IAMOperations>;

/** The iam_tags resource_type of each taggable identity (its resource_key is the lower-cased name). */
export type IdentityTagType = 'user' | 'role' | 'instance-profile';

type Db = Kysely<Database>;

const REQUIRE: Record<IdentityTagType, (db: Db, accountId: string, name: string) => Promise<unknown>> = {
  user: requireUser,
  role: requireRole,
  'instance-profile': requireInstanceProfile,
};

async function tagIdentity(ctx: RequestContext, type: IdentityTagType, name: string, tags: Tag[]): Promise<void> {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    await REQUIRE[type](trx, accountId, name);
    await putTags(trx, accountId, type, nameKey(name), tags);
  });
}

async function untagIdentity(ctx: RequestContext, type: IdentityTagType, name: string, keys: string[]): Promise<void> {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    await REQUIRE[type](trx, accountId, name);
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const stored = await loadTags(trx, accountId, type, nameKey(name));
    const matching = stored.filter((t) => wanted.has(t.Key.toLowerCase())).map((t) => t.Key);
    await removeTags(trx, accountId, type, nameKey(name), matching);
  });
}

async function listIdentityTags(
  ctx: RequestContext,
  type: IdentityTagType,
  name: string,
  input: { Marker?: string; MaxItems?: number },
): Promise<{ Tags: Tag[]; IsTruncated: boolean; Marker?: string }> {
  const { db } = ctx.runtime.store;
  await REQUIRE[type](db, ctx.identity.accountId, name);
  const page = paginate(ctx, await loadTags(db, ctx.identity.accountId, type, nameKey(name)), input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) };
}

export const tagUser: NonNullable<H['TagUser']> = (ctx, input) => tagIdentity(ctx, 'user', input.UserName, input.Tags);
export const untagUser: NonNullable<H['UntagUser']> = (ctx, input) =>
  untagIdentity(ctx, 'user', input.UserName, input.TagKeys);
export const listUserTags: NonNullable<H['ListUserTags']> = (ctx, input) =>
  listIdentityTags(ctx, 'user', input.UserName, input);
export const tagRole: NonNullable<H['TagRole']> = (ctx, input) => tagIdentity(ctx, 'role', input.RoleName, input.Tags);
export const untagRole: NonNullable<H['UntagRole']> = (ctx, input) =>
  untagIdentity(ctx, 'role', input.RoleName, input.TagKeys);
export const listRoleTags: NonNullable<H['ListRoleTags']> = (ctx, input) =>
  listIdentityTags(ctx, 'role', input.RoleName, input);
export const tagInstanceProfile: NonNullable<H['TagInstanceProfile']> = (ctx, input) =>
  tagIdentity(ctx, 'instance-profile', input.InstanceProfileName, input.Tags);
export const untagInstanceProfile: NonNullable<H['UntagInstanceProfile']> = (ctx, input) =>
  untagIdentity(ctx, 'instance-profile', input.InstanceProfileName, input.TagKeys);
export const listInstanceProfileTags: NonNullable<H['ListInstanceProfileTags']> = (ctx, input) =>
  listIdentityTags(ctx, 'instance-profile', input.InstanceProfileName, input);
