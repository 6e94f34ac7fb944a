// Warden calling an AWS-protocol endpoint as a client: a SigV4-signed request per the model, its answer decoded.
import { loadModel, type ModelName, type ServiceModel } from '../model.js';
import { signRequest, type SigningCredentials } from '../sigv4-sign.js';
import { decodeQueryError, decodeQueryOutput, encodeQueryInput } from './query-wire.js';

export interface CallTarget {
  /** Base URL of the endpoint, e.g. http://127.0.0.1:4599. */
  endpoint: string;
  region: string;
  credentials: SigningCredentials;
  /** Per-call time limit; the default suits a local server. */
  timeoutMs?: number;
}

/** An error answer, with AWS's code and message as the service sent them. */
export class AwsCallError extends Error {
  constructor(
    readonly code: string,
    readonly awsMessage: string,
    readonly status: number,
    readonly operation: string,
  ) {
    super(`${operation}: ${code}: ${awsMessage}`);
    this.name = 'AwsCallError';
  }
}

/** Answers larger than this are refused: the operations called here answer a few kilobytes. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

function wireRequest(model: ServiceModel, operation: string, input: Record<string, unknown>) {
  const { protocol, targetPrefix, jsonVersion } = model.metadata;
  if (protocol === 'query') {
    return {
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      target: undefined,
      body: Buffer.from(encodeQueryInput(model, operation, input).toString(), 'utf8'),
    };
  }
  if (protocol === 'json') {
    return {
      contentType: `application/x-amz-json-${jsonVersion ?? '1.0'}`,
      target: `${targetPrefix}.${operation}`,
      body: Buffer.from(JSON.stringify(input), 'utf8'),
    };
  }
  throw new Error(`calling ${model.metadata.serviceId} (${protocol} protocol) is not supported`);
}

/** The JSON protocols' error code: `__type` or X-Amzn-ErrorType, without a namespace prefix or `:` suffix. */
function jsonErrorCode(header: string | null, type: unknown): string {
  const raw = header ?? (typeof type === 'string' ? type : '');
  return raw.split(':')[0]!.split('#').pop()!;
}

/**
 * Calls one operation and returns its output as the model shapes it (lists as arrays, numbers, booleans, Dates
 * for query timestamps). An error answer throws AwsCallError with the service's code and message.
 */
export async function callAws(
  target: CallTarget,
  service: ModelName,
  operation: string,
  input: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const model = loadModel(service);
  if (!model.operations[operation]) throw new Error(`${model.metadata.serviceId} has no operation ${operation}`);
  const url = new URL('/', target.endpoint);
  const wire = wireRequest(model, operation, input);
  const headers: Record<string, string> = { host: url.host, 'content-type': wire.contentType };
  if (wire.target) headers['x-amz-target'] = wire.target;
  const signed = signRequest({ method: 'POST', path: '/', headers, body: wire.body }, target.credentials, {
    region: target.region,
    service: model.metadata.signingName ?? model.metadata.endpointPrefix,
    now: new Date(),
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, ...signed },
    body: wire.body,
    signal: AbortSignal.timeout(target.timeoutMs ?? 30_000),
  });
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_ANSWER_BYTES) throw new Error(`${operation}: the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  const text = await response.text();
  if (text.length > MAX_ANSWER_BYTES)
    throw new Error(`${operation}: the answer is larger than ${MAX_ANSWER_BYTES} bytes`);

  if (model.metadata.protocol === 'query') {
    if (response.ok) return decodeQueryOutput(model, operation, text);
    const err = decodeQueryError(text);
    throw new AwsCallError(
      err?.code || `HTTP${response.status}`,
      err?.message ?? text.slice(0, 500),
      response.status,
      operation,
    );
  }
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AwsCallError(`HTTP${response.status}`, text.slice(0, 500), response.status, operation);
  }
  const body = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  if (response.ok) return body;
  const message = body['message'] ?? body['Message'];
  throw new AwsCallError(
    jsonErrorCode(response.headers.get('x-amzn-errortype'), body['__type']) || `HTTP${response.status}`,
    typeof message === 'string' ? message : '',
    response.status,
    operation,
  );
}
