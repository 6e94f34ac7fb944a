// Tags on accounts, OUs, roots, policies, the delegation policy and responsibility transfers: TagResource,
// UntagResource, ListTagsForResource.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { OrganizationsOperations, Tag } from '../../aws/generated/organizations.js';
import { constraintViolation, invalidInput, targetNotFound } from './errors.js';
import type { Db, OrgRecord } from './org-context.js';
import { entityKind, managedOrg, readableOrg } from './org-context.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import { resourcePolicyOf } from './resource-policy-store.js';

const MAX_TAGS = 50;

async function requireTaggable(db: Db, org: OrgRecord, resourceId: string): Promise<void> {
  if (resourceId.startsWith('rp-')) {
    // The organization's delegation policy (PutResourcePolicy's Tags, and TagResource after it).
    if ((await resourcePolicyOf(db, org.id))?.id === resourceId) return;
    throw targetNotFound();
  }
  if (resourceId.startsWith('rt-')) {
    // A transfer is each participant's (its inbound and outbound ARNs): either organization tags its own side.
    const transfer = await db
      .selectFrom('org_responsibility_transfers')
      .select('id')
      .where('id', '=', resourceId)
      .where((eb) => eb.or([eb('source_org_id', '=', org.id), eb('target_org_id', '=', org.id)]))
      .executeTakeFirst();
    if (transfer) return;
    throw targetNotFound();
  }
  if (resourceId.startsWith('p-')) {
    const policy = await db
      .selectFrom('org_policies')
      .select('id')
      .where('id', '=', resourceId)
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    if (policy) return;
    throw targetNotFound();
  }
  if (!(await entityKind(db, org, resourceId))) throw targetNotFound();
}

/** Adds or replaces tags on resourceId, holding the resource to AWS's 50-tag limit. */
export async function putTags(db: Db, org: OrgRecord, resourceId: string, tags: Tag[]): Promise<void> {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.Key)) throw invalidInput('DUPLICATE_TAG_KEY', 'You specified the same tag key more than once.');
    keys.add(tag.Key);
  }
  for (const tag of tags) {
    await db
      .insertInto('org_tags')
      .values({ org_id: org.id, resource_id: resourceId, tag_key: tag.Key, tag_value: tag.Value })
      .onConflict((oc) => oc.columns(['org_id', 'resource_id', 'tag_key']).doUpdateSet({ tag_value: tag.Value }))
      .execute();
  }
  const count = await db
    .selectFrom('org_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', org.id)
    .where('resource_id', '=', resourceId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) > MAX_TAGS) {
    throw constraintViolation(
      'MAX_TAG_LIMIT_EXCEEDED',
      'You have exceeded the number of tags allowed on this resource.',
    );
  }
}

export const tagHandlers: Handlers<OrganizationsOperations> = {
  async TagResource(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireTaggable(trx, org, input.ResourceId);
      await putTags(trx, org, input.ResourceId, input.Tags);
    });
  },

  async UntagResource(ctx, input) {
    await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      await requireTaggable(trx, org, input.ResourceId);
      if (input.TagKeys.length > 0) {
        await trx
          .deleteFrom('org_tags')
          .where('org_id', '=', org.id)
          .where('resource_id', '=', input.ResourceId)
          .where('tag_key', 'in', input.TagKeys)
          .execute();
      }
    });
  },

  async ListTagsForResource(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    await requireTaggable(db, org, input.ResourceId);
    const rows = await db
      .selectFrom('org_tags')
      .select(['tag_key', 'tag_value'])
      .where('org_id', '=', org.id)
      .where('resource_id', '=', input.ResourceId)
      .orderBy('tag_key')
      .execute();
    const page = paginate(
      ctx,
      rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value })),
      input,
    );
    return { Tags: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};
