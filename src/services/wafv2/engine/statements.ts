// Statements compiled once into predicates over a RequestView: matching, references, rate-based and logical statements.
import { isIP } from 'node:net';
import { isUtf8 } from 'node:buffer';
import type { ReferenceResolver, Statement, ForwardedIPConfig, RateBasedStatementCustomKey } from './types.js';
import { compileField, compileInspection, inspect, type InspectionSlots } from './fields.js';
import { compileTransforms } from './transforms.js';
import type { RequestView } from './request-view.js';
import type { InjectionDetector, InjectionKind } from './injection.js';
import { CidrSet, firstForwardedIp, forwardedAddresses } from './ip-match.js';
import { compileLabelMatch } from './labels.js';
import type { RateCounter } from './rate-limit.js';
import { cachedWafRegex, type WafRegex } from './waf-regex.js';
import { asnKey, asnMatch, geoMatch, type AddressSource, type GeoIpDatabase } from './geo-match.js';

export type { GeoIpDatabase };

/** What evaluation needs besides the request: the rate counters and the clock. */
export interface EvaluationState {
  readonly rateCounter: RateCounter;
  /** Milliseconds since the epoch; Date.now() when absent. */
  readonly now?: number;
  /** Whether the request carries an unexpired CAPTCHA / challenge token (then those actions do not terminate). */
  readonly hasValidToken?: (kind: 'CAPTCHA' | 'CHALLENGE', immunityTimeSec: number) => boolean;
  /** The token labels (`awswaf:managed:token:…`, `awswaf:managed:captcha:…`) a CAPTCHA / challenge check adds. */
  readonly tokenLabels?: (kind: 'CAPTCHA' | 'CHALLENGE', immunityTimeSec: number) => readonly string[];
}

export type Predicate = (view: RequestView, state: EvaluationState) => boolean;

export class WebAclCompileError extends Error {}

export interface StatementContext {
  readonly resolve: ReferenceResolver;
  readonly detector: () => InjectionDetector;
  /** Numbers the per-request values of the whole web ACL (shared with the detector). */
  readonly slots: InspectionSlots;
  readonly geo?: GeoIpDatabase;
  /** Prefix of this rule's rate counter keys (web ACL ARN and rule path), so counters survive recompiling. */
  readonly rateKeyPrefix: string;
}

const MAX_NESTING = 20;

function valueMatcher(
  s: NonNullable<Statement['ByteMatchStatement']>,
  ctx: StatementContext,
  test: (value: string) => boolean,
): Predicate {
  const field = compileField(s.FieldToMatch);
  const inspection = compileInspection(field, compileTransforms(s.TextTransformations), ctx.slots);
  return (view) => {
    const values = inspect(inspection, view);
    if (typeof values === 'boolean') return values;
    for (const v of values) if (test(v)) return true;
    return false;
  };
}

const WORD = /[A-Za-z0-9_]/;
function containsWord(value: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const at = value.indexOf(word, from);
    if (at < 0) return false;
    const before = at === 0 || !WORD.test(value[at - 1]!);
    const end = at + word.length;
    const after = end === value.length || !WORD.test(value[end]!);
    if (before && after) return true;
    from = at + 1;
  }
}

function searchText(s: string | Uint8Array): string {
  if (typeof s === 'string') return s;
  const b = Buffer.from(s.buffer, s.byteOffset, s.byteLength);
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}

/** A WAF pattern compiled to its linear-time matcher (re2js); a pattern it cannot run refuses the web ACL. */
function compileRegex(pattern: string): WafRegex {
  try {
    return cachedWafRegex(pattern);
  } catch (e) {
    throw new WebAclCompileError(
      `The regular expression ${JSON.stringify(pattern)} is not supported: ${(e as Error).message}`,
    );
  }
}

function compare(op: string, size: number, limit: number): boolean {
  switch (op) {
    case 'EQ':
      return size === limit;
    case 'NE':
      return size !== limit;
    case 'LE':
      return size <= limit;
    case 'LT':
      return size < limit;
    case 'GE':
      return size >= limit;
    case 'GT':
      return size > limit;
    default:
      throw new WebAclCompileError(`Unknown ComparisonOperator ${op}.`);
  }
}

