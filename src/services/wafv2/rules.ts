// Rules as WAF checks them: one statement type each, references to existing sets and groups, and their WCU total.
import type { FieldToMatch, Rule, Statement, TextTransformation } from '../../aws/generated/wafv2.js';
import { parseWafArn, type Kind } from './arns.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';
import { checkRegex } from './regexes.js';
import * as W from './wcu-costs.js';

/** Deepest nesting of And/Or/Not WAF checks here; the model's own nesting bound applies first. */
const MAX_DEPTH = 20;

/** Where the rules are: a rule group may not reference other rule groups or managed rule groups. */
export type RuleHome = 'webacl' | 'rulegroup';

/** What the rules may reference, in the caller's account, Region and scope. */
export interface ReferenceLookup {
  /** The capacity of a rule group by ARN, or undefined when there is none. */
  ruleGroupCapacity(arn: string): Promise<number | undefined>;
  /** Whether an IP set or regex pattern set exists. */
  exists(kind: Kind, arn: string): Promise<boolean>;
  /** The capacity of a managed rule group (vendor, name, optional version), or undefined when WAF has none. */
  managedCapacity(vendor: string, name: string, version: string | undefined): number | undefined;
}

export interface CheckedRules {
  capacity: number;
  /** ARNs of the IP sets, regex pattern sets and rule groups referenced. */
  references: string[];
}

const STATEMENT_FIELDS: Readonly<Record<string, string>> = {
  ByteMatchStatement: 'BYTE_MATCH_STATEMENT',
  SqliMatchStatement: 'SQLI_MATCH_STATEMENT',
  XssMatchStatement: 'XSS_MATCH_STATEMENT',
  SizeConstraintStatement: 'SIZE_CONSTRAINT_STATEMENT',
  GeoMatchStatement: 'GEO_MATCH_STATEMENT',
  RuleGroupReferenceStatement: 'RULE_GROUP_REFERENCE_STATEMENT',
  IPSetReferenceStatement: 'IP_SET_REFERENCE_STATEMENT',
  RegexPatternSetReferenceStatement: 'REGEX_PATTERN_REFERENCE_STATEMENT',
  RateBasedStatement: 'RATE_BASED_STATEMENT',
  AndStatement: 'AND_STATEMENT',
  OrStatement: 'OR_STATEMENT',
  NotStatement: 'NOT_STATEMENT',
  ManagedRuleGroupStatement: 'MANAGED_RULE_SET_STATEMENT',
  LabelMatchStatement: 'LABEL_MATCH_STATEMENT',
  RegexMatchStatement: 'STATEMENT',
  AsnMatchStatement: 'STATEMENT',
};

