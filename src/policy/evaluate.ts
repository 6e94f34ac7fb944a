// The decision: AWS's policy evaluation logic across every policy type, within an account and across accounts.
import { arnAccount, splitArn } from './arn.js';
import type { ArnValue } from './arn.js';
import {
  CompiledPolicy,
  compilePolicy,
  PolicySet,
  resourceSetCodes,
  statementMatchesResource,
  statementMatchesResourceSet,
} from './compile.js';
import type { CompiledStatement } from './compile.js';
import { conditionsHold } from './conditions.js';
import type { ConditionEnv } from './conditions.js';
import { ConditionContext } from './context.js';
import type { ContextInput } from './context.js';
import { GRANT_ACCOUNT, GRANT_DIRECT, GRANT_NONE, GRANT_ROLE, principalContextValue, roleKeyOf } from './principal.js';
import type { EvalPrincipal, GrantKind } from './principal.js';
import { isAlwaysAllowed, isAwsManagedResourceChange, requiresResourcePolicy } from './service-rules.js';
import type {
  Decision,
  DecisionReason,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  OrgPolicyLevel,
  PolicyGroupInput,
  PolicyInput,
  PolicyType,
} from './types.js';

interface ActionInfo {
  readonly lower: string;
  readonly service: string;
  readonly alwaysAllowed: boolean;
  /** iam, kms or sts: services with the rules of src/policy/service-rules.ts. */
  readonly hasServiceRules: boolean;
}

const ACTION_CACHE_LIMIT = 20000;
const actionCache = new Map<string, ActionInfo>();

/** Lower-cases an action and splits off its service once per distinct action string. */
function actionInfo(action: string): ActionInfo {
  let info = actionCache.get(action);
  if (info === undefined) {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(':');
    const service = colon < 0 ? lower : lower.slice(0, colon);
    info = {
      lower,
      service,
      alwaysAllowed: isAlwaysAllowed(lower),
      hasServiceRules: service === 'iam' || service === 'kms' || service === 'sts',
    };
    if (actionCache.size >= ACTION_CACHE_LIMIT) actionCache.clear();
    actionCache.set(action, info);
  }
  return info;
}

function compiled(p: PolicyInput): CompiledPolicy {
  return p instanceof CompiledPolicy ? p : compilePolicy(p);
}

function groupIsEmpty(group: PolicyGroupInput | undefined): boolean {
  return group === undefined || (group instanceof PolicySet ? group.policies.length === 0 : group.length === 0);
}

/** Principal kinds that belong to an account and are authorized by identity-based policies (root needs none). */
function hasIdentitySide(p: EvalPrincipal): boolean {
  const t = p.type;
  return t === 'IAMUser' || t === 'AssumedRole' || t === 'Root' || t === 'IAMRole' || t === 'FederatedUser';
}

/**
 * Everything one decision needs, created per request; it is also the environment conditions read and the
 * resource value patterns test (its ARN components are split once, on first need).
 */
class EvalState implements ConditionEnv, ArnValue {
  readonly action: string;
  readonly service: string;
  readonly value: string;
  /** Set in simulation mode: the request resource read as a pattern. */
  readonly resourceCodes: Int32Array | undefined;
  readonly principal: EvalPrincipal;
  readonly boundaryAttached: boolean;
  readonly explain: boolean;
  readonly noteMissing: ((keyName: string) => void) | undefined;
  /** Explain mode: every statement that applied. */
  readonly matched: MatchedStatement[] | undefined;
  readonly missing: Set<string> | undefined;
  private context: ConditionContext | undefined;
  private readonly input: ContextInput | undefined;
  private roleKeyValue: string | undefined | null = null;
  private arnParts: readonly string[] | null | undefined;

  constructor(request: EvaluationRequest, info: ActionInfo) {
    this.action = info.lower;
    this.service = info.service;
    this.value = request.resource;
    this.resourceCodes = request.resourceIsPattern === true ? resourceSetCodes(request.resource) : undefined;
    this.principal = request.principal;
    this.boundaryAttached = !groupIsEmpty(request.permissionsBoundaries);
    this.explain = request.explain === true;
    const given = request.context;
    if (given instanceof ConditionContext) this.context = given;
    else this.input = given;
    if (this.explain) {
      const missing = (this.missing = new Set<string>());
      this.noteMissing = (keyName) => missing.add(keyName);
      this.matched = [];
    }
  }

