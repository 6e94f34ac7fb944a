// The simulator reads only the caller's own account: a PolicySourceArn of another account is refused unread.
import { decide } from '../../../authz/decide.js';
import { accessDeniedError, accessDeniedMessage, authorizationMessage } from '../../../authz/denial.js';
import { principalFromIdentity } from '../../../policy/index.js';
import type { RequestContext } from '../../../core/runtime.js';

const SOURCE_SCOPE = /^arn:([^:]+):iam::(\d{12}):/;

/**
 * Refuses a PolicySourceArn outside the caller's account (or partition) before anything is read, so neither the
 * answer nor its error (NoSuchEntity) tells another account what exists there. AWS authorizes
 * iam:SimulatePrincipalPolicy and iam:GetContextKeysForPrincipalPolicy on the PolicySourceArn; IAM users, groups
 * and roles have no resource-based policy that could admit another account, so AWS denies every cross-account
 * caller, its root user included (IAM User Guide, "Cross-account policy evaluation logic"). The denial is the one
 * authorization writes: `... because no resource-based policy allows the <action> action`.
 * Anything that does not parse as an account's ARN is left to the loader's InvalidInput.
 */
export function refuseForeignSource(ctx: RequestContext, action: string, policySourceArn: string): void {
  const m = SOURCE_SCOPE.exec(policySourceArn);
  if (!m) return;
  const [, partition, account] = m;
  const { identity } = ctx;
  if (account === identity.accountId && partition === ctx.partition) return;
  const resource = { arn: policySourceArn, display: policySourceArn };
  // The caller's own policies cannot help here, so none are loaded: the decision is the cross-account default.
  const result = decide({
    principal: principalFromIdentity(identity),
    action,
    resource,
    resourceAccount: account,
    context: {},
    explain: true,
  });
  const message = accessDeniedMessage('iam', identity.arn, action, resource, result);
  throw accessDeniedError(
    'iam',
    message,
    ctx.runtime.secrets,
    authorizationMessage(identity, action, policySourceArn, {}, result),
  );
}
