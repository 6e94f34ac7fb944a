// Authentication: verifies the SigV4 signature against the stored key and resolves the caller once.
import type { HttpRequest } from '../aws/http.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { ParsedSignature } from '../aws/sigv4.js';
import { authError, verifySignature } from '../aws/sigv4.js';
import { partitionOf } from '../aws/partitions.js';
import type { Runtime } from '../core/runtime.js';
import { unwrapSecret } from './access-keys.js';
import { accountMayAuthenticate } from './account-status.js';
import { rememberPolicyEpoch } from '../authz/policy-epoch.js';
import { findCaller } from './caller-lookup.js';
import { authenticateSession, isSessionAccessKeyId } from './session-authenticate.js';

export type ProtocolStyle = 'query' | 'json';

/** What is known of the caller when authentication fails: enough for the audit record. */
export interface FailedCaller {
  accessKeyId?: string;
  accountId?: string;
}

export class AuthenticationFailure extends Error {
  constructor(
    readonly error: import('../aws/error.js').AwsError,
    readonly caller: FailedCaller,
  ) {
    super(error.message);
  }
}

export async function authenticate(
  runtime: Runtime,
  req: HttpRequest,
  signature: ParsedSignature,
  style: ProtocolStyle,
  now: Date,
): Promise<CallerIdentity> {
  const caller: FailedCaller = { accessKeyId: signature.accessKeyId };
  const fail = (err: import('../aws/error.js').AwsError) => new AuthenticationFailure(err, caller);

  // Temporary (STS-issued) credentials: no stored key; the session token carries it (src/auth/session-authenticate.ts).
  if (isSessionAccessKeyId(signature.accessKeyId)) {
    try {
      return await authenticateSession(runtime, req, signature, style, now, caller);
    } catch (err) {
      throw err instanceof Error && 'code' in err ? fail(err as import('../aws/error.js').AwsError) : err;
    }
  }

  const key = await findCaller(runtime, signature.accessKeyId);
  if (!key || key.status !== 'Active') throw fail(authError('unknownKey', style));
  caller.accountId = key.account_id;
  // Closing, suspended and closed accounts' credentials stop working at once, as on AWS (account-status.ts).
  if (!accountMayAuthenticate(key.account_status)) throw fail(authError('unknownKey', style));
  // A user's key outlives nothing: once the user is gone, its keys are unknown to AWS.
  if (key.user_name !== null && key.iam_user_name === null) throw fail(authError('unknownKey', style));

  try {
    // Named by the key id and its wrapped secret (random IV: a new wrap is a new name), the secret is unwrapped only
    // when its signing key for this day, region and service is not already cached.
    verifySignature(
      signature,
      req,
      { id: key.access_key_id + '\n' + key.secret_wrapped, read: () => unwrapSecret(runtime.secrets, key) },
      now,
    );
  } catch (err) {
    throw err instanceof Error && 'code' in err ? fail(err as import('../aws/error.js').AwsError) : err;
  }
  // Throttled to one write per key a minute, and never throws.
  await runtime.principals.recordAccessKeyUse(runtime, key.access_key_id, signature.service, signature.region, now);

  const partition = partitionOf(signature.region) ?? 'aws';
  let identity: CallerIdentity;
  if (key.user_name === null) {
    identity = {
      type: 'Root',
      accountId: key.account_id,
      partition,
      arn: `arn:${partition}:iam::${key.account_id}:root`,
      principalId: key.account_id,
      accessKeyId: key.access_key_id,
    };
  } else {
    identity = {
      type: 'IAMUser',
      accountId: key.account_id,
      partition,
      arn: `arn:${partition}:iam::${key.account_id}:user${key.iam_user_path ?? '/'}${key.iam_user_name}`,
      principalId: key.principal_id,
      userName: key.iam_user_name!,
      accessKeyId: key.access_key_id,
    };
  }
  rememberPolicyEpoch(identity, key.policy_epoch, key.organizations_epoch);
  return identity;
}