  lookup(key: string): string | readonly string[] | undefined {
    let ctx = this.context;
    if (ctx === undefined) ctx = this.context = new ConditionContext(this.input);
    const v = ctx.get(key);
    return v !== undefined ? v : principalContextValue(this.principal, key);
  }

  segments(): readonly string[] | null {
    if (this.arnParts === undefined) this.arnParts = splitArn(this.value);
    return this.arnParts;
  }

  /** `account/roleName` of a role or role session, computed on first use. */
  roleKey(): string | undefined {
    if (this.roleKeyValue === null) this.roleKeyValue = roleKeyOf(this.principal);
    return this.roleKeyValue;
  }

  record(s: CompiledStatement, policyType: PolicyType, levelId: string | undefined): void {
    this.matched!.push(matchedOf(s, policyType, levelId, true));
  }
}

function matchedOf(
  s: CompiledStatement,
  policyType: PolicyType,
  levelId: string | undefined,
  withPositions: boolean,
): MatchedStatement {
  const m: { -readonly [K in keyof MatchedStatement]: MatchedStatement[K] } = {
    policyType,
    policyId: s.policy.id,
    statementIndex: s.index,
    sid: s.sid,
    effect: s.effect,
  };
  if (levelId !== undefined) m.levelId = levelId;
  if (withPositions) {
    const span = s.policy.statementSpan(s.index);
    if (span) {
      m.start = span.start;
      m.end = span.end;
    }
  }
  return m;
}

const TYPE_SLOT: Record<PolicyType, number> = {
  identity: 0,
  scp: 1,
  rcp: 2,
  boundary: 3,
  session: 4,
  resource: 5,
  endpoint: 6,
};

/** The reason naming a statement, built once per statement and policy type (reasons are immutable). */
function reasonOf(s: CompiledStatement, kind: PolicyType, explicit: boolean, levelId?: string): DecisionReason {
  const slot = TYPE_SLOT[kind] * 3 + (explicit ? 1 : 0);
  if (levelId === undefined && s.memo[slot] !== undefined) return s.memo[slot] as DecisionReason;
  const r: { -readonly [K in keyof DecisionReason]: DecisionReason[K] } = {
    kind,
    explicit,
    policyId: s.policy.id,
    statementIndex: s.index,
    sid: s.sid,
  };
  if (levelId !== undefined) r.levelId = levelId;
  else s.memo[slot] = Object.freeze(r);
  return r;
}

/** `[matched statement]` for a decision made by one statement, built once per statement and policy type. */
function matchedListOf(s: CompiledStatement, type: PolicyType): readonly MatchedStatement[] {
  const slot = TYPE_SLOT[type] * 3 + 2;
  let list = s.memo[slot] as readonly MatchedStatement[] | undefined;
  if (list === undefined) s.memo[slot] = list = Object.freeze([Object.freeze(matchedOf(s, type, undefined, false))]);
  return list;
}

/** Whether a statement's Resource covers the request (its Action is known to match). */
function resourceMatches(s: CompiledStatement, st: EvalState): boolean {
  if (st.explain && s.resources) {
    for (const r of s.resources) {
      for (const v of r.variables)
        if (v.fallback === undefined && st.lookup(v.key) === undefined) st.noteMissing!(v.name);
    }
  }
  if (st.resourceCodes !== undefined) return statementMatchesResourceSet(s, st.resourceCodes, st);
  return statementMatchesResource(s, st, st);
}

/**
 * How a resource-side statement (resource policy, RCP, endpoint policy) names the principal. A statement
 * without Principal never applies in a resource-based policy, and applies to everyone in RCPs and endpoint
 * policies. A Deny with NotPrincipal always applies to an IAM principal with a permissions boundary, as AWS
 * documents for NotPrincipal.
 */
