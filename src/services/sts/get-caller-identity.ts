// STS GetCallerIdentity: who the signed request says the caller is (needs no permission, as on AWS).
import type { RequestContext } from '../../core/runtime.js';

export async function getCallerIdentity(
  ctx: RequestContext,
): Promise<{ UserId: string; Account: string; Arn: string }> {
  const { identity } = ctx;
  return { UserId: identity.principalId, Account: identity.accountId, Arn: identity.arn };
}
