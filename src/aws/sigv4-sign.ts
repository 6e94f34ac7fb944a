// SigV4 signing of outgoing requests (Warden calling out, e.g. to a KMS external key store proxy), built on the same
// canonical-request, string-to-sign and signing-key code that verifies incoming requests.
import { createHmac } from 'node:crypto';
import { ALGORITHM, buildCanonicalRequest, buildStringToSign, sha256Hex } from './sigv4-canonical.js';
import { deriveSigningKey } from './sigv4-key-cache.js';
import { formatAmzDate } from './sigv4-time.js';

export interface OutgoingRequest {
  method: string;
  /** The path as it goes on the wire (already percent-encoded where needed), without a query string. */
  path: string;
  /** Header names lower-case; `host` must be present, as the request will carry it. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SigningScope {
  region: string;
  /** The signing name: `kms-xks-proxy` for the external key store proxy API. */
  service: string;
  now: Date;
}

/**
 * The headers to add to the request: X-Amz-Date and Authorization, signing every header given (host and
 * content-type, say) plus x-amz-date. The payload hash is SHA-256 of the body, as verifiers recompute it.
 */
export function signRequest(
  req: OutgoingRequest,
  credentials: SigningCredentials,
  scope: SigningScope,
): { 'x-amz-date': string; authorization: string } {
  if (req.headers['host'] === undefined) throw new Error('signRequest: the host header is required');
  const amzDate = formatAmzDate(scope.now);
  const dateStamp = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...req.headers, 'x-amz-date': amzDate };
  const signedHeaders = Object.keys(headers).sort();
  const canonicalRequest = buildCanonicalRequest({
    method: req.method,
    rawPath: req.path,
    rawQuery: '',
    headers,
    signedHeaders,
    payloadHash: sha256Hex(req.body),
    presigned: false,
  });
  const credentialScope = `${dateStamp}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = buildStringToSign(amzDate, credentialScope, canonicalRequest);
  const signingKey = deriveSigningKey(credentials.secretAccessKey, dateStamp, scope.region, scope.service);
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    'x-amz-date': amzDate,
    authorization:
      `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, ` +
      `SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
  };
}