function principalGrant(s: CompiledStatement, st: EvalState, type: PolicyType): GrantKind {
  const element = s.principal;
  if (element === undefined) return type === 'resource' ? GRANT_NONE : GRANT_DIRECT;
  if (s.notPrincipal && !s.allow && type === 'resource' && st.boundaryAttached && hasIdentitySide(st.principal)) {
    return GRANT_DIRECT;
  }
  const m = element.match(st.principal, st.roleKey());
  if (s.notPrincipal) return m === GRANT_NONE ? GRANT_DIRECT : GRANT_NONE;
  return m;
}

function applies(s: CompiledStatement, st: EvalState, type: PolicyType): boolean {
  if (!resourceMatches(s, st)) return false;
  if ((type === 'resource' || type === 'rcp' || type === 'endpoint') && principalGrant(s, st, type) === GRANT_NONE) {
    return false;
  }
  return s.conditions.length === 0 || conditionsHold(s.conditions, st);
}

/** The first statement of the given effect that applies (explain mode: records them all, returns the first). */
function scanPolicy(
  policy: CompiledPolicy | PolicySet,
  st: EvalState,
  type: PolicyType,
  allow: boolean,
  levelId: string | undefined,
): CompiledStatement | undefined {
  const bucket = policy.index.forAction(st.service, st.action);
  const list = allow ? bucket.allow : bucket.deny;
  let first: CompiledStatement | undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (!applies(s, st, type)) continue;
    if (!st.explain) return s;
    st.record(s, type, levelId);
    first ??= s;
  }
  return first;
}

function scanGroup(
  group: PolicyGroupInput | undefined,
  st: EvalState,
  type: PolicyType,
  allow: boolean,
  levelId?: string,
): CompiledStatement | undefined {
  if (group === undefined) return undefined;
  if (group instanceof PolicySet) return scanPolicy(group, st, type, allow, levelId);
  let first: CompiledStatement | undefined;
  for (let i = 0; i < group.length; i++) {
    const hit = scanPolicy(compiled(group[i]!), st, type, allow, levelId);
    if (hit === undefined) continue;
    if (!st.explain) return hit;
    first ??= hit;
  }
  return first;
}

/** The strongest Allow of a resource policy for this principal, and the statement that made it. */
function bestGrant(policy: CompiledPolicy, st: EvalState): [GrantKind, CompiledStatement | undefined] {
  const list = policy.index.forAction(st.service, st.action).allow;
  let kind: GrantKind = GRANT_NONE;
  let statement: CompiledStatement | undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (!resourceMatches(s, st)) continue;
    const g = principalGrant(s, st, 'resource');
    if (g === GRANT_NONE || (g <= kind && !st.explain)) continue;
    if (!conditionsHold(s.conditions, st)) continue;
    if (st.explain) st.record(s, 'resource', undefined);
    if (g > kind) {
      kind = g;
      statement = s;
    }
    if (kind === GRANT_DIRECT && !st.explain) break;
  }
  return [kind, statement];
}

/** The outcome of one policy type: its explicit Deny, and whether it allowed. */
interface Verdict {
  deny: CompiledStatement | undefined;
  denyLevel: string | undefined;
  allowed: boolean;
  allow: CompiledStatement | undefined;
  /** For SCPs: the first organization level with no applicable Allow. */
  implicitLevel: string | undefined;
}

const NOT_APPLICABLE: Readonly<Verdict> = Object.freeze({
  deny: undefined,
  denyLevel: undefined,
  allowed: true,
  allow: undefined,
  implicitLevel: undefined,
});

function verdict(deny: CompiledStatement | undefined, allow: CompiledStatement | undefined): Verdict {
  return {
    deny,
    denyLevel: undefined,
    allowed: deny === undefined && allow !== undefined,
    allow,
    implicitLevel: undefined,
  };
}

function evaluateGroup(group: PolicyGroupInput | undefined, st: EvalState, type: PolicyType): Verdict {
  const deny = scanGroup(group, st, type, false);
  if (deny !== undefined && !st.explain) return verdict(deny, undefined);
  return verdict(deny, scanGroup(group, st, type, true));
}

