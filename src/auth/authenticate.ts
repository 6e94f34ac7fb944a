// Authentication: verifies the SigV4 signature against the stored key and resolves the caller once.
import type { HttpRequest } from '../aws/http.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { ParsedSignature } from '../aws/sigv4.js';
import { authError, verifySignature } from '../aws/sigv4.js';
import { partitionOf } from '../aws/partitions.js';
import type { Runtime } from '../runtime.js';
import { findAccessKey, unwrapSecret } from './access-keys.js';

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

  const key = await findAccessKey(runtime.store.db, signature.accessKeyId);
  if (!key || key.status !== 'Active') throw fail(authError('unknownKey', style));
  caller.accountId = key.account_id;
  const account = await runtime.store.db
    .selectFrom('accounts')
    .select(['status'])
    .where('id', '=', key.account_id)
    .executeTakeFirst();
  if (!account || account.status === 'CLOSED') throw fail(authError('unknownKey', style));

  try {
    verifySignature(signature, req, unwrapSecret(runtime.secrets, key), now);
  } catch (err) {
    throw err instanceof Error && 'code' in err ? fail(err as import('../aws/error.js').AwsError) : err;
  }

  const partition = partitionOf(signature.region) ?? 'aws';
  if (key.user_name === null) {
    return {
      type: 'Root',
      accountId: key.account_id,
      partition,
      arn: `arn:${partition}:iam::${key.account_id}:root`,
      principalId: key.account_id,
      accessKeyId: key.access_key_id,
    };
  }
  throw fail(authError('unknownKey', style));
}
