// evaluate: one request through a compiled web ACL, in priority order, to AWS's verdict with labels and the log's trace.
import type { InspectedRequest } from '../../../core/traffic.js';
import type { CompiledAction, CompiledRule, CompiledWebAcl } from './compile.js';
import type { EvaluationState } from './statements.js';
import { RequestView } from './request-view.js';
import type { EvaluationResult, MatchedRule, RuleGroupTrace, TerminatingRuleType } from './types.js';

/** AWS's ImmunityTime when neither the rule nor the web ACL sets one. */
const DEFAULT_IMMUNITY_SEC = 300;

/**
 * Whether an action ends evaluation: Allow and Block always; Captcha and Challenge unless the token is valid.
 * A Captcha or Challenge check labels the request with the token's status first, so later rules can match it.
 */
function terminates(action: CompiledAction, state: EvaluationState, view: RequestView): boolean {
  if (action.kind === 'ALLOW' || action.kind === 'BLOCK') return true;
  if (action.kind === 'COUNT') return false;
  const immunity = action.immunityTime ?? DEFAULT_IMMUNITY_SEC;
  for (const l of state.tokenLabels?.(action.kind, immunity) ?? []) view.addLabel(l);
  return !(state.hasValidToken?.(action.kind, immunity) ?? false);
}

/** What an evaluation gathered on its way to the terminating action. */
interface Trace {
  readonly view: RequestView;
  readonly ruleGroupList: RuleGroupTrace[];
  readonly nonTerminating: MatchedRule[];
  readonly inserted: (readonly [string, string])[];
}

function resultOf(action: CompiledAction, ruleId: string, type: TerminatingRuleType, t: Trace): EvaluationResult {
  const headers = action.kind === 'BLOCK' ? [] : [...t.inserted, ...action.insertHeaders];
  return {
    action: action.kind,
    terminatingRuleId: ruleId,
    terminatingRuleType: type,
    ruleGroupList: t.ruleGroupList,
    labels: t.view.labels,
    nonTerminatingMatchingRules: t.nonTerminating,
    ...(action.customResponse ? { customResponse: action.customResponse } : {}),
    insertHeaders: headers,
    requestHeadersInserted: headers.length === 0 ? null : headers.map(([name, value]) => ({ name, value })),
    ...(action.immunityTime !== undefined && (action.kind === 'CAPTCHA' || action.kind === 'CHALLENGE')
      ? { immunityTime: action.immunityTime }
      : {}),
  };
}

export function evaluate(
  compiled: CompiledWebAcl,
  request: InspectedRequest,
  state: EvaluationState,
): EvaluationResult {
  const view = new RequestView(request);
  const nonTerminating: MatchedRule[] = [];
  const ruleGroupList: RuleGroupTrace[] = [];
  const inserted: (readonly [string, string])[] = [];

  // The result is built by a function of the module, not a closure made here: under tsx (how Warden runs) every
  // closure a call makes is also named with Object.defineProperty, a cost paid on each request.
  const trace: Trace = { view, ruleGroupList, nonTerminating, inserted };
  for (const rule of compiled.rules) {
    if (rule.group) {
      const outcome = evaluateGroup(rule, view, state, ruleGroupList, inserted);
      if (!outcome) continue;
      for (const l of rule.labels) view.addLabel(l);
      if (rule.group.overrideCount) {
        nonTerminating.push({ ruleId: rule.name, action: 'COUNT', overriddenAction: outcome.kind });
        continue;
      }
      return resultOf(outcome, rule.name, rule.type, trace);
    }
    if (!rule.match!(view, state)) continue;
    for (const l of rule.labels) view.addLabel(l);
    const action = rule.action!;
    if (terminates(action, state, view)) return resultOf(action, rule.name, rule.type, trace);
    nonTerminating.push({ ruleId: rule.name, action: action.kind });
    inserted.push(...action.insertHeaders);
  }
  return resultOf(compiled.defaultAction, 'Default_Action', 'DEFAULT_ACTION', trace);
}

/** Runs a rule group's rules; answers the terminating action, or undefined when the group did not terminate. */
function evaluateGroup(
  rule: CompiledRule,
  view: RequestView,
  state: EvaluationState,
  traces: RuleGroupTrace[],
  inserted: (readonly [string, string])[],
): CompiledAction | undefined {
  const group = rule.group!;
  if (group.scopeDown && !group.scopeDown(view, state)) return undefined;
  const matching: MatchedRule[] = [];
  const excluded: { exclusionType: 'EXCLUDED_AS_COUNT'; ruleId: string }[] = [];
  const trace = {
    ruleGroupId: group.id,
    terminatingRule: null as MatchedRule | null,
    nonTerminatingMatchingRules: matching,
    excludedRules: null as typeof excluded | null,
  };
  traces.push(trace);
  const pending: (readonly [string, string])[] = [];
  for (const r of group.rules) {
    if (!r.match(view, state)) continue;
    for (const l of r.labels) view.addLabel(l);
    const matched: MatchedRule = r.overriddenAction
      ? { ruleId: r.name, action: r.action.kind, overriddenAction: r.overriddenAction }
      : { ruleId: r.name, action: r.action.kind };
    if (r.excluded) {
      excluded.push({ exclusionType: 'EXCLUDED_AS_COUNT', ruleId: r.name });
      trace.excludedRules = excluded;
    }
    if (terminates(r.action, state, view)) {
      trace.terminatingRule = matched;
      // Headers from the group's counted rules go upstream only if the request is finally allowed.
      if (!rule.group!.overrideCount) inserted.push(...pending);
      return r.action;
    }
    matching.push(matched);
    pending.push(...r.action.insertHeaders);
  }
  inserted.push(...pending);
  return undefined;
}
