// The REST protocols' HTTP bindings (rest-json and rest-xml alike): URI labels, query string, headers, status code.
import type { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
import type { ServiceModel, Shape } from '../model.js';
import { jsonTextTooDeep, nestingTooDeep } from './nesting.js';
import { setEntry, shapeOf, type MemberInfo } from './shapes.js';
import { describeType, formatTimestampText, parseScalarText, toBytes, toDate } from './values.js';

type Where = 'URI label' | 'query parameter' | 'header';

/** How a protocol words a value it cannot read (rest-json: SerializationException; rest-xml: the model's). */
export type Malformed = (message: string) => AwsError;

function bindText(member: MemberInfo, shape: Shape, text: string, where: Where, malformed: Malformed): unknown {
  if (shape.type === 'string' && member.ref.jsonvalue) {
    const json = Buffer.from(text, 'base64').toString('utf8');
    if (jsonTextTooDeep(json)) throw nestingTooDeep('json');
    try {
      return JSON.parse(json);
    } catch {
      throw malformed(`Invalid value for ${where} ${member.wire}: expected base64-encoded JSON.`);
    }
  }
  const value = parseScalarText(shape, text);
  if (value === undefined) {
    throw malformed(`Invalid value '${text}' for ${where} ${member.wire}: expected ${describeType(shape)}.`);
  }
  return value;
}

function bindQueryString(
  model: ServiceModel,
  member: MemberInfo,
  req: HttpRequest,
  bound: ReadonlySet<string>,
  malformed: Malformed,
): unknown {
  const { shape } = member;
  if (shape.type === 'map') {
    // A map bound to the query string takes every parameter no other member claims.
    const out: Record<string, unknown> = {};
    const listValued = shapeOf(model, shape.value ?? member.ref).type === 'list';
    for (const [name, value] of Object.entries(req.query)) {
      if (bound.has(name)) continue;
      const values = Array.isArray(value) ? value : [value];
      setEntry(out, name, listValued ? values : values[0]);
    }
    return out;
  }
  const raw = req.query[member.wire];
  if (raw === undefined) return undefined;
  const values = Array.isArray(raw) ? raw : [raw];
  if (shape.type === 'list') {
    const itemShape = shapeOf(model, shape.member ?? member.ref);
    return values.map((text) => bindText(member, itemShape, text, 'query parameter', malformed));
  }
  return bindText(member, shape, values[0], 'query parameter', malformed);
}

function bindHeader(model: ServiceModel, member: MemberInfo, req: HttpRequest, malformed: Malformed): unknown {
  const raw = req.headers[member.wire.toLowerCase()];
  if (raw === undefined) return undefined;
  if (member.shape.type === 'list') {
    const itemShape = shapeOf(model, member.shape.member ?? member.ref);
    return raw.split(',').map((text) => bindText(member, itemShape, text.trim(), 'header', malformed));
  }
  return bindText(member, member.shape, raw, 'header', malformed);
}

function bindPrefixedHeaders(member: MemberInfo, req: HttpRequest): Record<string, string> | undefined {
  const prefix = member.wire.toLowerCase();
  const out: Record<string, string> = {};
  let any = false;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith(prefix)) continue;
    setEntry(out, name.slice(prefix.length), value);
    any = true;
  }
  return any ? out : undefined;
}

/** Whether a member is bound to the HTTP message rather than carried in the body. */
export function isHttpBound(member: MemberInfo): boolean {
  return member.ref.location !== undefined;
}

/**
 * Reads every HTTP-bound member of an input structure (labels, query string, headers) into `input`, by member
 * name; body members are the caller's to read.
 */
export function readHttpBindings(
  model: ServiceModel,
  members: readonly MemberInfo[],
  req: HttpRequest,
  pathParams: Record<string, string>,
  input: Record<string, unknown>,
  malformed: Malformed,
): void {
  const boundQuery = new Set(members.filter((m) => m.ref.location === 'querystring').map((m) => m.wire));
  for (const member of members) {
    let value: unknown;
    switch (member.ref.location) {
      case 'uri': {
        const text = pathParams[member.wire];
        value = text === undefined ? undefined : bindText(member, member.shape, text, 'URI label', malformed);
        break;
      }
      case 'querystring':
        value = bindQueryString(model, member, req, boundQuery, malformed);
        break;
      case 'header':
        value = bindHeader(model, member, req, malformed);
        break;
      case 'headers':
        value = bindPrefixedHeaders(member, req);
        break;
      default:
        break;
    }
    if (value !== undefined) input[member.name] = value;
  }
}

/** A header's text for an output value: timestamps in RFC 822 unless the model says otherwise. */
export function headerText(member: MemberInfo, value: unknown): string {
  const { shape, ref } = member;
  if (shape.type === 'timestamp') {
    const date = toDate(value);
    if (!date) throw new TypeError(`not a timestamp: ${String(value)}`);
    return formatTimestampText(date, ref.timestampFormat ?? shape.timestampFormat ?? 'rfc822');
  }
  if (shape.type === 'blob') return toBytes(value).toString('base64');
  if (shape.type === 'string' && ref.jsonvalue) return Buffer.from(JSON.stringify(value)).toString('base64');
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/**
 * Writes an HTTP-bound output member (header, prefixed headers, status code) into `headers`; returns the status
 * code when the member carries it, true when it was written, false when the member belongs in the body.
 */
export function writeHttpBinding(
  member: MemberInfo,
  value: unknown,
  headers: Record<string, string>,
): number | boolean {
  switch (member.ref.location) {
    case 'header':
      headers[member.wire.toLowerCase()] = headerText(member, value);
      return true;
    case 'headers':
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        headers[`${member.wire.toLowerCase()}${k.toLowerCase()}`] = String(v);
      }
      return true;
    case 'statusCode':
      return Number(value);
    default:
      return false;
  }
}
