// The one error type every layer throws; the codecs render it in each protocol's wire shape.

/** Whether the caller (Sender) or the service (Receiver) is at fault, as query-protocol errors say. */
export type Fault = 'Sender' | 'Receiver';

/**
 * HTTP status for the error codes that are not tied to one service's model. A code raised by a
 * service handler whose model declares the error shape takes the model's status instead (see
 * `statusFor` in the codecs); this table is the fallback, as tRPC maps its codes to statuses.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  // Authentication (SigV4)
  MissingAuthenticationToken: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignature: 403,
  IncompleteSignatureException: 403,
  InvalidClientTokenId: 403,
  UnrecognizedClientException: 400,
  SignatureDoesNotMatch: 403,
  InvalidSignatureException: 400,
  RequestExpired: 403,
  ExpiredToken: 403,
  ExpiredTokenException: 400,
  AccessDenied: 403,
  AccessDeniedException: 400,
  // Request shape
  InvalidAction: 400,
  UnknownOperationException: 400,
  ValidationError: 400,
  ValidationException: 400,
  MalformedQueryString: 404,
  SerializationException: 400,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  MissingParameter: 400,
  MissingAction: 400,
  InvalidQueryParameter: 400,
  OptInRequired: 403,
  Throttling: 400,
  ThrottlingException: 400,
  RequestEntityTooLarge: 413,
  NotImplemented: 501,
  // Common entity errors
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  DeleteConflict: 409,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  // Server side
  InternalFailure: 500,
  InternalError: 500,
  ServiceUnavailable: 503,
  ServiceFailure: 500,
};

export interface AwsErrorOptions {
  /** HTTP status; defaults to the model's status for the code, then ERROR_STATUS, then 400. */
  status?: number;
  fault?: Fault;
  /** Extra members rendered beside the message (JSON protocols) or inside <Error> (query). */
  fields?: Record<string, unknown>;
  /** Response headers to add, e.g. x-amzn-ErrorType overrides. */
  headers?: Record<string, string>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly fault: Fault | undefined;
  readonly fields: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.fault = options.fault;
    this.fields = options.fields;
    this.headers = options.headers;
  }

  /** Status to send when nothing more specific (the model's error shape) is known. */
  get httpStatus(): number {
    return this.status ?? 400;
  }
}

/** An operation present in the AWS model that Warden does not implement yet: a clear 501, never a fake success. */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError('NotImplemented', `Warden does not implement ${service}:${operation} yet.`, {
    status: 501,
    fault: 'Receiver',
  });
}

/** Wraps anything thrown that is not an AwsError, so no internal detail reaches the client. */
export function internalError(): AwsError {
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', {
    status: 500,
    fault: 'Receiver',
  });
}
