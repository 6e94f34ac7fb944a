// Listener rules: create, describe (with the listener's default rule), modify, delete, and SetRulePriorities.
import { createHash } from 'node:crypto';
import type {
  Action,
  CreateRuleInput,
  CreateRuleOutput,
  DeleteRuleInput,
  DeleteRuleOutput,
  DescribeRulesInput,
  DescribeRulesOutput,
  ModifyRuleInput,
  ModifyRuleOutput,
  Rule,
  RuleCondition,
  SetRulePrioritiesInput,
  SetRulePrioritiesOutput,
} from '../../aws/generated/elbv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { pageOfList } from '../../store/pagination.js';
import { normalizeActions } from './actions.js';
import { ruleArn } from './arns.js';
import { normalizeConditions } from './conditions.js';
import { elbv2Transaction } from './config-epoch.js';
import { pushConfig } from './data-plane-link.js';
import { elbError, rulesNotFound, unsupported, validation } from './errors.js';
import { parseJson, requireListener, requireRule, type ListenerRow, type RuleRow } from './lookup.js';
import { deleteAllTags, putTags, validateTags } from './tags.js';

/** AWS's quota: rules per application load balancer listener, the default rule aside. */
export const MAX_RULES = 100;

const priorityInUse = (p: number) => elbError('PriorityInUse', `Priority '${p}' is currently in use`);

