// Policy documents compiled once into statements with precompiled matchers, indexed by service prefix.
import { ArnMatcher } from './arn.js';
import type { ArnValue } from './arn.js';
import { compileConditions } from './conditions.js';
import type { CompiledCondition } from './conditions.js';
import { Glob } from './glob.js';
import { locateStatements } from './positions.js';
import type { StatementSpan } from './positions.js';
import { PrincipalMatcher } from './principal.js';
import { StatementIndex } from './statement-index.js';
import { isVariable, parseTemplate, TemplateCache } from './variables.js';
import type { ContextSource, VariablePart } from './variables.js';

/** An Action / NotAction entry: lower-cased, with the service prefix used by the index. */
export interface ActionPattern {
  /** The service prefix when it has no wildcard; undefined for `*`, `s3*:Get`, or an entry without a colon. */
  readonly service: string | undefined;
  readonly glob: Glob;
}

/** A Resource / NotResource entry, possibly with policy variables. */
export class ResourcePattern {
  private readonly matcher: ArnMatcher | undefined;
  private readonly template: TemplateCache<ArnMatcher> | undefined;
  /** The policy variables the pattern uses. */
  readonly variables: VariablePart[];

  constructor(
    readonly source: string,
    variables: boolean,
  ) {
    const parts = parseTemplate(source, true, variables);
    this.variables = parts.filter(isVariable);
    if (this.variables.length > 0) this.template = new TemplateCache(parts, (tokens) => ArnMatcher.fromTokens(tokens));
    else this.matcher = ArnMatcher.fromTokens(parts as Parameters<typeof ArnMatcher.fromTokens>[0]);
  }

  /** The matcher for this request (variables substituted), or undefined when a variable has no value. */
  resolve(ctx: ContextSource): ArnMatcher | undefined {
    return this.matcher ?? this.template!.get(ctx);
  }

  test(resource: ArnValue, ctx: ContextSource): boolean {
    if (this.matcher !== undefined) return this.matcher.testValue(resource);
    return this.template!.get(ctx)?.testValue(resource) ?? false;
  }
}

export type Effect = 'Allow' | 'Deny';

/** One statement, ready to evaluate. Statements that are malformed are kept (for positions) but never match. */
export interface CompiledStatement {
  readonly policy: CompiledPolicy;
  /** 0-based position within the policy's Statement list. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly allow: boolean;
  /** Action or NotAction entries; undefined when the statement has neither (it then matches no action). */
  readonly actions: readonly ActionPattern[] | undefined;
  readonly notAction: boolean;
  /** Resource or NotResource entries; undefined when absent (trust policies), which matches every resource. */
  readonly resources: readonly ResourcePattern[] | undefined;
  readonly notResource: boolean;
  /** Principal or NotPrincipal; undefined when the statement has neither. */
  readonly principal: PrincipalMatcher | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: readonly CompiledCondition[];
  readonly valid: boolean;
  /** Per-policy-type results reused by every decision this statement makes (filled by the evaluator). */
  readonly memo: unknown[];
}

/** Whether a statement's Resource/NotResource matches a concrete resource (or the literal `*`). */
export function statementMatchesResource(s: CompiledStatement, resource: ArnValue, ctx: ContextSource): boolean {
  const patterns = s.resources;
  if (patterns === undefined) return true;
  let hit = false;
  for (let i = 0; i < patterns.length; i++) {
    if (patterns[i]!.test(resource, ctx)) {
      hit = true;
      break;
    }
  }
  return s.notResource ? !hit : hit;
}

/**
 * Simulation of a wildcard resource (e.g. `*` or `arn:aws:s3:::bucket/*`, read as "some such resource"): an
 * Allow applies when it grants part of the set, a Deny only when it covers all of it.
 */
export function statementMatchesResourceSet(s: CompiledStatement, request: Int32Array, ctx: ContextSource): boolean {
  const patterns = s.resources;
  if (patterns === undefined) return true;
  const matchers: ArnMatcher[] = [];
  for (const p of patterns) {
    const m = p.resolve(ctx);
    if (m) matchers.push(m);
  }
  if (!s.notResource) {
    return s.allow ? matchers.some((m) => m.intersects(request)) : matchers.some((m) => m.covers(request));
  }
  // NotResource: an Allow applies if part of the set lies outside the excluded patterns; a Deny only if all of it does.
  return s.allow ? !matchers.some((m) => m.covers(request)) : !matchers.some((m) => m.intersects(request));
}

/** The codes of a request resource pattern, for {@link statementMatchesResourceSet}. */
export function resourceSetCodes(resource: string): Int32Array {
  return Glob.compile(resource).codes;
}

