// One request's AWS WAF log record (the developer guide's "Log fields"), with RedactedFields applied, and whether the LoggingFilter keeps it.
import { randomUUID } from 'node:crypto';
import type { FieldToMatch, LoggingConfiguration, Rule, WebACL } from '../../aws/generated/wafv2.js';
import type { InspectedRequest } from '../../core/traffic.js';
import type { EvaluationResult, MatchedRule } from './engine/index.js';

/** Header lines, names and values are the client's: what a record keeps of them is capped. */
export const MAX_HEADERS = 200;
export const MAX_HEADER_NAME = 256;
export const MAX_HEADER_VALUE = 4096;
export const MAX_URI = 8192;

const REDACTED = 'REDACTED';

export function cap(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

export function cappedHeaders(request: InspectedRequest): { name: string; value: string }[] {
  return request.headers
    .slice(0, MAX_HEADERS)
    .map(([n, v]) => ({ name: cap(n, MAX_HEADER_NAME), value: cap(v, MAX_HEADER_VALUE) }));
}

export function httpVersionOf(request: InspectedRequest): string {
  return `HTTP/${request.httpVersion}`;
}

/** ALB records name the load balancer as `<account>-app/<name>/<id>`. */
function httpSourceId(resourceArn: string): string {
  const parts = resourceArn.split(':');
  const lb = (parts[5] ?? '').replace(/^loadbalancer\//, '');
  return `${parts[4] ?? ''}-${lb}`;
}

/** The rate-based rule that terminated the request, in the record's rateBasedRuleList shape. */
function rateBasedRuleList(acl: WebACL, result: EvaluationResult, request: InspectedRequest): object[] {
  if (result.terminatingRuleType !== 'RATE_BASED') return [];
  const rule: Rule | undefined = acl.Rules?.find((r) => r.Name === result.terminatingRuleId);
  const rate = rule?.Statement.RateBasedStatement;
  if (!rate) return [];
  return [
    {
      rateBasedRuleName: rule.Name,
      limitKey: rate.AggregateKeyType,
      maxRateAllowed: rate.Limit,
      evaluationWindowSec: String(rate.EvaluationWindowSec ?? 300),
      ...(rate.AggregateKeyType === 'IP' ? { limitValue: request.clientIp } : {}),
    },
  ];
}

function matched(m: MatchedRule): object {
  return m.overriddenAction
    ? { ruleId: m.ruleId, action: m.action, overriddenAction: m.overriddenAction, ruleMatchDetails: [] }
    : { ruleId: m.ruleId, action: m.action, ruleMatchDetails: [] };
}

function redact(
  record: { uri: string; args: string; httpMethod: string; headers: { name: string; value: string }[] },
  fields: readonly FieldToMatch[],
): void {
  for (const f of fields) {
    if (f.UriPath) record.uri = REDACTED;
    if (f.QueryString) record.args = REDACTED;
    if (f.Method) record.httpMethod = REDACTED;
    const name = f.SingleHeader?.Name.toLowerCase();
    if (name !== undefined) for (const h of record.headers) if (h.name.toLowerCase() === name) h.value = REDACTED;
  }
}

export interface RecordInput {
  readonly acl: WebACL;
  readonly resourceArn: string;
  readonly request: InspectedRequest;
  readonly result: EvaluationResult;
  readonly responseCodeSent: number | null;
  readonly at: number;
}

export function logRecord(input: RecordInput, config: LoggingConfiguration): object {
  const { acl, request, result } = input;
  const httpRequest = {
    clientIp: request.clientIp,
    headers: cappedHeaders(request),
    uri: cap(request.uri, MAX_URI),
    args: cap(request.query, MAX_URI),
    httpVersion: httpVersionOf(request),
    httpMethod: cap(request.method, 32),
    requestId: randomUUID(),
  };
  redact(httpRequest, config.RedactedFields ?? []);
  return {
    timestamp: input.at,
    formatVersion: 1,
    webaclId: acl.ARN,
    terminatingRuleId: result.terminatingRuleId,
    terminatingRuleType: result.terminatingRuleType,
    action: result.action,
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: httpSourceId(input.resourceArn),
    ruleGroupList: result.ruleGroupList.map((g) => ({
      ruleGroupId: g.ruleGroupId,
      terminatingRule: g.terminatingRule ? matched(g.terminatingRule) : null,
      nonTerminatingMatchingRules: g.nonTerminatingMatchingRules.map(matched),
      excludedRules: g.excludedRules,
    })),
    rateBasedRuleList: rateBasedRuleList(acl, result, request),
    nonTerminatingMatchingRules: result.nonTerminatingMatchingRules.map(matched),
    requestHeadersInserted: result.requestHeadersInserted,
    responseCodeSent: input.responseCodeSent,
    httpRequest,
    ...(result.labels.length > 0 ? { labels: result.labels.map((name) => ({ name })) } : {}),
  };
}

/** Whether a rule counted the request, or an override turned a rule's action into Count (EXCLUDED_AS_COUNT). */
function counted(result: EvaluationResult, excludedAsCount: boolean): boolean {
  const all = [
    ...result.nonTerminatingMatchingRules,
    ...result.ruleGroupList.flatMap((g) => g.nonTerminatingMatchingRules),
  ];
  if (excludedAsCount)
    return (
      result.ruleGroupList.some((g) => (g.excludedRules?.length ?? 0) > 0) ||
      all.some((m) => m.action === 'COUNT' && m.overriddenAction !== undefined)
    );
  return all.some((m) => m.action === 'COUNT');
}

/** The LoggingFilter's decision: the first filter whose conditions the request meets, else DefaultBehavior. */
export function keeps(config: LoggingConfiguration, result: EvaluationResult): boolean {
  const filter = config.LoggingFilter;
  if (!filter) return true;
  for (const f of filter.Filters) {
    const met = f.Conditions.map((c) => {
      if (c.LabelNameCondition) return result.labels.includes(c.LabelNameCondition.LabelName);
      const action = c.ActionCondition?.Action;
      if (action === 'COUNT' || action === 'EXCLUDED_AS_COUNT') return counted(result, action === 'EXCLUDED_AS_COUNT');
      return action === result.action;
    });
    if (f.Requirement === 'MEETS_ALL' ? met.every(Boolean) : met.some(Boolean)) return f.Behavior === 'KEEP';
  }
  return filter.DefaultBehavior === 'KEEP';
}
