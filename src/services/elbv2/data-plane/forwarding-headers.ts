// The request and response headers as an ALB rewrites them: hop-by-hop removed, X-Forwarded-* and X-Amzn-Trace-Id set.
import { randomBytes } from 'node:crypto';

/** RFC 9110 §7.6.1's connection-specific headers, never forwarded by a proxy (plus the ones Connection names). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

type HeaderLines = readonly (readonly [string, string])[];

/** Header lines without hop-by-hop ones (those named in Connection included). */
export function withoutHopByHop(lines: HeaderLines): [string, string][] {
  // The fixed set serves most messages; a copy is made only when a Connection header names more.
  const named: ReadonlySet<string> = connectionNamed(lines) ?? HOP_BY_HOP;
  return lines.filter(([name]) => !named.has(name.toLowerCase())).map(([n, v]) => [n, v]);
}

/** Random bytes drawn 4 KiB at a time: one randomBytes call per 341 trace ids instead of one per request. */
const RANDOM_POOL_BYTES = 12 * 341;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

function random96Hex(): string {
  if (randomOffset + 12 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomOffset = 0;
  }
  // Each id takes bytes no other id has taken.
  const hex = randomPool.toString('hex', randomOffset, randomOffset + 12);
  randomOffset += 12;
  return hex;
}

/** The hex epoch seconds of the last trace id, kept while the second lasts: one conversion per second, not per id. */
let secondsAt = -1;
let secondsHex = '';

/** A trace id in AWS X-Ray's form: `1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>`. */
export function newTraceId(now?: Date): string {
  const seconds = Math.floor((now === undefined ? Date.now() : now.getTime()) / 1000);
  if (seconds !== secondsAt) {
    secondsAt = seconds;
    secondsHex = seconds.toString(16).padStart(8, '0');
  }
  return `1-${secondsHex}-${random96Hex()}`;
}

/**
 * X-Amzn-Trace-Id as ALB forwards it: absent (or without Root), a new `Root=`; with a Root, the client's fields kept
 * and a `Self=` field for this hop put first (replacing an earlier Self).
 */
export function traceHeader(existing: string | undefined, now?: Date): string {
  if (existing === undefined || !existing.includes('Root=')) return `Root=${newTraceId(now)}`;
  const fields = existing
    .split(';')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (!fields.some((f) => f.startsWith('Root='))) return `Root=${newTraceId(now)}`;
  return [`Self=${newTraceId(now)}`, ...fields.filter((f) => !f.startsWith('Self='))].join(';');
}

export interface ForwardingContext {
  readonly clientIp: string;
  readonly protocol: 'http' | 'https';
  readonly listenerPort: number;
  /** Headers a WAF verdict inserts (AWS WAF prefixes them with `x-amzn-waf-`, the inspector names them). */
  readonly insertHeaders?: HeaderLines;
}

/** The header names a message's Connection headers add to the hop-by-hop set; undefined when it has none. */
function connectionNamed(lines: HeaderLines): Set<string> | undefined {
  let named: Set<string> | undefined;
  for (const [name, value] of lines) {
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    named ??= new Set(HOP_BY_HOP);
    for (const token of value.split(',')) named.add(token.trim().toLowerCase());
  }
  return named;
}

/**
 * The header lines sent to the target: the client's, minus hop-by-hop ones, with X-Forwarded-For appended to (ALB's
 * default `append` mode), X-Forwarded-Proto and X-Forwarded-Port replaced, and X-Amzn-Trace-Id set.
 */
export function requestHeadersForTarget(lines: HeaderLines, ctx: ForwardingContext, now?: Date): [string, string][] {
  const flat = flatRequestHeadersForTarget(lines, ctx, now);
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/** requestHeadersForTarget's lines as undici takes them, `[name, value, name, value, ...]`, made in one pass. */
export function flatRequestHeadersForTarget(lines: HeaderLines, ctx: ForwardingContext, now?: Date): string[] {
  const named: ReadonlySet<string> = connectionNamed(lines) ?? HOP_BY_HOP;
  const out: string[] = [];
  let forwardedFor: string | undefined;
  let trace: string | undefined;
  for (const [name, value] of lines) {
    const lower = name.toLowerCase();
    if (named.has(lower)) continue;
    if (lower === 'x-forwarded-for') forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
    else if (lower === 'x-amzn-trace-id') trace ??= value;
    else if (lower !== 'x-forwarded-proto' && lower !== 'x-forwarded-port') out.push(name, value);
  }
  const clientIp = ctx.clientIp.startsWith('::ffff:') ? ctx.clientIp.slice(7) : ctx.clientIp;
  out.push(
    'X-Forwarded-For',
    forwardedFor === undefined ? clientIp : `${forwardedFor}, ${clientIp}`,
    'X-Forwarded-Proto',
    ctx.protocol,
    'X-Forwarded-Port',
    String(ctx.listenerPort),
    'X-Amzn-Trace-Id',
    traceHeader(trace, now),
  );
  for (const [name, value] of ctx.insertHeaders ?? []) out.push(name, value);
  return out;
}

/** A target's response headers as passed to the client: hop-by-hop ones removed. */
export function responseHeadersForClient(lines: HeaderLines): [string, string][] {
  return withoutHopByHop(lines);
}

/**
 * A target's response headers as undici parsed them (names lower-case; a repeated header's values in an array) to
 * the client's `[name, value, ...]`, hop-by-hop ones removed: responseHeadersForClient without the copies.
 */
export function flatResponseHeadersForClient(headers: Record<string, string | string[] | undefined>): string[] {
  let named: ReadonlySet<string> = HOP_BY_HOP;
  const connection = headers['connection'];
  if (connection !== undefined) {
    const more = new Set(HOP_BY_HOP);
    for (const value of Array.isArray(connection) ? connection : [connection])
      for (const token of value.split(',')) more.add(token.trim().toLowerCase());
    named = more;
  }
  const out: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || named.has(name)) continue;
    if (typeof value === 'string') out.push(name, value);
    else for (const v of value) out.push(name, v);
  }
  return out;
}
