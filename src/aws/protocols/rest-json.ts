// The restJson1 protocol (GuardDuty, Inspector2, Artifact): input bound from URI labels, query string, headers, body.
import type { AwsError } from '../error.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel } from '../model.js';
import { validateInput } from '../validate.js';
import type { Codec } from './codec-contract.js';
import { resolveError } from './errors.js';
import { jsonErrorDocument, jsonErrorHeaders } from './json.js';
import { parseJsonBody, readJson, serializationError, writeJson } from './json-values.js';
import { isHttpBound, readHttpBindings, writeHttpBinding } from './http-binding.js';
import { operationOf } from './operations.js';
import { isPlainObject, shapeOf, structureInfo, type MemberInfo } from './shapes.js';
import { toBytes } from './values.js';

function readPayload(model: ServiceModel, member: MemberInfo, body: Buffer): unknown {
  const { shape } = member;
  if (shape.type === 'blob') return body.length > 0 ? body : undefined;
  if (shape.type === 'string') return body.length > 0 ? body.toString('utf8') : undefined;
  if (body.length === 0) return undefined;
  return readJson(model, member.ref, shape, parseJsonBody(body));
}

export const restJsonCodec: Codec = {
  decodeInput(model: ServiceModel, operation: string, req: HttpRequest, pathParams = {}): Record<string, unknown> {
    const op = operationOf(model, operation);
    if (!op.input) return {};
    const shape = shapeOf(model, op.input);
    const { members } = structureInfo(model, shape);
    const input: Record<string, unknown> = {};
    readHttpBindings(model, members, req, pathParams, input, serializationError);
    let body: Record<string, unknown> | undefined;
    for (const member of members) {
      if (isHttpBound(member)) continue;
      let value: unknown;
      if (shape.payload === member.name) {
        value = readPayload(model, member, req.body);
      } else {
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
      const bound = writeHttpBinding(member, value, headers);
      if (typeof bound === 'number') status = bound;
      if (bound !== false) continue;
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
