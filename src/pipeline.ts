// The request path: route → authenticate → decode/validate → authorize → handler → encode → audit.
import type { HttpRequest, HttpResponse } from './aws/http.js';
import type { CallerIdentity } from './aws/identity.js';
import { AwsError, internalError, notImplemented } from './aws/error.js';
import { InputValidationError } from './aws/validate.js';
import { loadModel, type ModelName } from './aws/model.js';
import { newRequestId } from './aws/ids.js';
import { partitionOf } from './aws/partitions.js';
import { parseSignature } from './aws/sigv4.js';
import { codecFor } from './aws/protocols/codec.js';
import { routeRequest, unknownOperationError } from './aws/router.js';
import { authenticate, AuthenticationFailure, type FailedCaller } from './auth/authenticate.js';
import { authorize } from './authz/authorize.js';
import { recordCall } from './audit/record-call.js';
import { openAuditIntent } from './audit/intents.js';
import { capText, RECORD_CAPS } from './audit/record-caps.js';
import { unroutableAnswer } from './unroutable.js';
import {
  noteFailedAuthentication,
  refuseSourceFailingAuthentication,
  throttlingError,
} from './auth/failed-auth-limiter.js';
import type { AuditNotes } from './audit/notes.js';
import type { RequestContext, Runtime } from './core/runtime.js';

export interface RequestMeta {
  sourceIp: string;
  secureTransport: boolean;
  receivedAt: Date;
  /**
   * The listener already refused the request (its body was over the size limit and never read): the pipeline
   * routes what the headers say, answers this error and records the call, without authenticating it.
   */
  refusal?: AwsError;
  /** The client is over its request rate (Shield Standard's per-client bucket): AWS's throttling error, recorded. */
  throttled?: boolean;
}

export interface HandledRequest {
  response: HttpResponse;
  requestId: string;
  service: string;
  operation: string;
  /** The AWS error code answered, when the call failed. */
  errorCode?: string;
  /** The caller's ARN, once authenticated (absent for anonymous and failed callers). */
  principal?: string;
  /** The access key the request was signed with, verified or not (never its secret). */
  accessKeyId?: string;
}

/** The service named by a SigV4 credential scope (header or presigned query), without verifying anything. */
function signingServiceOf(req: HttpRequest): string | undefined {
  const auth = req.headers['authorization'];
  const credential = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : firstValue(req.query['X-Amz-Credential']);
  return credential?.split('/')[3];
}

function hasSignature(req: HttpRequest): boolean {
  return req.headers['authorization'] !== undefined || req.query['X-Amz-Credential'] !== undefined;
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A request no service claims: see unroutableAnswer for what it is answered, and why it has no audit record. */
function unroutable(
  runtime: Runtime,
  req: HttpRequest,
  signingService: string | undefined,
  requestId: string,
): HandledRequest {
  const { error, model } = unroutableAnswer(req, signingService, runtime.services);
  const response = codecFor(model).encodeError(model, error, requestId);
  return { response, requestId, service: 'unknown', operation: 'unknown', errorCode: error.code };
}

function toAwsError(err: unknown, runtime: Runtime, requestId: string): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof AuthenticationFailure) return err.error;
  runtime.log.error({ err, requestId }, 'unhandled error in request');
  return internalError();
}

