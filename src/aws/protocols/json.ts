// The awsJson 1.0/1.1 protocols (KMS, Organizations, WAFv2, Shield, CloudTrail, Cost Explorer): JSON in, JSON out.
import type { AwsError } from '../error.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel } from '../model.js';
import { validateInput } from '../validate.js';
import type { Codec } from './codec-contract.js';
import { messageMember, resolveError, type ResolvedError } from './errors.js';
import { parseJsonBody, readJson, serializationError, writeJson } from './json-values.js';
import { operationOf } from './operations.js';
import { isPlainObject, shapeOf, structureInfo } from './shapes.js';

function contentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

/**
 * The JSON error document both JSON protocols send: the message under the error shape's own spelling
 * (`message` unless the shape says `Message`), then any extra fields the error carries, by the shape.
 * Fields the shape binds to a header (rest-json's Retry-After) go to `headers` when it is given.
 */
export function jsonErrorDocument(
  model: ServiceModel,
  err: AwsError,
  resolved: ResolvedError,
  headers?: Record<string, string>,
): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (err.message !== '') doc[messageMember(model, resolved.shape)?.wire ?? 'message'] = err.message;
  const members = resolved.shape ? structureInfo(model, resolved.shape.shape).byName : undefined;
  for (const [name, value] of Object.entries(err.fields ?? {})) {
    if (value === undefined || value === null) continue;
    const member = members?.get(name);
    if (member?.ref.location === 'header' && headers) {
      headers[member.wire.toLowerCase()] = String(value);
      continue;
    }
    doc[member?.wire ?? name] = member ? writeJson(model, member.ref, member.shape, value) : value;
  }
  return doc;
}

/** Headers every JSON-family error carries; awsQueryCompatible services also name the query-protocol code. */
export function jsonErrorHeaders(model: ServiceModel, err: AwsError, resolved: ResolvedError): Record<string, string> {
  const headers: Record<string, string> = { 'x-amzn-errortype': err.code };
  if (model.metadata.awsQueryCompatible) headers['x-amzn-query-error'] = `${err.code};${resolved.fault}`;
  return headers;
}

export const jsonCodec: Codec = {
  decodeInput(model: ServiceModel, operation: string, req: HttpRequest): Record<string, unknown> {
    const op = operationOf(model, operation);
    const body = parseJsonBody(req.body);
    if (!isPlainObject(body)) {
      throw serializationError(
        Array.isArray(body) ? 'Start of list found where not expected' : 'Unexpected field type',
      );
    }
    if (!op.input) return {};
    const input = readJson(model, op.input, shapeOf(model, op.input), body) as Record<string, unknown>;
    validateInput(model, op.input, input, 'json');
    return input;
  },

  encodeOutput(model: ServiceModel, operation: string, output: unknown, requestId: string): HttpResponse {
    const op = operationOf(model, operation);
    const body = op.output ? writeJson(model, op.output, shapeOf(model, op.output), output ?? {}) : {};
    return {
      status: 200,
      headers: { 'content-type': contentType(model), 'x-amzn-requestid': requestId },
      body: JSON.stringify(body ?? {}),
    };
  },

  encodeError(model: ServiceModel, err: AwsError, requestId: string): HttpResponse {
    const resolved = resolveError(model, err);
    const body = { __type: err.code, ...jsonErrorDocument(model, err, resolved) };
    return {
      status: resolved.status,
      headers: {
        'content-type': contentType(model),
        'x-amzn-requestid': requestId,
        ...jsonErrorHeaders(model, err, resolved),
        ...err.headers,
      },
      body: JSON.stringify(body),
    };
  },
};