function injectionMatcher(
  s: NonNullable<Statement['SqliMatchStatement']>,
  kind: InjectionKind,
  ctx: StatementContext,
): Predicate {
  const field = compileField(s.FieldToMatch);
  const chain = compileTransforms(s.TextTransformations);
  // Registered probes are all inspected in one libddwaf run the first time any of them is asked about.
  const detector = ctx.detector();
  const probe = detector.register(kind, field, chain);
  return (view) => detector.detected(view, probe);
}

/**
 * The address a Geo/ASN statement or rate key inspects: the socket's peer, or the forwarded header's first address.
 * Without the header the rule does not apply at all (no match); with no valid address in it, FallbackBehavior decides.
 */
function sourceIp(config: ForwardedIPConfig | undefined): AddressSource {
  if (!config) return (view) => view.request.clientIp;
  const header = config.HeaderName.toLowerCase();
  const fb = config.FallbackBehavior === 'MATCH';
  return (view) => {
    const values = view.header(header);
    return values.length === 0 ? false : (firstForwardedIp(values, config) ?? fb);
  };
}

export function compileStatement(statement: Statement, ctx: StatementContext, depth = 0): Predicate {
  if (depth > MAX_NESTING) throw new WebAclCompileError('Statements are nested too deeply.');
  const s = statement;
  if (s.ByteMatchStatement) {
    const b = s.ByteMatchStatement;
    const word = searchText(b.SearchString);
    switch (b.PositionalConstraint) {
      case 'EXACTLY':
        return valueMatcher(b, ctx, (v) => v === word);
      case 'STARTS_WITH':
        return valueMatcher(b, ctx, (v) => v.startsWith(word));
      case 'ENDS_WITH':
        return valueMatcher(b, ctx, (v) => v.endsWith(word));
      case 'CONTAINS':
        return valueMatcher(b, ctx, (v) => v.includes(word));
      case 'CONTAINS_WORD':
        return valueMatcher(b, ctx, (v) => containsWord(v, word));
      default:
        throw new WebAclCompileError(`Unknown PositionalConstraint ${b.PositionalConstraint}.`);
    }
  }
  if (s.RegexMatchStatement) {
    const re = compileRegex(s.RegexMatchStatement.RegexString);
    return valueMatcher({ ...s.RegexMatchStatement, SearchString: '', PositionalConstraint: '' }, ctx, (v) =>
      re.test(v),
    );
  }
  if (s.RegexPatternSetReferenceStatement) {
    const r = s.RegexPatternSetReferenceStatement;
    const set = ctx.resolve.regexPatternSet(r.ARN);
    if (!set) throw new WebAclCompileError(`The regex pattern set ${r.ARN} does not exist.`);
    const res = (set.RegularExpressionList ?? []).map((x) => compileRegex(x.RegexString ?? ''));
    return valueMatcher({ ...r, SearchString: '', PositionalConstraint: '' }, ctx, (v) => res.some((re) => re.test(v)));
  }
  // AWS's default sensitivity is LOW; HIGH also reads each value in a numeric context (injection.ts).
  if (s.SqliMatchStatement)
    return injectionMatcher(
      s.SqliMatchStatement,
      s.SqliMatchStatement.SensitivityLevel === 'HIGH' ? 'sqli-high' : 'sqli',
      ctx,
    );
  if (s.XssMatchStatement) return injectionMatcher(s.XssMatchStatement, 'xss', ctx);
  if (s.SizeConstraintStatement) {
    const c = s.SizeConstraintStatement;
    compare(c.ComparisonOperator, 0, 0);
    return valueMatcher({ ...c, SearchString: '', PositionalConstraint: '' }, ctx, (v) =>
      compare(c.ComparisonOperator, Buffer.byteLength(v, 'utf8'), c.Size),
    );
  }
  if (s.GeoMatchStatement || s.AsnMatchStatement) {
    const geo = ctx.geo;
    if (!geo)
      throw new WebAclCompileError(
        'GeoMatchStatement and AsnMatchStatement need an IP geolocation database, and none is configured.',
      );
    const from = sourceIp((s.GeoMatchStatement ?? s.AsnMatchStatement)!.ForwardedIPConfig);
    return s.GeoMatchStatement ? geoMatch(s.GeoMatchStatement, geo, from) : asnMatch(s.AsnMatchStatement!, geo, from);
  }
  if (s.IPSetReferenceStatement) return compileIpSet(s.IPSetReferenceStatement, ctx);
  if (s.LabelMatchStatement) {
    const match = compileLabelMatch(s.LabelMatchStatement.Scope, s.LabelMatchStatement.Key);
    return (view) => match(view.labels);
  }
  if (s.AndStatement) {
    const parts = s.AndStatement.Statements.map((x) => compileStatement(x, ctx, depth + 1));
    return (view, state) => {
      for (const p of parts) if (!p(view, state)) return false;
      return true;
    };
  }
  if (s.OrStatement) {
    const parts = s.OrStatement.Statements.map((x) => compileStatement(x, ctx, depth + 1));
    return (view, state) => {
      for (const p of parts) if (p(view, state)) return true;
      return false;
    };
  }
  if (s.NotStatement) {
    const inner = compileStatement(s.NotStatement.Statement, ctx, depth + 1);
    return (view, state) => !inner(view, state);
  }
  if (s.RateBasedStatement) {
    if (depth > 0) throw new WebAclCompileError('A RateBasedStatement cannot be nested.');
    return compileRateBased(s.RateBasedStatement, ctx);
  }
  if (s.ManagedRuleGroupStatement || s.RuleGroupReferenceStatement)
    throw new WebAclCompileError('A rule group statement can only be the top-level statement of a web ACL rule.');
  throw new WebAclCompileError('The statement names no statement type.');
}