function onlyMember(value: object | undefined, field: 'STATEMENT' | 'FIELD_TO_MATCH', name: string): string {
  const present = Object.entries(value ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (present.length !== 1) throw invalidParameter(field, name, REASON.exactlyOne);
  return present[0]![0];
}

/** A field's cost on a statement's base: JSON body doubles it, all query arguments add 10. */
function fieldCost(base: number, field: FieldToMatch | undefined): number {
  const which = onlyMember(field, 'FIELD_TO_MATCH', 'FieldToMatch');
  if (which === 'JsonBody') return base * W.JSON_BODY_MULTIPLIER;
  if (which === 'AllQueryArguments') return base + W.ALL_QUERY_ARGUMENTS_EXTRA_WCU;
  return base;
}

function transformCost(transforms: readonly TextTransformation[] | undefined): number {
  return (transforms ?? []).filter((t) => t.Type !== 'NONE').length * W.TEXT_TRANSFORMATION_WCU;
}

/** A referenced ARN must be of its kind and in the account, Region and scope of what references it. */
function sameHome(arn: string, kind: Kind, home: { account: string; region: string; scope: string }): boolean {
  const p = parseWafArn(arn);
  return (
    p !== undefined &&
    p.kind === kind &&
    p.account === home.account &&
    p.region === home.region &&
    p.scope === home.scope
  );
}

export async function checkRules(
  rules: readonly Rule[],
  where: RuleHome,
  home: { account: string; region: string; scope: string },
  lookup: ReferenceLookup,
): Promise<CheckedRules> {
  const references: string[] = [];
  const names = new Set<string>();
  const priorities = new Set<number>();
  let capacity = 0;

  const statementCost = async (s: Statement, depth: number, topLevel: boolean): Promise<number> => {
    if (depth > MAX_DEPTH) throw invalidParameter('STATEMENT', 'Statement', REASON.notValid);
    const type = onlyMember(s, 'STATEMENT', 'Statement');
    switch (type) {
      case 'ByteMatchStatement': {
        const b = s.ByteMatchStatement!;
        return (
          fieldCost(W.BYTE_MATCH_WCU[b.PositionalConstraint], b.FieldToMatch) + transformCost(b.TextTransformations)
        );
      }
      case 'RegexMatchStatement': {
        const r = s.RegexMatchStatement!;
        checkRegex('STATEMENT', r.RegexString);
        return fieldCost(W.REGEX_MATCH_WCU, r.FieldToMatch) + transformCost(r.TextTransformations);
      }
      case 'RegexPatternSetReferenceStatement': {
        const r = s.RegexPatternSetReferenceStatement!;
        if (!sameHome(r.ARN, 'regexpatternset', home) || !(await lookup.exists('regexpatternset', r.ARN))) {
          throw nonexistent();
        }
        references.push(r.ARN);
        return fieldCost(W.REGEX_PATTERN_SET_WCU, r.FieldToMatch) + transformCost(r.TextTransformations);
      }
      case 'SqliMatchStatement': {
        const q = s.SqliMatchStatement!;
        return (
          fieldCost(W.SQLI_WCU[q.SensitivityLevel ?? 'LOW'], q.FieldToMatch) + transformCost(q.TextTransformations)
        );
      }
      case 'XssMatchStatement': {
        const x = s.XssMatchStatement!;
        return fieldCost(W.XSS_WCU, x.FieldToMatch) + transformCost(x.TextTransformations);
      }
      case 'SizeConstraintStatement': {
        const z = s.SizeConstraintStatement!;
        return fieldCost(W.SIZE_CONSTRAINT_WCU, z.FieldToMatch) + transformCost(z.TextTransformations);
      }
      case 'GeoMatchStatement':
        return W.GEO_MATCH_WCU;
      case 'AsnMatchStatement':
        return W.ASN_MATCH_WCU;
      case 'LabelMatchStatement':
        return W.LABEL_MATCH_WCU;
      case 'IPSetReferenceStatement': {
        const i = s.IPSetReferenceStatement!;
        if (!sameHome(i.ARN, 'ipset', home) || !(await lookup.exists('ipset', i.ARN))) throw nonexistent();
        references.push(i.ARN);
        return W.IP_SET_WCU + (i.IPSetForwardedIPConfig?.Position === 'ANY' ? W.IP_SET_FORWARDED_ANY_EXTRA_WCU : 0);
      }
      case 'AndStatement':
      case 'OrStatement': {
        const nested = (type === 'AndStatement' ? s.AndStatement! : s.OrStatement!).Statements;
        if (nested.length < 2) throw invalidParameter(STATEMENT_FIELDS[type] as 'AND_STATEMENT', type, REASON.notValid);
        let sum = 0;
        for (const n of nested) sum += await statementCost(n, depth + 1, false);
        return sum;
      }
      case 'NotStatement':
        return statementCost(s.NotStatement!.Statement, depth + 1, false);
      case 'RateBasedStatement': {
        const r = s.RateBasedStatement!;
        // A rate-based statement is a rule's top statement; it nests others only as its scope-down.
        if (!topLevel) throw invalidParameter('RATE_BASED_STATEMENT', 'RateBasedStatement', REASON.unsupported);
        const keys = r.AggregateKeyType === 'CUSTOM_KEYS' ? (r.CustomKeys ?? []) : [];
        if (r.AggregateKeyType === 'CUSTOM_KEYS' && keys.length === 0) {
          throw invalidParameter('CUSTOM_KEYS', 'CustomKeys', REASON.notValid);
        }
        let cost = W.RATE_BASED_WCU;
        for (const k of keys) {
          const member = Object.values(k).find((v) => v !== undefined) as
            { TextTransformations?: TextTransformation[] } | undefined;
          cost += W.RATE_CUSTOM_KEY_WCU + transformCost(member?.TextTransformations);
        }
        if (r.ScopeDownStatement) cost += await statementCost(r.ScopeDownStatement, depth + 1, false);
        return cost;
      }
      case 'RuleGroupReferenceStatement': {
        const g = s.RuleGroupReferenceStatement!;
        if (where === 'rulegroup' || !topLevel) {
          throw invalidParameter('RULE_GROUP_REFERENCE_STATEMENT', 'RuleGroupReferenceStatement', REASON.unsupported);
        }
        const cap = sameHome(g.ARN, 'rulegroup', home) ? await lookup.ruleGroupCapacity(g.ARN) : undefined;
        if (cap === undefined) throw nonexistent();
        references.push(g.ARN);
        return cap;
      }
      case 'ManagedRuleGroupStatement': {
        const m = s.ManagedRuleGroupStatement!;
        if (where === 'rulegroup' || !topLevel) {
          throw invalidParameter('MANAGED_RULE_SET_STATEMENT', 'ManagedRuleGroupStatement', REASON.unsupported);
        }
        const cap = lookup.managedCapacity(m.VendorName, m.Name, m.Version);
        if (cap === undefined) throw nonexistent();
        return cap + (m.ScopeDownStatement ? await statementCost(m.ScopeDownStatement, depth + 1, false) : 0);
      }
      default:
        // A statement type newer than this table: refused rather than priced at nothing.
        throw invalidParameter('STATEMENT', type, REASON.unsupported);
    }
  };

  for (const rule of rules) {
    if (names.has(rule.Name)) throw invalidParameter('RULE', rule.Name, REASON.duplicate);
    names.add(rule.Name);
    if (priorities.has(rule.Priority)) throw invalidParameter('RULE', rule.Name, REASON.duplicate);
    priorities.add(rule.Priority);
    const type = onlyMember(rule.Statement, 'STATEMENT', 'Statement');
    // Rules that run a group take an OverrideAction, all others an Action: exactly one of the two.
    const group = type === 'RuleGroupReferenceStatement' || type === 'ManagedRuleGroupStatement';
    if (
      group
        ? rule.Action !== undefined || rule.OverrideAction === undefined
        : rule.OverrideAction !== undefined || rule.Action === undefined
    ) {
      throw invalidParameter(group ? 'OVERRIDE_ACTION' : 'RULE_ACTION', rule.Name, REASON.exactlyOne);
    }
    if (rule.Action) onlyMember(rule.Action, 'STATEMENT', 'Action');
    capacity += await statementCost(rule.Statement, 0, true);
  }
  return { capacity, references };
}