/** The default rule's ARN: derived from its listener's, so it is stable without a row of its own. */
export function defaultRuleArn(listenerArn: string): string {
  const id = createHash('sha256').update(`default:${listenerArn}`).digest('hex').slice(0, 16);
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/${id}`;
}

const ruleOut = (r: RuleRow): Rule => ({
  RuleArn: r.arn,
  Priority: String(r.priority),
  Conditions: parseJson<RuleCondition[]>(r.conditions),
  Actions: parseJson<Action[]>(r.actions),
  IsDefault: false,
});

const defaultRuleOut = (l: ListenerRow): Rule => ({
  RuleArn: defaultRuleArn(l.arn),
  Priority: 'default',
  Conditions: [],
  Actions: parseJson<Action[]>(l.default_actions),
  IsDefault: true,
});

function checkConditions(conditions: readonly RuleCondition[]): RuleCondition[] {
  if (conditions.length === 0) throw validation('A rule must have at least one condition');
  return normalizeConditions(conditions);
}

export async function createRule(ctx: RequestContext, input: CreateRuleInput): Promise<CreateRuleOutput> {
  if (input.Transforms?.length) throw unsupported('rules without transforms');
  const tags = input.Tags ?? [];
  validateTags(tags);
  const accountId = ctx.identity.accountId;
  const row = await elbv2Transaction(ctx.runtime, async (trx) => {
    const l = await requireListener(trx, ctx, input.ListenerArn);
    const conditions = checkConditions(input.Conditions);
    const scope = accountScope(trx, accountId);
    const rules = await scope.selectFrom('elbv2_rules').select('priority').where('listener_arn', '=', l.arn).execute();
    if (rules.some((r) => r.priority === input.Priority)) throw priorityInUse(input.Priority);
    if (rules.length >= MAX_RULES)
      throw elbError('TooManyRules', 'You have reached the maximum number of rules for this listener');
    const r: RuleRow = {
      arn: ruleArn(l.arn),
      account_id: accountId,
      region: ctx.region,
      listener_arn: l.arn,
      priority: input.Priority,
      conditions: JSON.stringify(conditions),
      actions: JSON.stringify(await normalizeActions(trx, ctx, input.Actions)),
      created_at: ctx.receivedAt.getTime(),
    };
    await trx.insertInto('elbv2_rules').values(r).execute();
    await putTags(trx, accountId, r.arn, tags);
    return r;
  });
  ctx.audit.resources = [{ ARN: row.arn, accountId, type: 'AWS::ElasticLoadBalancingV2::ListenerRule' }];
  await pushConfig(ctx.runtime);
  return { Rules: [ruleOut(row)] };
}

export async function describeRules(ctx: RequestContext, input: DescribeRulesInput): Promise<DescribeRulesOutput> {
  if (!input.ListenerArn && !input.RuleArns?.length)
    throw validation('You must specify either listener ARN or rule ARNs');
  if (input.ListenerArn && input.RuleArns?.length) {
    throw validation('Listener ARN and rule ARNs cannot be specified at the same time');
  }
  const db = ctx.runtime.store.db;
  const scope = accountScope(db, ctx.identity.accountId);
  let all: Rule[];
  if (input.ListenerArn) {
    const l = await requireListener(db, ctx, input.ListenerArn);
    const rows = await scope
      .selectFrom('elbv2_rules')
      .selectAll()
      .where('listener_arn', '=', l.arn)
      .orderBy('priority')
      .execute();
    all = [...rows.map(ruleOut), defaultRuleOut(l)];
  } else {
    const arns = input.RuleArns!;
    const rows = await scope
      .selectFrom('elbv2_rules')
      .selectAll()
      .where('arn', 'in', arns)
      .where('region', '=', ctx.region)
      .execute();
    const listeners = await scope.selectFrom('elbv2_listeners').selectAll().where('region', '=', ctx.region).execute();
    all = arns.map((arn) => {
      const r = rows.find((x) => x.arn === arn);
      if (r) return ruleOut(r);
      const l = listeners.find((x) => defaultRuleArn(x.arn) === arn);
      if (l) return defaultRuleOut(l);
      throw rulesNotFound();
    });
  }
  const page = pageOfList(ctx, all, {
    token: input.Marker,
    limit: input.PageSize ?? 400,
    filters: { listener: input.ListenerArn, arns: input.RuleArns },
    errors: { invalid: () => validation('The marker is not valid') },
  });
  return { Rules: page.items, ...(page.next ? { NextMarker: page.next } : {}) };
}

export async function modifyRule(ctx: RequestContext, input: ModifyRuleInput): Promise<ModifyRuleOutput> {
  if (input.Transforms?.length || input.ResetTransforms) throw unsupported('rules without transforms');
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [{ ARN: input.RuleArn, accountId }];
  const row = await elbv2Transaction(ctx.runtime, async (trx) => {
    const r = await requireRule(trx, ctx, input.RuleArn);
    const next: RuleRow = {
      ...r,
      conditions: input.Conditions ? JSON.stringify(checkConditions(input.Conditions)) : r.conditions,
      actions: input.Actions ? JSON.stringify(await normalizeActions(trx, ctx, input.Actions)) : r.actions,
    };
    await accountScope(trx, accountId).updateTable('elbv2_rules').set(next).where('arn', '=', r.arn).execute();
    return next;
  });
  await pushConfig(ctx.runtime);
  return { Rules: [ruleOut(row)] };
}

export async function deleteRule(ctx: RequestContext, input: DeleteRuleInput): Promise<DeleteRuleOutput> {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [{ ARN: input.RuleArn, accountId, type: 'AWS::ElasticLoadBalancingV2::ListenerRule' }];
  await elbv2Transaction(ctx.runtime, async (trx) => {
    const r = await accountScope(trx, accountId)
      .selectFrom('elbv2_rules')
      .select('arn')
      .where('arn', '=', input.RuleArn)
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    if (!r) {
      const isDefault = await accountScope(trx, accountId)
        .selectFrom('elbv2_listeners')
        .select('arn')
        .where('region', '=', ctx.region)
        .execute();
      if (isDefault.some((l) => defaultRuleArn(l.arn) === input.RuleArn)) {
        throw elbError('OperationNotPermitted', 'Default rule cannot be deleted');
      }
      throw rulesNotFound();
    }
    await deleteAllTags(trx, accountId, [r.arn]);
    await accountScope(trx, accountId).deleteFrom('elbv2_rules').where('arn', '=', r.arn).execute();
  });
  await pushConfig(ctx.runtime);
  return {};
}

export async function setRulePriorities(
  ctx: RequestContext,
  input: SetRulePrioritiesInput,
): Promise<SetRulePrioritiesOutput> {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = input.RulePriorities.map((p) => ({ ARN: p.RuleArn ?? '', accountId }));
  const rows = await elbv2Transaction(ctx.runtime, async (trx) => {
    const scope = accountScope(trx, accountId);
    const targets = new Map<string, number>();
    for (const p of input.RulePriorities) {
      if (!p.RuleArn || p.Priority === undefined) throw validation('A rule ARN and a priority must be specified');
      if (targets.has(p.RuleArn)) throw validation(`Rule '${p.RuleArn}' is specified more than once`);
      targets.set(p.RuleArn, p.Priority);
    }
    const changed: RuleRow[] = [];
    for (const [arn] of targets) changed.push(await requireRule(trx, ctx, arn));
    // Priorities are unique per listener once every change is applied.
    for (const listener of new Set(changed.map((r) => r.listener_arn))) {
      const rules = await scope
        .selectFrom('elbv2_rules')
        .select(['arn', 'priority'])
        .where('listener_arn', '=', listener)
        .execute();
      const seen = new Map<number, string>();
      for (const r of rules) {
        const p = targets.get(r.arn) ?? r.priority;
        if (seen.has(p)) throw priorityInUse(p);
        seen.set(p, r.arn);
      }
    }
    // Two steps, so swapping two rules' priorities never meets the unique constraint half done.
    for (const r of changed)
      await scope
        .updateTable('elbv2_rules')
        .set({ priority: -1 - r.priority })
        .where('arn', '=', r.arn)
        .execute();
    for (const r of changed)
      await scope
        .updateTable('elbv2_rules')
        .set({ priority: targets.get(r.arn)! })
        .where('arn', '=', r.arn)
        .execute();
    return changed.map((r) => ({ ...r, priority: targets.get(r.arn)! }));
  });
  await pushConfig(ctx.runtime);
  return { Rules: rows.map(ruleOut) };
}