function compileIpSet(r: NonNullable<Statement['IPSetReferenceStatement']>, ctx: StatementContext): Predicate {
  const set = ctx.resolve.ipSet(r.ARN);
  if (!set) throw new WebAclCompileError(`The IP set ${r.ARN} does not exist.`);
  const cidrs = new CidrSet(set.Addresses);
  const fwd = r.IPSetForwardedIPConfig;
  if (!fwd) return (view) => cidrs.has(view.request.clientIp);
  const header = fwd.HeaderName.toLowerCase();
  const fb = fwd.FallbackBehavior === 'MATCH';
  return (view) => {
    const list = forwardedAddresses(view.header(header));
    if (!list || list.length === 0) return fb;
    if (fwd.Position === 'ANY') {
      // AWS looks at up to the first ten addresses; an invalid one is the fallback only if none is valid.
      const ten = list.slice(0, 10).filter((ip) => isIP(ip) !== 0);
      if (ten.length === 0) return fb;
      return ten.some((ip) => cidrs.has(ip));
    }
    const ip = fwd.Position === 'LAST' ? list[list.length - 1]! : list[0]!;
    return isIP(ip) === 0 ? fb : cidrs.has(ip);
  };
}

type KeyPart = (view: RequestView) => string | undefined | boolean;

function compileCustomKey(
  k: RateBasedStatementCustomKey,
  fwd: ForwardedIPConfig | undefined,
  geo: GeoIpDatabase | undefined,
): KeyPart {
  if (k.Header) {
    const name = k.Header.Name.toLowerCase();
    const chain = compileTransforms(k.Header.TextTransformations);
    return (v) => {
      const h = v.header(name);
      return h.length === 0 ? undefined : chain.apply(h[0]!);
    };
  }
  if (k.Cookie) {
    const name = k.Cookie.Name;
    const chain = compileTransforms(k.Cookie.TextTransformations);
    return (v) => {
      const c = v.cookies().items.find(([n]) => n === name);
      return c ? chain.apply(c[1]) : undefined;
    };
  }
  if (k.QueryArgument) {
    const name = k.QueryArgument.Name.toLowerCase();
    const chain = compileTransforms(k.QueryArgument.TextTransformations);
    return (v) => {
      const a = v.queryArguments().find(([n]) => n.toLowerCase() === name);
      return a ? chain.apply(a[1]) : undefined;
    };
  }
  if (k.QueryString) {
    const chain = compileTransforms(k.QueryString.TextTransformations);
    return (v) => (v.request.query === '' ? undefined : chain.apply(v.request.query));
  }
  if (k.UriPath) {
    const chain = compileTransforms(k.UriPath.TextTransformations);
    return (v) => chain.apply(v.request.uri);
  }
  if (k.HTTPMethod) return (v) => v.request.method;
  if (k.IP) return (v) => v.request.clientIp;
  if (k.ForwardedIP) {
    if (!fwd) throw new WebAclCompileError('A ForwardedIP custom key needs the statement ForwardedIPConfig.');
    const from = sourceIp(fwd);
    return (v) => from(v);
  }
  if (k.LabelNamespace) {
    const ns = k.LabelNamespace.Namespace.endsWith(':') ? k.LabelNamespace.Namespace : `${k.LabelNamespace.Namespace}:`;
    return (v) => {
      const names = v.labels.filter((l) => l.startsWith(ns)).sort();
      return names.length === 0 ? undefined : names.join(',');
    };
  }
  if (k.ASN) {
    if (!geo)
      throw new WebAclCompileError('An ASN custom key needs an IP geolocation database, and none is configured.');
    return asnKey(geo, sourceIp(fwd));
  }
  if (k.JA3Fingerprint || k.JA4Fingerprint) {
    // Missing (plain HTTP, an unreadable hello): the fallback decides, as for FieldToMatch.
    const fb = (k.JA3Fingerprint ?? k.JA4Fingerprint)!.FallbackBehavior === 'MATCH';
    const pick = k.JA3Fingerprint ? 'ja3' : 'ja4';
    return (v) => v.request.tlsFingerprints?.[pick] ?? fb;
  }
  throw new WebAclCompileError('A custom aggregation key names no key type.');
}

