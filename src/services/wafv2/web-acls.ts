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
import { associated, limitsExceeded } from './errors.js';
import { storeLookup } from './lookup.js';
import { checkRules } from './rules.js';
import { createStored, deleteStored, listStored, readStored, updateStored } from './stored-resources.js';
import type { Wafv2ResourcesTable } from './tables.js';
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
  const { Tags: _tags, Scope, ...spec } = input;
  return createStored(ctx, 'webacl', input, async (trx) => {
    const checked = await checkSpec(ctx, trx, Scope, spec);
    const { capacity, references } = checked;
    return { capacity, references, body: (id, arn) => bodyOf(ctx, spec, id, arn, capacity) };
  });
}

export async function getWebACL(ctx: RequestContext, input: GetWebACLRequest): Promise<GetWebACLResponse> {
  const row = await readStored(ctx, 'webacl', input);
  return { WebACL: parseStoredBody<WebACL>(row.body), LockToken: row.lock_token };
}

export async function updateWebACL(ctx: RequestContext, input: UpdateWebACLRequest): Promise<UpdateWebACLResponse> {
  const { Scope, Id: _id, LockToken: _lockToken, ...spec } = input;
  return updateStored(ctx, 'webacl', input, async (trx, row) => {
    const { capacity, references } = await checkSpec(ctx, trx, Scope, spec);
    return { capacity, references, body: bodyOf(ctx, spec, row.id, row.arn, capacity) };
  });
}

/** A web ACL still protecting a resource cannot be deleted (AWS: disassociate it first). */
async function notAssociated(trx: Kysely<Database>, accountId: string, row: Wafv2ResourcesTable): Promise<void> {
  const association = await accountScope(trx, accountId)
    .selectFrom('wafv2_associations')
    .select('resource_arn')
    .where('web_acl_arn', '=', row.arn)
    .executeTakeFirst();
  if (association) throw associated();
}

export async function deleteWebACL(ctx: RequestContext, input: DeleteWebACLRequest): Promise<DeleteWebACLResponse> {
  return deleteStored(ctx, 'webacl', input, notAssociated);
}

export async function listWebACLs(ctx: RequestContext, input: ListWebACLsRequest): Promise<ListWebACLsResponse> {
  const { items, ...next } = await listStored(ctx, 'webacl', input);
  return { WebACLs: items, ...next };
}
