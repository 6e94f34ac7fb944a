// The restJson1 protocol (GuardDuty, Inspector2, Artifact): input bound from URI labels, query string, headers, body.
import type { AwsError } from '../error.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel, Shape } from '../model.js';
import { validateInput } from '../validate.js';
import type { Codec } from './codec-contract.js';
import { resolveError } from './errors.js';
import { jsonErrorDocument, jsonErrorHeaders } from './json.js';
import { parseJsonBody, readJson, serializationError, writeJson } from './json-values.js';
import { jsonTextTooDeep, nestingTooDeep } from './nesting.js';
import { operationOf } from './operations.js';
import { isPlainObject, setEntry, shapeOf, structureInfo, type MemberInfo } from './shapes.js';
import { describeType, formatTimestampText, parseScalarText, toBytes, toDate } from './values.js';

type Where = 'URI label' | 'query parameter' | 'header';

function bindText(member: MemberInfo, shape: Shape, text: string, where: Where): unknown {
  if (shape.type === 'string' && member.ref.jsonvalue) {
    const json = Buffer.from(text, 'base64').toString('utf8');
    if (jsonTextTooDeep(json)) throw nestingTooDeep('json');
    try {
      return JSON.parse(json);
    } catch {
      throw serializationError(`Invalid value for ${where} ${member.wire}: expected base64-encoded JSON.`);
    }
  }
  const value = parseScalarText(shape, text);
  if (value === undefined) {
    throw serializationError(`Invalid value '${text}' for ${where} ${member.wire}: expected ${describeType(shape)}.`);
  }
  return value;
}

function bindQueryString(model: ServiceModel, member: MemberInfo, req: HttpRequest, bound: Set<string>): unknown {
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
    return values.map((text) => bindText(member, itemShape, text, 'query parameter'));
  }
  return bindText(member, shape, values[0], 'query parameter');
}

function bindHeader(model: ServiceModel, member: MemberInfo, req: HttpRequest): unknown {
  const raw = req.headers[member.wire.toLowerCase()];
  if (raw === undefined) return undefined;
  if (member.shape.type === 'list') {
    const itemShape = shapeOf(model, member.shape.member ?? member.ref);
    return raw.split(',').map((text) => bindText(member, itemShape, text.trim(), 'header'));
  }
  return bindText(member, member.shape, raw, 'header');
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

function readPayload(model: ServiceModel, member: MemberInfo, body: Buffer): unknown {
  const { shape } = member;
  if (shape.type === 'blob') return body.length > 0 ? body : undefined;
  if (shape.type === 'string') return body.length > 0 ? body.toString('utf8') : undefined;
  if (body.length === 0) return undefined;
  return readJson(model, member.ref, shape, parseJsonBody(body));
}

function headerText(member: MemberInfo, value: unknown): string {
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

export const restJsonCodec: Codec = {
  decodeInput(model: ServiceModel, operation: string, req: HttpRequest, pathParams = {}): Record<string, unknown> {
    const op = operationOf(model, operation);
    if (!op.input) return {};
    const shape = shapeOf(model, op.input);
    const { members } = structureInfo(model, shape);
    const boundQuery = new Set(members.filter((m) => m.ref.location === 'querystring').map((m) => m.wire));
    const input: Record<string, unknown> = {};
    let body: Record<string, unknown> | undefined;
    for (const member of members) {
      let value: unknown;
      switch (member.ref.location) {
        case 'uri': {
          const text = pathParams[member.wire];
          value = text === undefined ? undefined : bindText(member, member.shape, text, 'URI label');
          break;
        }
        case 'querystring':
          value = bindQueryString(model, member, req, boundQuery);
          break;
        case 'header':
          value = bindHeader(model, member, req);
          break;
        case 'headers':
          value = bindPrefixedHeaders(member, req);
          break;
        case 'statusCode':
          break;
        default:
          if (shape.payload === member.name) {
            value = readPayload(model, member, req.body);
            break;
          }
          if (!body) {
            const parsed = parseJsonBody(req.body);
            if (!isPlainObject(parsed)) {
              throw serializationError(
                Array.isArray(parsed) ? 'Start of list found where not expected' : 'Unexpected field type',
              );
            }
            body = parsed;
          }
          if (Object.hasOwn(body, member.wire)) value = readJson(model, member.ref, member.shape, body[member.wire]);
      }
      if (value !== undefined) input[member.name] = value;
    }
    validateInput(model, op.input, input, 'json');
    return input;
  },

  encodeOutput(model: ServiceModel, operation: string, output: unknown, requestId: string): HttpResponse {
    const op = operationOf(model, operation);
    let status = op.http.responseCode ?? 200;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
    if (!op.output) return { status, headers, body: '{}' };
    const shape = shapeOf(model, op.output);
    const record = (output ?? {}) as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    let payload: string | Buffer | undefined;
    for (const member of structureInfo(model, shape).members) {
      const value = record[member.name];
      if (value === undefined || value === null) continue;
      switch (member.ref.location) {
        case 'header':
          headers[member.wire.toLowerCase()] = headerText(member, value);
          break;
        case 'headers':
          for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            headers[`${member.wire.toLowerCase()}${k.toLowerCase()}`] = String(v);
          }
          break;
        case 'statusCode':
          status = Number(value);
          break;
        default:
          if (shape.payload === member.name) {
            if (member.shape.type === 'blob') {
              payload = toBytes(value);
              headers['content-type'] = 'application/octet-stream';
            } else if (member.shape.type === 'string') {
              payload = String(value);
              headers['content-type'] = 'text/plain';
            } else payload = JSON.stringify(writeJson(model, member.ref, member.shape, value) ?? {});
          } else {
            const written = writeJson(model, member.ref, member.shape, value);
            if (written !== undefined) body[member.wire] = written;
          }
      }
    }
    return { status, headers, body: payload ?? JSON.stringify(body) };
  },

  encodeError(model: ServiceModel, err: AwsError, requestId: string): HttpResponse {
    const resolved = resolveError(model, err);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      ...jsonErrorHeaders(model, err, resolved),
    };
    const body = JSON.stringify(jsonErrorDocument(model, err, resolved, headers));
    return { status: resolved.status, headers: { ...headers, ...err.headers }, body };
  },
};