/** Organization policies: every level must allow (RCP levels always do, through RCPFullAWSAccess). */
function evaluateLevels(levels: readonly OrgPolicyLevel[], st: EvalState, type: 'scp' | 'rcp'): Verdict {
  const v = verdict(undefined, undefined);
  v.allowed = true;
  for (const level of levels) {
    const deny = scanGroup(level.policies, st, type, false, level.id);
    if (deny !== undefined && v.deny === undefined) {
      v.deny = deny;
      v.denyLevel = level.id;
    }
    if ((type === 'rcp' || deny !== undefined) && !st.explain) continue;
    const allow = scanGroup(level.policies, st, type, true, level.id);
    if (allow === undefined && type === 'scp' && v.allowed) {
      v.allowed = false;
      v.implicitLevel = level.id;
    }
  }
  if (v.deny !== undefined) v.allowed = false;
  return v;
}

/** VPC endpoint policies: each one must allow. */
function evaluateEndpoints(policies: readonly PolicyInput[], st: EvalState): Verdict {
  const v = verdict(undefined, undefined);
  v.allowed = true;
  for (const p of policies) {
    const policy = compiled(p);
    const deny = scanPolicy(policy, st, 'endpoint', false, undefined);
    if (deny !== undefined && v.deny === undefined) v.deny = deny;
    if (deny !== undefined && !st.explain) continue;
    if (scanPolicy(policy, st, 'endpoint', true, undefined) === undefined) v.allowed = false;
  }
  if (v.deny !== undefined) v.allowed = false;
  return v;
}

const ALWAYS_ALLOWED_REASON: DecisionReason = Object.freeze({ kind: 'alwaysAllowed', explicit: false });
const ROOT_REASON: DecisionReason = Object.freeze({ kind: 'root', explicit: false });
const NO_MATCHES: readonly MatchedStatement[] = Object.freeze([]);
const NONE_BLOCKED: readonly PolicyType[] = Object.freeze([]);

/**
 * Decides one request. Explicit denies in any applicable policy win; then SCPs (each level must allow), RCPs and
 * VPC endpoint policies gate the request; then, within one account, an Allow in either the resource-based policy
 * or the identity-based policies grants it (identity grants, and resource grants to a role ARN, still need the
 * permissions boundary and session policy to allow; a grant to the user, session or `*` is not limited by the
 * boundary); across accounts both the identity side and the resource policy must allow.
 */
