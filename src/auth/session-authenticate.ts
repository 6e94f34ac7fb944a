// Authentication of requests signed with temporary (ASIA) credentials: the session token carries the key's secret.
import type { HttpRequest } from '../aws/http.js';
import type { CallerIdentity } from '../aws/identity.js';
import { partitionOf } from '../aws/partitions.js';
import type { ParsedSignature, ProtocolStyle } from '../aws/sigv4.js';
import { authError, verifySignature } from '../aws/sigv4.js';
import type { Runtime } from '../core/runtime.js';
import { accountMayAuthenticate } from './account-status.js';
import { resolveSessionToken, type SessionPayload } from './session-tokens.js';

/**
 * IAM refuses two kinds of temporary credentials outright, as InvalidClientTokenId: federated users' (GetFederationToken)
 * and GetSessionToken's obtained without MFA.
 */
function acceptedByIam(kind: SessionPayload['kind'], mfaAuthenticated: boolean): boolean {
  if (kind === 'GetFederationToken') return false;
  return kind !== 'GetSessionToken' || mfaAuthenticated;
}

/** Whether the thing a session is bound to has been withdrawn (src/store/migrations/0100_session_revocations.ts). */
async function revoked(runtime: Runtime, key: string): Promise<boolean> {
  const row = await runtime.store.db
    .selectFrom('session_revocations')
    .select('revocation_key')
    .where('revocation_key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a key id is a temporary one, authenticated by its session token rather than a stored key. */
export function isSessionAccessKeyId(accessKeyId: string): boolean {
  return accessKeyId.startsWith('ASIA');
}

/**
 * Verifies a request signed with session credentials and returns the session's caller. Throws AWS's errors:
 * InvalidClientTokenId when the token is missing, altered, not the key's, of another partition, or its account is
 * not ACTIVE (closing, suspended or closed); ExpiredToken when the session expired before `now` (the time the
 * request arrived); SignatureDoesNotMatch when the signature was not made with the session's secret. A managed instance's session is refused as InvalidClientTokenId once the instance is deregistered. As on AWS, IAM does not accept federated users'
 * credentials, nor GetSessionToken credentials obtained without MFA. Once the token opens, `caller.accountId` names the session's account so a
 * failure after that point is attributed to it in the audit trail.
 */
export async function authenticateSession(
  runtime: Runtime,
  req: HttpRequest,
  signature: ParsedSignature,
  style: ProtocolStyle,
  now: Date,
  caller: { accountId?: string } = {},
): Promise<CallerIdentity> {
  const token = signature.securityToken;
  if (token === undefined || token === '') throw authError('invalidToken', style);
  const { secretAccessKey, identity, payload } = resolveSessionToken(runtime, signature.accessKeyId, token, now, style);
  caller.accountId = payload.accountId;
  if ((partitionOf(signature.region) ?? 'aws') !== payload.partition) throw authError('invalidToken', style);

  const account = await runtime.store.db
    .selectFrom('accounts')
    .select('status')
    .where('id', '=', payload.accountId)
    .executeTakeFirst();
  // Not only CLOSED: a closing (PENDING_CLOSURE) or SUSPENDED account's sessions stop too (account-status.ts).
  if (!accountMayAuthenticate(account?.status)) throw authError('invalidToken', style);
  // A managed instance's credentials stop with its registration (DeregisterManagedInstance), not only at expiry.
  if (payload.sourceInstanceArn !== undefined && (await revoked(runtime, payload.sourceInstanceArn))) {
    throw authError('invalidToken', style);
  }

  verifySignature(signature, req, secretAccessKey, now);

  if (signature.service === 'iam' && !acceptedByIam(payload.kind, payload.mfaAuthenticated)) {
    throw authError('invalidToken', style);
  }
  return identity;
}
