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
import { checkScope, parseWafArn } from './arns.js';
import { invalidParameter, limitsExceeded, nonexistent, REASON } from './errors.js';
import { storeLookup } from './lookup.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';
import {
  assertUnreferenced,
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
  checkScope(ctx, input.Scope);
  if (input.Capacity > RULE_GROUP_MAX_WCU) throw limitsExceeded();
  return mutateWaf(ctx, async (trx) => {
    const references = await checkGroupRules(ctx, trx, input.Scope, input, input.Capacity);
    const made = await insertResource(trx, ctx, {
      kind: 'rulegroup',
      scope: input.Scope,
      name: input.Name,
      description: input.Description,
      capacity: input.Capacity,
      body: (id, arn) => ({ ...bodyOf(ctx, input, id, arn, input.Capacity) }),
    });
    await setReferences(trx, ctx.identity.accountId, made.arn, references);
    await writeTags(trx, ctx.identity.accountId, made.arn, input.Tags ?? [], []);
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

export async function getRuleGroup(ctx: Ctx, input: GetRuleGroupRequest): Promise<GetRuleGroupResponse> {
  const db = ctx.runtime.store.db;
  // Named either by ARN or by Name, Scope and Id.
  const key = input.ARN !== undefined ? parseWafArn(input.ARN) : undefined;
  if (input.ARN !== undefined && (key === undefined || key.kind !== 'rulegroup')) throw nonexistent();
  const scope = key?.scope ?? input.Scope;
  if (scope === undefined) throw invalidParameter('SCOPE_VALUE', 'Scope', REASON.exactlyOne);
  checkScope(ctx, scope);
  const row = await requireResource(db, ctx, 'rulegroup', {
    Name: key?.name ?? input.Name ?? '',
    Scope: scope,
    Id: key?.id ?? input.Id ?? '',
  });
  if (input.ARN !== undefined && row.arn !== input.ARN) throw nonexistent();
  return { RuleGroup: parseStoredBody<RuleGroup>(row.body), LockToken: row.lock_token };
}

export async function updateRuleGroup(ctx: Ctx, input: UpdateRuleGroupRequest): Promise<UpdateRuleGroupResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'rulegroup', input, input.LockToken);
    const capacity = Number(row.capacity);
    const references = await checkGroupRules(ctx, trx, input.Scope, input, capacity);
    const body = bodyOf(ctx, input, row.id, row.arn, capacity);
    const next = await updateResource(trx, ctx, row, { ...body }, input.Description, capacity);
    await setReferences(trx, ctx.identity.accountId, row.arn, references);
    return { NextLockToken: next };
  });
}

export async function deleteRuleGroup(ctx: Ctx, input: DeleteRuleGroupRequest): Promise<DeleteRuleGroupResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'rulegroup', input, input.LockToken);
    await assertUnreferenced(trx, ctx.identity.accountId, row.arn);
    await deleteResource(trx, ctx, row);
    return {};
  });
}

export async function listRuleGroups(ctx: Ctx, input: ListRuleGroupsRequest): Promise<ListRuleGroupsResponse> {
  checkScope(ctx, input.Scope);
  const rows = await listResources(ctx.runtime.store.db, ctx, 'rulegroup', input.Scope);
  const page = pageOf(ctx, rows.map(summaryOf), { ...input });
  return { RuleGroups: page.items, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
}
