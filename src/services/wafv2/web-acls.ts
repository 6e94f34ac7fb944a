// Web ACLs: rules within 5,000 WCU, Capacity computed, references recorded; Create/Get/Update/Delete/List.
import type { Kysely } from 'kysely';
import type {
  CreateWebACLRequest,
  CreateWebACLResponse,
  DeleteWebACLRequest,
  DeleteWebACLResponse,
  GetWebACLRequest,
  GetWebACLResponse,
  ListWebACLsRequest,
  ListWebACLsResponse,
  UpdateWebACLRequest,
  UpdateWebACLResponse,
  WebACL,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { checkScope, parseWafArn } from './arns.js';
import { associated, invalidParameter, limitsExceeded, nonexistent, REASON } from './errors.js';
import { storeLookup } from './lookup.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';
import {
  deleteResource,
  insertResource,
  listResources,
  lockedResource,
  requireResource,
  setReferences,
  summaryOf,
  updateResource,
} from './resources.js';
import { checkRules } from './rules.js';
import { writeTags } from './tags.js';
import { WEB_ACL_MAX_WCU } from './wcu-costs.js';
import { checkCustomResponseKeys, checkDefaultAction } from './web-acl-shape.js';
import { parseStoredBody } from './stored-body.js';

type Spec = Omit<CreateWebACLRequest, 'Tags' | 'Scope'>;

/** The rules' capacity and references, or AWS's refusal: over 5,000 WCU is WAFLimitsExceededException. */
async function checkSpec(
  ctx: RequestContext,
  trx: Kysely<Database>,
  scope: string,
  spec: Spec,
): Promise<{ capacity: number; references: string[] }> {
  checkDefaultAction(spec.DefaultAction);
  const home = { account: ctx.identity.accountId, region: ctx.region, scope };
  const checked = await checkRules(spec.Rules ?? [], 'webacl', home, storeLookup(trx, ctx.identity.accountId));
  checkCustomResponseKeys(spec.Rules ?? [], spec.DefaultAction, spec.CustomResponseBodies);
  if (checked.capacity > WEB_ACL_MAX_WCU) throw limitsExceeded();
  return checked;
}

function bodyOf(ctx: RequestContext, spec: Spec, id: string, arn: string, capacity: number): WebACL {
  const { Name, Description, Rules, ...rest } = spec;
  return {
    ...rest,
    Name,
    Id: id,
    ARN: arn,
    ...(Description !== undefined ? { Description } : {}),
    Rules: Rules ?? [],
    Capacity: capacity,
    ManagedByFirewallManager: false,
    LabelNamespace: `awswaf:${ctx.identity.accountId}:webacl:${Name}:`,
    RetrofittedByFirewallManager: false,
  };
}

export async function createWebACL(ctx: RequestContext, input: CreateWebACLRequest): Promise<CreateWebACLResponse> {
  checkScope(ctx, input.Scope);
  const { Tags, Scope, ...spec } = input;
  return mutateWaf(ctx, async (trx) => {
    const checked = await checkSpec(ctx, trx, Scope, spec);
    const made = await insertResource(trx, ctx, {
      kind: 'webacl',
      scope: Scope,
      name: input.Name,
      description: input.Description,
      capacity: checked.capacity,
      body: (id, arn) => ({ ...bodyOf(ctx, spec, id, arn, checked.capacity) }),
    });
    await setReferences(trx, ctx.identity.accountId, made.arn, checked.references);
    await writeTags(trx, ctx.identity.accountId, made.arn, Tags ?? [], []);
    return {
      Summary: {
        Name: input.Name,
        Id: made.id,
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        LockToken: made.lockToken,
        ARN: made.arn,
      },
    };
  });
}

export async function getWebACL(ctx: RequestContext, input: GetWebACLRequest): Promise<GetWebACLResponse> {
  // Named either by ARN or by Name, Scope and Id.
  const key = input.ARN !== undefined ? parseWafArn(input.ARN) : undefined;
  if (input.ARN !== undefined && (key === undefined || key.kind !== 'webacl')) throw nonexistent();
  const scope = key?.scope ?? input.Scope;
  if (scope === undefined) throw invalidParameter('SCOPE_VALUE', 'Scope', REASON.exactlyOne);
  checkScope(ctx, scope);
  const row = await requireResource(ctx.runtime.store.db, ctx, 'webacl', {
    Name: key?.name ?? input.Name ?? '',
    Scope: scope,
    Id: key?.id ?? input.Id ?? '',
  });
  if (input.ARN !== undefined && row.arn !== input.ARN) throw nonexistent();
  return { WebACL: parseStoredBody<WebACL>(row.body), LockToken: row.lock_token };
}

export async function updateWebACL(ctx: RequestContext, input: UpdateWebACLRequest): Promise<UpdateWebACLResponse> {
  checkScope(ctx, input.Scope);
  const { Scope, Id, LockToken, ...spec } = input;
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'webacl', { Name: input.Name, Scope, Id }, LockToken);
    const checked = await checkSpec(ctx, trx, Scope, spec);
    const body = bodyOf(ctx, spec, row.id, row.arn, checked.capacity);
    const next = await updateResource(trx, ctx, row, { ...body }, input.Description, checked.capacity);
    await setReferences(trx, ctx.identity.accountId, row.arn, checked.references);
    return { NextLockToken: next };
  });
}

export async function deleteWebACL(ctx: RequestContext, input: DeleteWebACLRequest): Promise<DeleteWebACLResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'webacl', input, input.LockToken);
    // A web ACL still protecting a resource cannot be deleted (AWS: disassociate it first).
    const association = await accountScope(trx, ctx.identity.accountId)
      .selectFrom('wafv2_associations')
      .select('resource_arn')
      .where('web_acl_arn', '=', row.arn)
      .executeTakeFirst();
    if (association) throw associated();
    await deleteResource(trx, ctx, row);
    return {};
  });
}

export async function listWebACLs(ctx: RequestContext, input: ListWebACLsRequest): Promise<ListWebACLsResponse> {
  checkScope(ctx, input.Scope);
  const rows = await listResources(ctx.runtime.store.db, ctx, 'webacl', input.Scope);
  const page = pageOf(ctx, rows.map(summaryOf), { ...input });
  return { WebACLs: page.items, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
}
