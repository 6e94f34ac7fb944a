// Web ACL associations with Application Load Balancers: one web ACL per resource, re-associating replaces.
import type {
  AssociateWebACLRequest,
  AssociateWebACLResponse,
  DisassociateWebACLRequest,
  DisassociateWebACLResponse,
  GetWebACLForResourceRequest,
  GetWebACLForResourceResponse,
  ListResourcesForWebACLRequest,
  ListResourcesForWebACLResponse,
  WebACL,
} from '../../aws/generated/wafv2.js';
import { protectableResourceExists } from '../../core/protectable.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { isAlbArn, parseWafArn } from './arns.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';
import { mutateWaf } from './mutate.js';
import { parseStoredBody } from './stored-body.js';

/** A protectable resource of the caller's account and Region that exists; else AWS's refusal. */
async function requireProtectable(ctx: RequestContext, arn: string): Promise<void> {
  if (!isAlbArn(arn)) throw invalidParameter('RESOURCE_ARN', arn, REASON.format);
  const [, , , region, account] = arn.split(':');
  if (region !== ctx.region || account !== ctx.identity.accountId) throw nonexistent();
  if (!(await protectableResourceExists(ctx.runtime, arn))) throw nonexistent();
}

export async function associateWebACL(
  ctx: RequestContext,
  input: AssociateWebACLRequest,
): Promise<AssociateWebACLResponse> {
  await requireProtectable(ctx, input.ResourceArn);
  const acl = parseWafArn(input.WebACLArn);
  // Load balancers take regional web ACLs of their own account and Region.
  if (!acl || acl.kind !== 'webacl' || acl.scope !== 'REGIONAL' || acl.region !== ctx.region) throw nonexistent();
  return mutateWaf(ctx, async (trx) => {
    const scoped = accountScope(trx, ctx.identity.accountId);
    const row = await scoped
      .selectFrom('wafv2_resources')
      .select('arn')
      .where('arn', '=', input.WebACLArn)
      .executeTakeFirst();
    if (!row) throw nonexistent();
    await scoped.deleteFrom('wafv2_associations').where('resource_arn', '=', input.ResourceArn).execute();
    await scoped
      .insertInto('wafv2_associations')
      .values({ resource_arn: input.ResourceArn, region: ctx.region, web_acl_arn: row.arn, created_at: Date.now() })
      .execute();
    return {};
  });
}

export async function disassociateWebACL(
  ctx: RequestContext,
  input: DisassociateWebACLRequest,
): Promise<DisassociateWebACLResponse> {
  if (!isAlbArn(input.ResourceArn)) throw invalidParameter('RESOURCE_ARN', input.ResourceArn, REASON.format);
  return mutateWaf(ctx, async (trx) => {
    const deleted = await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('wafv2_associations')
      .where('resource_arn', '=', input.ResourceArn)
      .executeTakeFirst();
    // Nothing associated is no error for a resource that exists (AWS answers success); a missing one is.
    if (Number(deleted.numDeletedRows) === 0) await requireProtectable(ctx, input.ResourceArn);
    return {};
  });
}

export async function getWebACLForResource(
  ctx: RequestContext,
  input: GetWebACLForResourceRequest,
): Promise<GetWebACLForResourceResponse> {
  await requireProtectable(ctx, input.ResourceArn);
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('wafv2_associations as a')
    .innerJoin('wafv2_resources as r', 'r.arn', 'a.web_acl_arn')
    .select(['r.body'])
    .where('a.resource_arn', '=', input.ResourceArn)
    .executeTakeFirst();
  return row ? { WebACL: parseStoredBody<WebACL>(row.body) } : {};
}

export async function listResourcesForWebACL(
  ctx: RequestContext,
  input: ListResourcesForWebACLRequest,
): Promise<ListResourcesForWebACLResponse> {
  const scoped = accountScope(ctx.runtime.store.db, ctx.identity.accountId);
  const acl = await scoped
    .selectFrom('wafv2_resources')
    .select('arn')
    .where('arn', '=', input.WebACLArn)
    .where('kind', '=', 'webacl')
    .executeTakeFirst();
  if (!acl) throw nonexistent();
  // Load balancers are the one resource type Warden associates; any other type lists nothing.
  if (input.ResourceType !== undefined && input.ResourceType !== 'APPLICATION_LOAD_BALANCER')
    return { ResourceArns: [] };
  const rows = await scoped
    .selectFrom('wafv2_associations')
    .select('resource_arn')
    .where('web_acl_arn', '=', acl.arn)
    .orderBy('resource_arn')
    .execute();
  return { ResourceArns: rows.map((r) => r.resource_arn) };
}
