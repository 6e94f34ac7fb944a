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
  let more: Set<string> | undefined;
  for (const [name, value] of lines) {
    if (name.toLowerCase() !== 'connection') continue;
    more ??= new Set(HOP_BY_HOP);
    for (const token of value.split(',')) more.add(token.trim().toLowerCase());
  }
  const named: ReadonlySet<string> = more ?? HOP_BY_HOP;
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

/** A trace id in AWS X-Ray's form: `1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>`. */
export function newTraceId(now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${random96Hex()}`;
}

/**
 * X-Amzn-Trace-Id as ALB forwards it: absent (or without Root), a new `Root=`; with a Root, the client's fields kept
 * and a `Self=` field for this hop put first (replacing an earlier Self).
 */
export function traceHeader(existing: string | undefined, now: Date = new Date()): string {
  const fields = (existing ?? '')
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

/**
 * The header lines sent to the target: the client's, minus hop-by-hop ones, with X-Forwarded-For appended to (ALB's
 * default `append` mode), X-Forwarded-Proto and X-Forwarded-Port replaced, and X-Amzn-Trace-Id set.
 */
export function requestHeadersForTarget(lines: HeaderLines, ctx: ForwardingContext, now?: Date): [string, string][] {
  const kept = withoutHopByHop(lines);
  const out: [string, string][] = [];
  const forwardedFor: string[] = [];
  let trace: string | undefined;
  for (const [name, value] of kept) {
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-for') forwardedFor.push(value);
    else if (lower === 'x-amzn-trace-id') trace ??= value;
    else if (lower !== 'x-forwarded-proto' && lower !== 'x-forwarded-port') out.push([name, value]);
  }
  const clientIp = ctx.clientIp.startsWith('::ffff:') ? ctx.clientIp.slice(7) : ctx.clientIp;
  out.push(['X-Forwarded-For', [...forwardedFor, clientIp].join(', ')]);
  out.push(['X-Forwarded-Proto', ctx.protocol]);
  out.push(['X-Forwarded-Port', String(ctx.listenerPort)]);
  out.push(['X-Amzn-Trace-Id', traceHeader(trace, now)]);
  for (const [name, value] of ctx.insertHeaders ?? []) out.push([name, value]);
  return out;
}

/** A target's response headers as passed to the client: hop-by-hop ones removed. */
export function responseHeadersForClient(lines: HeaderLines): [string, string][] {
  return withoutHopByHop(lines);
}
