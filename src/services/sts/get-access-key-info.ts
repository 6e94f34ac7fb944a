// STS GetAccessKeyInfo: the account that owns an access key id, long-term (stored) or temporary (encoded in the id).
import { AwsError } from '../../aws/error.js';
import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from '../../aws/generated/sts.js';
import { isSessionAccessKeyId } from '../../auth/session-authenticate.js';
import { accountOfAccessKeyId } from '../../auth/session-key-id.js';
import type { RequestContext } from '../../core/runtime.js';
import { refuseSessionTokenCaller } from './session-token-limits.js';

/**
 * Long-term keys are looked up; session keys are never stored, but like AWS's own key ids they carry their account
 * (src/auth/session-key-id.ts), which must be an account of this deployment. As on AWS, the key may belong to any
 * account and its state (active, expired) is not told. A key id that names no account here is refused.
 */
export async function getAccessKeyInfo(
  ctx: RequestContext,
  input: GetAccessKeyInfoRequest,
): Promise<GetAccessKeyInfoResponse> {
  refuseSessionTokenCaller(ctx.identity, 'GetAccessKeyInfo');
  const db = ctx.runtime.store.db;
  const id = input.AccessKeyId;
  const stored = await db
    .selectFrom('access_keys')
    .select('account_id')
    .where('access_key_id', '=', id)
    .executeTakeFirst();
  if (stored) return { Account: stored.account_id };
  const encoded = isSessionAccessKeyId(id) ? accountOfAccessKeyId(id) : undefined;
  if (encoded !== undefined) {
    const account = await db.selectFrom('accounts').select('id').where('id', '=', encoded).executeTakeFirst();
    if (account) return { Account: account.id };
  }
  throw new AwsError('InvalidParameterValue', `The access key ID ${id} does not belong to an account known here.`, {
    status: 400,
  });
}
