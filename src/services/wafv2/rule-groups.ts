// Rule groups: Capacity fixed at creation, rules' WCU within it; Create/Get/Update/Delete/List.
import type {
  CreateRuleGroupRequest,
  CreateRuleGroupResponse,
  DeleteRuleGroupRequest,
  DeleteRuleGroupResponse,
  GetRuleGroupRequest,
  GetRuleGroupResponse,
  ListRuleGroupsRequest,
  ListRuleGroupsResponse,
  RuleGroup,
  UpdateRuleGroupRequest,
  UpdateRuleGroupResponse,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { limitsExceeded } from './errors.js';
import { storeLookup } from './lookup.js';
import { checkRules } from './rules.js';
import { createStored, deleteStored, listStored, readStored, updateStored } from './stored-resources.js';
import { RULE_GROUP_MAX_WCU } from './wcu-costs.js';
import { checkCustomResponseKeys } from './web-acl-shape.js';
import { parseStoredBody } from './stored-body.js';

type Ctx = RequestContext;

function bodyOf(
  ctx: Ctx,
  input: Omit<CreateRuleGroupRequest, 'Tags' | 'Scope' | 'Capacity'>,
  id: string,
  arn: string,
  capacity: number,
): RuleGroup {
  return {
    Name: input.Name,
    Id: id,
    Capacity: capacity,
    ARN: arn,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    Rules: input.Rules ?? [],
    VisibilityConfig: input.VisibilityConfig,
    LabelNamespace: `awswaf:${ctx.identity.accountId}:rulegroup:${input.Name}:`,
    ...(input.CustomResponseBodies !== undefined ? { CustomResponseBodies: input.CustomResponseBodies } : {}),
  };
}

async function checkGroupRules(
  ctx: Ctx,
  trx: Parameters<typeof storeLookup>[0],
  scope: string,
  input: Pick<CreateRuleGroupRequest, 'Rules' | 'CustomResponseBodies'>,
  capacity: number,
): Promise<string[]> {
  const home = { account: ctx.identity.accountId, region: ctx.region, scope };
  const checked = await checkRules(input.Rules ?? [], 'rulegroup', home, storeLookup(trx, ctx.identity.accountId));
  checkCustomResponseKeys(input.Rules ?? [], undefined, input.CustomResponseBodies);
  // The rules must fit the capacity the group declared when it was made.
  if (checked.capacity > capacity) throw limitsExceeded();
  return checked.references;
}

export async function createRuleGroup(ctx: Ctx, input: CreateRuleGroupRequest): Promise<CreateRuleGroupResponse> {
  return createStored(ctx, 'rulegroup', input, async (trx) => {
    if (input.Capacity > RULE_GROUP_MAX_WCU) throw limitsExceeded();
    const references = await checkGroupRules(ctx, trx, input.Scope, input, input.Capacity);
    return { capacity: input.Capacity, references, body: (id, arn) => bodyOf(ctx, input, id, arn, input.Capacity) };
  });
}

export async function getRuleGroup(ctx: Ctx, input: GetRuleGroupRequest): Promise<GetRuleGroupResponse> {
  const row = await readStored(ctx, 'rulegroup', input);
  return { RuleGroup: parseStoredBody<RuleGroup>(row.body), LockToken: row.lock_token };
}

export async function updateRuleGroup(ctx: Ctx, input: UpdateRuleGroupRequest): Promise<UpdateRuleGroupResponse> {
  return updateStored(ctx, 'rulegroup', input, async (trx, row) => {
    const capacity = Number(row.capacity);
    const references = await checkGroupRules(ctx, trx, input.Scope, input, capacity);
    return { capacity, references, body: bodyOf(ctx, input, row.id, row.arn, capacity) };
  });
}

export async function deleteRuleGroup(ctx: Ctx, input: DeleteRuleGroupRequest): Promise<DeleteRuleGroupResponse> {
  return deleteStored(ctx, 'rulegroup', input);
}

export async function listRuleGroups(ctx: Ctx, input: ListRuleGroupsRequest): Promise<ListRuleGroupsResponse> {
  const { items, ...next } = await listStored(ctx, 'rulegroup', input);
  return { RuleGroups: items, ...next };
}