export function evaluate(request: EvaluationRequest): EvaluationResult {
  const info = actionInfo(request.action);
  if (info.alwaysAllowed) {
    return {
      decision: 'Allowed',
      action: request.action,
      reason: ALWAYS_ALLOWED_REASON,
      matched: NO_MATCHES,
      blockedBy: NONE_BLOCKED,
    };
  }
  const st = new EvalState(request, info);
  const p = request.principal;
  const identitySide = hasIdentitySide(p);
  const isRoot = p.type === 'Root';
  const explain = st.explain;

  const scps = request.scps;
  const scpApplies =
    identitySide &&
    scps !== undefined &&
    scps.length > 0 &&
    p.isManagementAccount !== true &&
    p.isServiceLinkedRole !== true;
  const rcps = request.rcps;
  const rcpApplies =
    rcps !== undefined &&
    rcps.length > 0 &&
    request.resourceInManagementAccount !== true &&
    p.isServiceLinkedRole !== true;
  const endpoints = request.endpointPolicies;
  const endpointApplies = endpoints !== undefined && endpoints.length > 0;
  const boundaryApplies = identitySide && !isRoot && st.boundaryAttached;
  const federatedUser = p.type === 'FederatedUser';
  const sessionApplies = federatedUser || (p.type === 'AssumedRole' && !groupIsEmpty(request.sessionPolicies));
  const identityApplies = identitySide && !isRoot;
  const resourcePolicy = request.resourcePolicy === undefined ? undefined : compiled(request.resourcePolicy);

  const scp = scpApplies ? evaluateLevels(scps, st, 'scp') : NOT_APPLICABLE;
  const rcp = rcpApplies ? evaluateLevels(rcps, st, 'rcp') : NOT_APPLICABLE;
  const endpoint = endpointApplies ? evaluateEndpoints(endpoints, st) : NOT_APPLICABLE;
  const boundary = boundaryApplies ? evaluateGroup(request.permissionsBoundaries, st, 'boundary') : NOT_APPLICABLE;
  const session = sessionApplies ? evaluateGroup(request.sessionPolicies, st, 'session') : NOT_APPLICABLE;
  const identity = identityApplies ? evaluateGroup(request.identityPolicies, st, 'identity') : undefined;
  const identityDeny = identity?.deny;
  const identityAllowed = identity === undefined ? isRoot : identity.allowed;
  const resourceDeny = resourcePolicy ? scanPolicy(resourcePolicy, st, 'resource', false, undefined) : undefined;

  const anyDeny =
    scp.deny !== undefined ||
    rcp.deny !== undefined ||
    endpoint.deny !== undefined ||
    boundary.deny !== undefined ||
    session.deny !== undefined ||
    identityDeny !== undefined ||
    resourceDeny !== undefined;
  const guardrailsPass = scp.allowed && rcp.allowed && endpoint.allowed;
  const resourceAccount = request.resourceAccount ?? accountOf(request.resource) ?? p.accountId;
  const sameAccount = identitySide && p.accountId === resourceAccount;
  const required =
    request.resourcePolicyRequired ?? (info.hasServiceRules && requiresResourcePolicy(st.action, st.value));
  const awsManaged = info.hasServiceRules && isAwsManagedResourceChange(st.action, st.value);
  const pbOk = boundary.allowed;
  const sessionOk = session.allowed;
  const identityPath = identityAllowed && pbOk && sessionOk;

  let grant: GrantKind = GRANT_NONE;
  let grantStatement: CompiledStatement | undefined;
  // The grant only matters without denies, with the guardrails passed, and when the identity path alone does
  // not settle a same-account request.
  if (
    resourcePolicy !== undefined &&
    (explain || (!anyDeny && guardrailsPass && (required || !sameAccount || !identityPath)))
  ) {
    [grant, grantStatement] = bestGrant(resourcePolicy, st);
  }

  let allowed = false;
  let byResource = false;
  if (!anyDeny && guardrailsPass && !awsManaged) {
    if (!identitySide) {
      allowed = byResource = grant !== GRANT_NONE;
    } else if (sameAccount) {
      // A grant naming the user, the session or everyone is not limited by a permissions boundary; a role
      // session's session policy still limits it (a federated user's does not).
      const directOk = grant === GRANT_DIRECT && (federatedUser || sessionOk);
      const roleOk = grant === GRANT_ROLE && pbOk && sessionOk;
      const viaIdentity = identityPath && (!required || grant >= GRANT_ACCOUNT);
      allowed = viaIdentity || directOk || roleOk;
      byResource = allowed && !viaIdentity;
    } else {
      allowed = identityPath && grant !== GRANT_NONE;
    }
  }

  if (allowed && !explain) {
    if (byResource) {
      return {
        decision: 'Allowed',
        action: request.action,
        reason: reasonOf(grantStatement!, 'resource', false),
        matched: matchedListOf(grantStatement!, 'resource'),
        blockedBy: NONE_BLOCKED,
      };
    }
    if (isRoot) {
      return {
        decision: 'Allowed',
        action: request.action,
        reason: ROOT_REASON,
        matched: NO_MATCHES,
        blockedBy: NONE_BLOCKED,
      };
    }
    const allow = identity!.allow!;
    return {
      decision: 'Allowed',
      action: request.action,
      reason: reasonOf(allow, 'identity', false),
      matched: matchedListOf(allow, 'identity'),
      blockedBy: NONE_BLOCKED,
    };
  }

  let decision: Decision;
  let reason: DecisionReason;
  let matched: readonly MatchedStatement[] = NO_MATCHES;
  const blockedBy: PolicyType[] = [];
  if (allowed) {
    decision = 'Allowed';
    reason = byResource
      ? reasonOf(grantStatement!, 'resource', false)
      : isRoot
        ? ROOT_REASON
        : reasonOf(identity!.allow!, 'identity', false);
  } else {
    // Guardrails that did not allow, then grant policies that explicitly denied.
    if (!scp.allowed) blockedBy.push('scp');
    if (!rcp.allowed) blockedBy.push('rcp');
    if (!endpoint.allowed) blockedBy.push('endpoint');
    if (boundaryApplies && !boundary.allowed) blockedBy.push('boundary');
    if (sessionApplies && !session.allowed) blockedBy.push('session');
    if (identityDeny !== undefined) blockedBy.push('identity');
    if (resourceDeny !== undefined) blockedBy.push('resource');
    if (anyDeny) {
      decision = 'ExplicitlyDenied';
      // Explicit denies in the order their messages are preferred; each denying policy type is reported.
      const denials: [PolicyType, CompiledStatement, string | undefined][] = [];
      if (scp.deny) denials.push(['scp', scp.deny, scp.denyLevel]);
      if (rcp.deny) denials.push(['rcp', rcp.deny, rcp.denyLevel]);
      if (endpoint.deny) denials.push(['endpoint', endpoint.deny, undefined]);
      if (boundary.deny) denials.push(['boundary', boundary.deny, undefined]);
      if (session.deny) denials.push(['session', session.deny, undefined]);
      if (identityDeny) denials.push(['identity', identityDeny, undefined]);
      if (resourceDeny) denials.push(['resource', resourceDeny, undefined]);
      // anyDeny means one of the levels above denied, so there is a first denial.
      const [kind, statement, levelId] = denials[0]!;
      reason = reasonOf(statement, kind, true, levelId);
      matched = denials.map(([type, s, level]) => matchedOf(s, type, level, false));
    } else {
      decision = 'ImplicitlyDenied';
      reason = implicitReason();
    }
  }
  if (!explain) return { decision, action: request.action, reason, matched, blockedBy };

  const layers: Partial<Record<PolicyType, Decision>> = {};
  const layer = (v: Readonly<Verdict>): Decision =>
    v.deny ? 'ExplicitlyDenied' : v.allowed ? 'Allowed' : 'ImplicitlyDenied';
  if (scpApplies) layers.scp = layer(scp);
  if (rcpApplies) layers.rcp = layer(rcp);
  if (endpointApplies) layers.endpoint = layer(endpoint);
  if (boundaryApplies) layers.boundary = layer(boundary);
  if (sessionApplies) layers.session = layer(session);
  if (identity) layers.identity = layer(identity);
  if (resourcePolicy) {
    layers.resource = resourceDeny ? 'ExplicitlyDenied' : grant !== GRANT_NONE ? 'Allowed' : 'ImplicitlyDenied';
  }
  return {
    decision,
    action: request.action,
    reason,
    matched: st.matched!,
    blockedBy,
    layers,
    missingContextValues: [...st.missing!].sort(),
  };

  /** Which policy type failed to allow, in the order AWS evaluates them. */
  function implicitReason(): DecisionReason {
    if (!scp.allowed) return { kind: 'scp', explicit: false, levelId: scp.implicitLevel };
    if (!endpoint.allowed) return { kind: 'endpoint', explicit: false };
    if (awsManaged) return { kind: 'resource', explicit: false, awsManagedResource: true };
    if (!identitySide) return { kind: 'resource', explicit: false };
    if (sameAccount && !identityAllowed && grant <= GRANT_ACCOUNT) {
      return { kind: required && grant === GRANT_NONE ? 'resource' : 'identity', explicit: false };
    }
    if (!identityAllowed && !sameAccount) return { kind: 'identity', explicit: false };
    if (!pbOk) return { kind: 'boundary', explicit: false };
    if (!sessionOk) return { kind: 'session', explicit: false };
    return { kind: 'resource', explicit: false };
  }
}

function accountOf(resource: string): string | undefined {
  const account = arnAccount(resource);
  return account !== undefined && account.length === 12 && /^\d{12}$/.test(account) ? account : undefined;
}
