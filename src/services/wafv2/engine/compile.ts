// compileWebAcl: a web ACL and everything it references, turned once into rules ready to evaluate per request.
import type {
  CustomRequestHandling,
  CustomResponse,
  CustomResponseBody,
  ExcludedRule,
  ImmunityConfig,
  ReferenceResolver,
  ResolvedResponse,
  Rule,
  RuleAction,
  RuleActionOverride,
  WafAction,
  WebAcl,
} from './types.js';
import {
  compileStatement,
  WebAclCompileError,
  type GeoIpDatabase,
  type Predicate,
  type StatementContext,
} from './statements.js';
import { InjectionDetector } from './injection.js';
import { InspectionSlots } from './fields.js';
import { qualifyLabel, webAclLabelNamespace } from './labels.js';
import { FieldCompileError } from './fields.js';
import { UnsupportedTransformationError } from './transforms.js';

/** AWS's default immunity time for CAPTCHA and challenge tokens, in seconds. */
export const DEFAULT_IMMUNITY_TIME = 300;
/** An Application Load Balancer's body inspection limit: fixed at 8 KB (AssociationConfig does not apply to it). */
export const ALB_BODY_INSPECTION_LIMIT = 8192;
/** AWS prefixes every header a rule inserts upstream. */
const INSERTED_HEADER_PREFIX = 'x-amzn-waf-';

export interface CompiledAction {
  readonly kind: WafAction;
  readonly insertHeaders: readonly (readonly [string, string])[];
  readonly customResponse?: ResolvedResponse;
  readonly immunityTime?: number;
}
export interface CompiledGroupRule {
  readonly name: string;
  readonly match: Predicate;
  readonly action: CompiledAction;
  /** The rule's own action when ExcludedRules or RuleActionOverrides replaced it. */
  readonly overriddenAction?: WafAction;
  readonly excluded: boolean;
  readonly labels: readonly string[];
}
export interface CompiledRule {
  readonly name: string;
  readonly type: 'REGULAR' | 'RATE_BASED' | 'GROUP' | 'MANAGED_RULE_GROUP';
  readonly labels: readonly string[];
  /** REGULAR / RATE_BASED. */
  readonly match?: Predicate;
  readonly action?: CompiledAction;
  /** GROUP / MANAGED_RULE_GROUP. */
  readonly group?: {
    readonly id: string;
    readonly scopeDown?: Predicate;
    readonly rules: readonly CompiledGroupRule[];
    readonly overrideCount: boolean;
  };
}
export interface CompiledWebAcl {
  readonly webAclArn: string;
  readonly name: string;
  /** How many body bytes the listener should hand over (InspectedRequest.body). */
  readonly bodyInspectionLimit: number;
  readonly rules: readonly CompiledRule[];
  readonly defaultAction: CompiledAction;
  /** Frees the libddwaf instance; evaluate() must not be called afterwards. */
  dispose(): void;
}

export interface CompileOptions {
  readonly geo?: GeoIpDatabase;
  /** Defaults to the ALB's fixed 8 KB. */
  readonly bodyInspectionLimit?: number;
}

export { WebAclCompileError };

function insertHeaders(h: CustomRequestHandling | undefined): (readonly [string, string])[] {
  return (h?.InsertHeaders ?? []).map((x) => [`${INSERTED_HEADER_PREFIX}${x.Name}`, x.Value] as const);
}

function resolveResponse(
  r: CustomResponse,
  bodies: Readonly<Record<string, CustomResponseBody>> | undefined,
): ResolvedResponse {
  const headers = (r.ResponseHeaders ?? []).map((h) => [h.Name, h.Value] as const);
  if (r.CustomResponseBodyKey === undefined) return { status: r.ResponseCode, headers };
  const body = bodies?.[r.CustomResponseBodyKey];
  if (!body) throw new WebAclCompileError(`The custom response body key ${r.CustomResponseBodyKey} is not defined.`);
  return {
    status: r.ResponseCode,
    headers,
    body: { key: r.CustomResponseBodyKey, contentType: body.ContentType, content: body.Content },
  };
}

const immunity = (...configs: (ImmunityConfig | undefined)[]): number => {
  for (const c of configs) if (c?.ImmunityTimeProperty) return c.ImmunityTimeProperty.ImmunityTime;
  return DEFAULT_IMMUNITY_TIME;
};

function compileAction(
  a: RuleAction,
  bodies: Readonly<Record<string, CustomResponseBody>> | undefined,
  rule: Rule,
  acl: WebAcl,
): CompiledAction {
  if (a.Block) {
    const customResponse = a.Block.CustomResponse ? resolveResponse(a.Block.CustomResponse, bodies) : undefined;
    return customResponse ? { kind: 'BLOCK', insertHeaders: [], customResponse } : { kind: 'BLOCK', insertHeaders: [] };
  }
  if (a.Allow) return { kind: 'ALLOW', insertHeaders: insertHeaders(a.Allow.CustomRequestHandling) };
  if (a.Count) return { kind: 'COUNT', insertHeaders: insertHeaders(a.Count.CustomRequestHandling) };
  if (a.Captcha)
    return {
      kind: 'CAPTCHA',
      insertHeaders: insertHeaders(a.Captcha.CustomRequestHandling),
      immunityTime: immunity(rule.CaptchaConfig, acl.CaptchaConfig),
    };
  if (a.Challenge)
    return {
      kind: 'CHALLENGE',
      insertHeaders: insertHeaders(a.Challenge.CustomRequestHandling),
      immunityTime: immunity(rule.ChallengeConfig, acl.ChallengeConfig),
    };
  throw new WebAclCompileError(`The rule ${rule.Name} has no action Warden can apply.`);
}

