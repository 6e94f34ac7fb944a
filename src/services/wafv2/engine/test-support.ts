// Builders shared by the engine's tests: requests, a web ACL around some rules, and an in-memory resolver.
import type { InspectedRequest } from '../../../core/traffic.js';
import type { EvaluationResult, ReferenceResolver, Rule, RuleGroupDefinition, Statement, WebAcl } from './types.js';

export const ACL_ARN = 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/test-acl/1111';

export function request(over: Partial<InspectedRequest> = {}): InspectedRequest {
  return {
    clientIp: '127.0.0.2',
    method: 'GET',
    uri: '/',
    query: '',
    httpVersion: '1.1',
    headers: [
      ['Host', 'app.example'],
      ['User-Agent', 'curl/8.0'],
    ],
    body: Buffer.alloc(0),
    bodyTruncated: false,
    scheme: 'http',
    ...over,
  };
}

/** An evaluation's result: the default action's Allow unless `over` says otherwise. */
export function evaluationResult(over: Partial<EvaluationResult> = {}): EvaluationResult {
  return {
    action: 'ALLOW',
    terminatingRuleId: 'Default_Action',
    terminatingRuleType: 'DEFAULT_ACTION',
    ruleGroupList: [],
    labels: [],
    nonTerminatingMatchingRules: [],
    insertHeaders: [],
    requestHeadersInserted: null,
    ...over,
  };
}

export function blockRule(name: string, priority: number, statement: Statement, extra: Partial<Rule> = {}): Rule {
  return {
    Name: name,
    Priority: priority,
    Statement: statement,
    Action: { Block: {} },
    ...extra,
  } as Rule;
}

export function acl(rules: Rule[], extra: Partial<WebAcl> = {}): WebAcl {
  return { Name: 'test-acl', ARN: ACL_ARN, DefaultAction: { Allow: {} }, Rules: rules, ...extra };
}

export function resolver(
  parts: {
    ipSets?: Record<string, string[]>;
    regexSets?: Record<string, string[]>;
    groups?: Record<string, RuleGroupDefinition>;
  } = {},
): ReferenceResolver {
  return {
    ipSet: (arn) =>
      parts.ipSets?.[arn] ? { ARN: arn, IPAddressVersion: 'IPV4', Addresses: parts.ipSets[arn] } : undefined,
    regexPatternSet: (arn) =>
      parts.regexSets?.[arn]
        ? { ARN: arn, RegularExpressionList: parts.regexSets[arn].map((RegexString) => ({ RegexString })) }
        : undefined,
    ruleGroup: (arn) => parts.groups?.[arn],
    managedRuleGroup: (vendor, name) => parts.groups?.[`${vendor}/${name}`],
  };
}

export const none = [{ Priority: 0, Type: 'NONE' }];