export class CompiledPolicy {
  readonly statements: readonly CompiledStatement[];
  readonly index: StatementIndex<CompiledStatement>;
  /** True when the policy's Version is 2012-10-17, the only version in which `${...}` is a variable. */
  readonly variablesEnabled: boolean;
  private spans: StatementSpan[] | undefined;

  constructor(
    /** Identifies the policy in results: its ARN, `inline:<name>`, an SCP id, or anything the caller chooses. */
    readonly id: string,
    readonly document: Readonly<Record<string, unknown>>,
    /** The JSON text the policy was compiled from, when it was given as text (used for statement positions). */
    readonly text: string | undefined,
  ) {
    this.variablesEnabled = document.Version === '2012-10-17';
    const raw = document.Statement;
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    this.statements = list.map((s, i) => compileStatement(this, i, s, this.variablesEnabled));
    this.index = new StatementIndex(this.statements);
  }

  /** Line/column spans of the statements, computed on first use; undefined for policies not given as text. */
  statementSpan(index: number): StatementSpan | undefined {
    if (this.text === undefined) return undefined;
    this.spans ??= locateStatements(this.text);
    return this.spans[index];
  }
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

function compileActions(entries: readonly string[]): ActionPattern[] {
  return entries.map((entry) => {
    const lower = entry.toLowerCase();
    const colon = lower.indexOf(':');
    const service = colon < 0 ? undefined : lower.slice(0, colon);
    const serviceHasWildcard = service === undefined || /[*?]/.test(service);
    return { service: serviceHasWildcard ? undefined : service, glob: Glob.compile(lower) };
  });
}

function compileStatement(policy: CompiledPolicy, index: number, raw: unknown, variables: boolean): CompiledStatement {
  const s = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const effect = s.Effect === 'Deny' ? 'Deny' : 'Allow';
  const action = stringList(s.Action);
  const notAction = action === undefined ? stringList(s.NotAction) : undefined;
  const resource = stringList(s.Resource);
  const notResource = resource === undefined ? stringList(s.NotResource) : undefined;
  const principalElement = s.Principal !== undefined ? s.Principal : s.NotPrincipal;
  const actions = action ?? notAction;
  const resources = resource ?? notResource;
  return {
    policy,
    index,
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect,
    allow: effect === 'Allow',
    actions: actions === undefined ? undefined : compileActions(actions),
    notAction: notAction !== undefined,
    resources: resources?.map((r) => new ResourcePattern(r, variables)),
    notResource: notResource !== undefined,
    principal: principalElement === undefined ? undefined : new PrincipalMatcher(principalElement),
    notPrincipal: s.Principal === undefined && s.NotPrincipal !== undefined,
    conditions: compileConditions(s.Condition, variables),
    valid: (s.Effect === 'Allow' || s.Effect === 'Deny') && actions !== undefined,
    memo: [],
  };
}

const CACHE_LIMIT = 5000;
const cache = new Map<string, CompiledPolicy>();

/**
 * Compiles a policy document (JSON text or a parsed object). Text is compiled once and cached (keyed by id and
 * text, bounded, least recently used first out), so recompiling an unchanged stored policy is a map lookup.
 * Throws if text is not JSON or the document is not an object; the grammar is not validated here. An already
 * compiled policy is returned as it is.
 */
export function compilePolicy(
  document: string | Readonly<Record<string, unknown>> | CompiledPolicy,
  id = '',
): CompiledPolicy {
  if (document instanceof CompiledPolicy) return document;
  if (typeof document !== 'string') return new CompiledPolicy(id, document, undefined);
  const key = `${id}\u0000${document}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parsed: unknown = JSON.parse(document);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('A policy document must be a JSON object');
  }
  const compiled = new CompiledPolicy(id, parsed as Record<string, unknown>, document);
  cache.set(key, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return compiled;
}

/** Empties the compiled-policy cache (tests, or after a bulk reset). */
export function clearPolicyCache(): void {
  cache.clear();
}

/**
 * Several policies of one kind evaluated together, such as all identity policies of a principal (inline, managed,
 * and group policies). Build it once per principal and reuse it: its merged index makes a decision cost the
 * same whether the statements live in one policy or twenty.
 */
export class PolicySet {
  readonly index: StatementIndex<CompiledStatement>;
  constructor(readonly policies: readonly CompiledPolicy[]) {
    const rank = new Map(policies.map((p, i) => [p, i] as const));
    this.index = new StatementIndex(
      policies.flatMap((p) => p.statements),
      rank,
    );
  }
}
