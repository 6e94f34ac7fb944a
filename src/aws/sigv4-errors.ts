// SigV4 authentication failures in each protocol family's codes: query (IAM, STS) and JSON (KMS and the rest).
import { AwsError } from './error.js';

/** Query-protocol services (IAM, STS) and JSON/REST-JSON services name the same failures differently. */
export type ProtocolStyle = 'query' | 'json';

/** Failures whose message AWS fixes. */
export type FixedMessageFailure = 'missingToken' | 'signatureMismatch' | 'unknownKey' | 'invalidToken' | 'expiredToken';

/** Failures whose message says what was wrong with the request (a missing parameter, a scope, the clock). */
export type DetailedFailure = 'incompleteSignature' | 'invalidSignature';

export type AuthFailureKind = FixedMessageFailure | DetailedFailure;

const CODES: Record<AuthFailureKind, Record<ProtocolStyle, string>> = {
  missingToken: { query: 'MissingAuthenticationToken', json: 'MissingAuthenticationTokenException' },
  incompleteSignature: { query: 'IncompleteSignature', json: 'IncompleteSignatureException' },
  invalidSignature: { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  signatureMismatch: { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  unknownKey: { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException' },
  invalidToken: { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException' },
  expiredToken: { query: 'ExpiredToken', json: 'ExpiredTokenException' },
};

export const MISSING_TOKEN_MESSAGE = 'Request is missing Authentication Token';
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

const FIXED_MESSAGES: Record<FixedMessageFailure, string> = {
  missingToken: MISSING_TOKEN_MESSAGE,
  signatureMismatch: SIGNATURE_MISMATCH_MESSAGE,
  unknownKey: INVALID_TOKEN_MESSAGE,
  invalidToken: INVALID_TOKEN_MESSAGE,
  expiredToken: EXPIRED_TOKEN_MESSAGE,
};

/** The AWS error code for an authentication failure in a protocol family. */
export function authErrorCode(kind: AuthFailureKind, style: ProtocolStyle): string {
  return CODES[kind][style];
}

/**
 * The error AWS answers an authentication failure with. Unknown or deactivated access keys are
 * `unknownKey`, a session token that does not belong to the key is `invalidToken`, and an expired
 * session is `expiredToken`; the statuses come from ERROR_STATUS in error.ts.
 */
export function authError(kind: FixedMessageFailure, style: ProtocolStyle): AwsError;
export function authError(kind: DetailedFailure, style: ProtocolStyle, message: string): AwsError;
export function authError(kind: AuthFailureKind, style: ProtocolStyle, message?: string): AwsError {
  const text = message ?? FIXED_MESSAGES[kind as FixedMessageFailure];
  return new AwsError(CODES[kind][style], text, { fault: 'Sender' });
}