function compileRateBased(r: NonNullable<Statement['RateBasedStatement']>, ctx: StatementContext): Predicate {
  const windowSec = r.EvaluationWindowSec ?? 300;
  if (![60, 120, 300, 600].includes(windowSec))
    throw new WebAclCompileError(`EvaluationWindowSec ${windowSec} is not one of 60, 120, 300 or 600.`);
  const scope = r.ScopeDownStatement ? compileStatement(r.ScopeDownStatement, ctx, 1) : undefined;
  let parts: KeyPart[];
  switch (r.AggregateKeyType) {
    case 'IP':
      parts = [(v) => v.request.clientIp];
      break;
    case 'FORWARDED_IP': {
      if (!r.ForwardedIPConfig) throw new WebAclCompileError('FORWARDED_IP aggregation needs a ForwardedIPConfig.');
      const from = sourceIp(r.ForwardedIPConfig);
      parts = [(v) => from(v)];
      break;
    }
    case 'CONSTANT':
      parts = [];
      break;
    case 'CUSTOM_KEYS':
      parts = (r.CustomKeys ?? []).map((k) => compileCustomKey(k, r.ForwardedIPConfig, ctx.geo));
      if (parts.length === 0) throw new WebAclCompileError('CUSTOM_KEYS aggregation needs at least one custom key.');
      break;
    default:
      throw new WebAclCompileError(`Unknown AggregateKeyType ${r.AggregateKeyType}.`);
  }
  const prefix = ctx.rateKeyPrefix;
  return (view, state) => {
    if (scope && !scope(view, state)) return false;
    let key = prefix;
    for (const part of parts) {
      const value = part(view);
      // A missing key component means the request is not rate-limited; a fallback decides the forwarded-IP cases.
      if (value === undefined) return false;
      if (typeof value === 'boolean') return value;
      key += `\u0000${value}`;
    }
    return state.rateCounter.increment(key, windowSec, state.now ?? Date.now()) > r.Limit;
  };
}
