// Tags on health checks: ChangeTagsForResource and ListTagsForResource (hosted zones are not built: 501).
import { AwsError } from '../../aws/error.js';
import type {
  ChangeTagsForResourceRequest,
  ChangeTagsForResourceResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
} from '../../aws/generated/route53.js';
import { healthCheckArn } from '../../core/health-checks.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { invalidInput, noSuchHealthCheck } from './errors.js';

/** "You can add a maximum of 10 tags to a health check." */
const MAX_TAGS = 10;

async function requireHealthCheck(ctx: RequestContext, resourceType: string, id: string): Promise<void> {
  if (resourceType !== 'healthcheck') {
    throw new AwsError('NotImplemented', `Warden does not implement Route 53 tags on ${resourceType} resources yet.`, {
      status: 501,
      fault: 'Receiver',
    });
  }
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('route53_health_checks')
    .select('id')
    .where('id', '=', id)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!row) throw noSuchHealthCheck(id);
  ctx.audit.resources = [{ ARN: healthCheckArn(ctx.partition, id), accountId: ctx.identity.accountId }];
}

export async function changeTagsForResource(
  ctx: RequestContext,
  input: ChangeTagsForResourceRequest,
): Promise<ChangeTagsForResourceResponse> {
  await requireHealthCheck(ctx, input.ResourceType, input.ResourceId);
  const add = input.AddTags ?? [];
  for (const tag of add) {
    if (tag.Key === undefined) throw invalidInput('Invalid parameter : A tag needs a Key.');
  }
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const scope = accountScope(trx, accountId);
    const remove = [...(input.RemoveTagKeys ?? []), ...add.map((t) => t.Key!)];
    if (remove.length > 0) {
      await scope
        .deleteFrom('route53_tags')
        .where('resource_id', '=', input.ResourceId)
        .where('tag_key', 'in', remove)
        .execute();
    }
    if (add.length > 0) {
      const latest = new Map(add.map((t) => [t.Key!, t.Value ?? '']));
      await scope
        .insertInto('route53_tags')
        .values([...latest].map(([tag_key, tag_value]) => ({ resource_id: input.ResourceId, tag_key, tag_value })))
        .execute();
    }
    const count = await scope
      .selectFrom('route53_tags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('resource_id', '=', input.ResourceId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) > MAX_TAGS) {
      throw invalidInput(`Invalid parameter : A health check can have at most ${MAX_TAGS} tags.`);
    }
  });
  return {};
}

export async function listTagsForResource(
  ctx: RequestContext,
  input: ListTagsForResourceRequest,
): Promise<ListTagsForResourceResponse> {
  await requireHealthCheck(ctx, input.ResourceType, input.ResourceId);
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('route53_tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_id', '=', input.ResourceId)
    .orderBy('tag_key')
    .execute();
  return {
    ResourceTagSet: {
      ResourceType: input.ResourceType,
      ResourceId: input.ResourceId,
      Tags: rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value })),
    },
  };
}