export async function handleAwsRequest(runtime: Runtime, req: HttpRequest, meta: RequestMeta): Promise<HandledRequest> {
  const requestId = newRequestId();
  const signingService = signingServiceOf(req);
  const route = routeRequest(req, signingService);
  // A vendored model no registered service names is claimed by none (the registry's test keeps them in step).
  const descriptor = route && runtime.services.get(route.service);
  if (!route || !descriptor) return unroutable(runtime, req, signingService, requestId);

  const service: ModelName = route.service;
  const model = loadModel(service);
  const codec = codecFor(model);
  const style = model.metadata.protocol === 'query' ? 'query' : 'json';
  const provider = descriptor.provider;
  const operation = route.operation;
  // A name the model lacks is the client's to choose, of any length: it is kept (audit, errors) only capped.
  const eventName = operation ?? capText(route.requestedName ?? 'Unknown', RECORD_CAPS.eventName);

  let region = runtime.config.defaultRegion;
  let identity: CallerIdentity | undefined;
  let failedCaller: FailedCaller | undefined;
  let input: Record<string, unknown> | undefined;
  let output: unknown;
  let error: AwsError | undefined;
  const notes: AuditNotes = {};
  let response: HttpResponse;
  let intentId: string | undefined;

  try {
    if (meta.refusal) throw meta.refusal;
    if (meta.throttled) throw throttlingError(style);
    if (!hasSignature(req) && operation && provider?.unsigned?.has(operation)) {
      identity = anonymousCaller(region);
    } else {
      // A source that keeps failing authentication is refused before any of that work is done.
      refuseSourceFailingAuthentication(runtime, meta.sourceIp, style);
      // A signature scoped to another service (`sts`, `iam`) is not one for this endpoint, as AWS answers.
      const signingName = model.metadata.signingName ?? model.metadata.endpointPrefix;
      const signature = parseSignature(req, style, { service: signingName, acceptRegion: isRegionName });
      region = signature.region;
      identity = await authenticate(runtime, req, signature, style, meta.receivedAt);
    }
    if (!operation) throw unknownOperationError(model, route.requestedName && eventName);
    // Validate before answering NotImplemented, as AWS validates every modelled operation's input.
    try {
      input = codec.decodeInput(model, operation, req, route.pathParams);
    } catch (err) {
      // A service that words input errors its own way (Organizations' InvalidInputException) answers them so.
      throw err instanceof InputValidationError && descriptor.inputError
        ? descriptor.inputError(operation, err.violations)
        : err;
    }
    const handler = provider?.handlers[operation];
    if (!handler) throw notImplemented(service, operation);
    const ctx: RequestContext = {
      requestId,
      service,
      operation,
      region,
      partition: identity.partition,
      identity,
      sourceIp: meta.sourceIp,
      userAgent: req.headers['user-agent'] ?? '',
      secureTransport: meta.secureTransport,
      host: req.headers.host,
      receivedAt: meta.receivedAt,
      runtime,
      audit: notes,
    };
    await authorize(ctx, input);
    // A call that may change state is in the trail before it runs: its intent becomes a record either way.
    intentId = await openAuditIntent(ctx, input, descriptor.eventSource);
    // A change that moves what anyone may do moves its epoch in its own transaction (ADR 0002): nothing to do after.
    output = await handler(ctx, input);
    response = codec.encodeOutput(model, operation, output ?? {}, requestId);
  } catch (err) {
    if (err instanceof AuthenticationFailure) failedCaller = err.caller;
    if (!identity) noteFailedAuthentication(runtime, meta.sourceIp, err);
    error = toAwsError(err, runtime, requestId);
    response = codec.encodeError(model, error, requestId);
  }

  // The reply waits for the audit record's commit: an acknowledged call is always in the trail.
  try {
    await recordCall(
      runtime,
      {
        requestId,
        service,
        eventSource: descriptor.eventSource,
        operation: eventName,
        region,
        identity,
        failedCaller,
        sourceIp: meta.sourceIp,
        userAgent: req.headers['user-agent'] ?? '',
        time: meta.receivedAt,
        input,
        output,
        error,
        notes,
      },
      intentId,
    );
  } catch (err) {
    runtime.log.error({ err, requestId }, 'audit record could not be committed');
    error = internalError();
    response = codec.encodeError(model, error, requestId);
  }
  response.headers['x-amzn-requestid'] ??= requestId;
  response.headers['x-amz-request-id'] ??= requestId;
  return {
    response,
    requestId,
    service,
    operation: eventName,
    errorCode: error?.code,
    principal: identity?.arn || undefined,
    accessKeyId: identity?.accessKeyId ?? failedCaller?.accessKeyId,
  };
}

/**
 * Whether a credential scope names a region of one of AWS's partitions. The region keys resources, quotas and
 * records, so a made-up one (any string up to the header limit) would let a caller spread across endless regions.
 */
function isRegionName(region: string): boolean {
  return region.length <= 64 && partitionOf(region) !== undefined;
}

function anonymousCaller(region: string): CallerIdentity {
  const partition = partitionOf(region) ?? 'aws';
  return { type: 'Anonymous', accountId: '', partition, arn: '', principalId: 'anonymous' };
}
