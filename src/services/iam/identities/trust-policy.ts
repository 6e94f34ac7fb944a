// Role trust policies (AssumeRolePolicyDocument): accepted as JSON or percent-encoded JSON, validated, size-capped.
import { assertValidPolicyDocument } from '../../../policy/validation/validate.js';
import { QUOTAS } from './quotas.js';
import { quotaExceeded } from '../errors.js';

/**
 * The JSON text of a submitted trust policy. Some clients send the document percent-encoded (as IAM itself
 * returns it), which IAM accepts: a document that is not JSON but decodes to JSON is taken decoded.
 */
export function trustPolicyText(submitted: string): string {
  if (isJson(submitted) || !submitted.includes('%')) return submitted;
  let decoded: string;
  try {
    decoded = decodeURIComponent(submitted);
  } catch {
    return submitted;
  }
  return isJson(decoded) ? decoded : submitted;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The policy's size as IAM counts it against its quotas: whitespace is not counted. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/**
 * Validates a submitted trust policy and returns the text to store: MalformedPolicyDocument with IAM's messages,
 * then LimitExceeded past the 2048-character ACLSizePerRole quota.
 */
export function acceptTrustPolicy(submitted: string): string {
  const document = trustPolicyText(submitted);
  assertValidPolicyDocument(document, 'trust');
  if (policySize(document) > QUOTAS.ACLSizePerRole) throw quotaExceeded('ACLSizePerRole', QUOTAS.ACLSizePerRole);
  return document;
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986) inside its XML; the SDKs hand that string to the caller
 * as is and boto3 decodes it.
 */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document);
}
