// AssumeRoleWithSAML's refusals, with AWS's codes and (where AWS documents them) its words.
import { AwsError } from '../../../aws/error.js';

/** InvalidIdentityToken (400): the response cannot be trusted or read. */
export function invalidSaml(message: string): AwsError {
  return new AwsError('InvalidIdentityToken', message, { status: 400 });
}

/** ExpiredToken (400): the response was valid once. */
export function expiredSaml(message: string): AwsError {
  return new AwsError('ExpiredTokenException', message, { status: 400 });
}

/** IDPRejectedClaim (403): the identity provider itself reported that the authentication failed. */
export function idpRejected(): AwsError {
  return new AwsError('IDPRejectedClaim', 'The identity provider reported that authentication failed.', {
    status: 403,
  });
}

/** AWS's AccessDenied for the unsigned federation call (also when the Role attribute or NameID is missing). */
export function samlAccessDenied(): AwsError {
  return new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
}

/** AWS's words (IAM User Guide, "Troubleshoot SAML federation with IAM"). */
export const SIGNATURE_INVALID = 'Response signature invalid';
export const ISSUER_MISMATCH = 'Issuer not present in specified provider';
export const PROVIDER_MISSING = "Specified provider doesn't exist.";
export const SESSION_NAME_MISSING = 'RoleSessionName is required in AuthnResponse';
export const SESSION_NAME_INVALID = 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}';
export const SOURCE_IDENTITY_INVALID = 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"';
export const AUDIENCE_MISSING = 'Response does not contain the required audience.';
/** AWS's ExpiredToken messages, as clients report them. */
export const RESPONSE_EXPIRED = 'Response has expired';
export const REDEEM_WITHIN = 'Token must be redeemed within 5 minutes of issuance';