function groupRules(
  rules: readonly Rule[],
  namespace: string,
  bodies: Readonly<Record<string, CustomResponseBody>> | undefined,
  excludedRules: readonly ExcludedRule[] | undefined,
  overrides: readonly RuleActionOverride[] | undefined,
  ctx: Omit<StatementContext, 'rateKeyPrefix'>,
  prefix: string,
  acl: WebAcl,
): CompiledGroupRule[] {
  const excluded = new Set((excludedRules ?? []).map((e) => e.Name));
  const overrideMap = new Map((overrides ?? []).map((o) => [o.Name, o.ActionToUse]));
  return [...rules]
    .sort((a, b) => a.Priority - b.Priority)
    .map((r) => {
      if (r.Statement.RuleGroupReferenceStatement || r.Statement.ManagedRuleGroupStatement)
        throw new WebAclCompileError(`The rule group rule ${r.Name} cannot reference another rule group.`);
      if (!r.Action) throw new WebAclCompileError(`The rule group rule ${r.Name} has no Action.`);
      const own = compileAction(r.Action, bodies, r, acl);
      const replacement = overrideMap.get(r.Name);
      // Bodies of a replacement action come from the web ACL: the override is written there.
      const action = replacement
        ? compileAction(replacement, acl.CustomResponseBodies, r, acl)
        : excluded.has(r.Name)
          ? { kind: 'COUNT' as const, insertHeaders: [] }
          : own;
      const changed = replacement !== undefined || excluded.has(r.Name);
      return {
        name: r.Name,
        match: compileStatement(r.Statement, { ...ctx, rateKeyPrefix: `${prefix}\u0000${r.Name}` }),
        action,
        ...(changed ? { overriddenAction: own.kind } : {}),
        excluded: excluded.has(r.Name) && replacement === undefined,
        labels: (r.RuleLabels ?? []).map((l) => qualifyLabel(namespace, l.Name)),
      };
    });
}

/**
 * Compiles a web ACL (the model's WebACL shape) once per version. Throws WebAclCompileError when a reference does not
 * resolve or something cannot be enforced; the caller keeps serving the previous compiled version in that case.
 */
export function compileWebAcl(acl: WebAcl, resolve: ReferenceResolver, options: CompileOptions = {}): CompiledWebAcl {
  let detector: InjectionDetector | undefined;
  const slots = new InspectionSlots();
  const base = {
    resolve,
    slots,
    detector: () => (detector ??= new InjectionDetector(slots)),
    ...(options.geo ? { geo: options.geo } : {}),
  };
  const namespace = acl.LabelNamespace ?? webAclLabelNamespace(acl.ARN, acl.Name);
  try {
    const rules = [...(acl.Rules ?? [])]
      .sort((a, b) => a.Priority - b.Priority)
      .map((r): CompiledRule => {
        const prefix = `${acl.ARN}\u0000${r.Name}`;
        const labels = (r.RuleLabels ?? []).map((l) => qualifyLabel(namespace, l.Name));
        const m = r.Statement.ManagedRuleGroupStatement;
        const g = r.Statement.RuleGroupReferenceStatement;
        if (m || g) {
          const def = m ? resolve.managedRuleGroup(m.VendorName, m.Name, m.Version) : resolve.ruleGroup(g!.ARN);
          if (!def)
            throw new WebAclCompileError(
              m
                ? `The managed rule group ${m.VendorName}/${m.Name}${m.Version ? ` ${m.Version}` : ''} does not exist.`
                : `The rule group ${g!.ARN} does not exist.`,
            );
          const ref = (m ?? g)!;
          const scopeDown = m?.ScopeDownStatement
            ? compileStatement(m.ScopeDownStatement, { ...base, rateKeyPrefix: `${prefix}\u0000scope` })
            : undefined;
          return {
            name: r.Name,
            type: m ? 'MANAGED_RULE_GROUP' : 'GROUP',
            labels,
            group: {
              id: m ? `${m.VendorName}#${m.Name}` : (def.ARN ?? g!.ARN),
              ...(scopeDown ? { scopeDown } : {}),
              rules: groupRules(
                def.Rules ?? [],
                def.LabelNamespace,
                def.CustomResponseBodies,
                ref.ExcludedRules,
                ref.RuleActionOverrides,
                base,
                prefix,
                acl,
              ),
              overrideCount: r.OverrideAction?.Count !== undefined,
            },
          };
        }
        if (!r.Action) throw new WebAclCompileError(`The rule ${r.Name} has no Action.`);
        return {
          name: r.Name,
          type: r.Statement.RateBasedStatement ? 'RATE_BASED' : 'REGULAR',
          labels,
          match: compileStatement(r.Statement, { ...base, rateKeyPrefix: prefix }),
          action: compileAction(r.Action, acl.CustomResponseBodies, r, acl),
        };
      });
    const d = acl.DefaultAction;
    const defaultAction: CompiledAction = d.Block
      ? d.Block.CustomResponse
        ? {
            kind: 'BLOCK',
            insertHeaders: [],
            customResponse: resolveResponse(d.Block.CustomResponse, acl.CustomResponseBodies),
          }
        : { kind: 'BLOCK', insertHeaders: [] }
      : { kind: 'ALLOW', insertHeaders: insertHeaders(d.Allow?.CustomRequestHandling) };
    detector?.seal();
    return {
      webAclArn: acl.ARN,
      name: acl.Name,
      bodyInspectionLimit: options.bodyInspectionLimit ?? ALB_BODY_INSPECTION_LIMIT,
      rules,
      defaultAction,
      dispose: () => detector?.dispose(),
    };
  } catch (e) {
    detector?.dispose();
    if (e instanceof FieldCompileError || e instanceof UnsupportedTransformationError)
      throw new WebAclCompileError(e.message);
    throw e;
  }
}
