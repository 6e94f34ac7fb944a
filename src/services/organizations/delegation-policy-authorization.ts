// The delegation policy in authorization: a member account's delegatable call is decided on it as a resource policy.
import type { ResolvedCheck } from '../../core/authorization.js';
import type { RequestContext } from '../../core/runtime.js';
import { isDelegatableAction } from './resource-policy-content.js';
import { resourcePolicyArn, resourcePolicyOf } from './resource-policy-store.js';

/**
 * Requests whose checks were decided on the organization's delegation policy, and that policy's id. Authorization
 * throws before the handler runs unless every check was allowed, so a request found here was allowed by that
 * policy (and by its caller's own policies, as any cross-account request must be). Keyed by the request's context:
 * the handler learns what authorization decided on, not what the table holds by the time it runs.
 */
const delegated = new WeakMap<RequestContext, string>();

/** The delegation policy that allowed this request, when a member account's call was decided on one. */
export function delegationPolicyAllowing(ctx: RequestContext): string | undefined {
  return delegated.get(ctx);
}

/**
 * For a member account's call of an action the delegation policy can delegate, when its organization has one: each
 * Organizations resource is decided as the management account's, with the delegation policy as its resource policy,
 * so both the caller's own policies and the delegation policy must allow. Without a delegation policy nothing
 * changes: the call is decided in the caller's account and the handler refuses what only the management account (or
 * a registered delegated administrator) may do, as before.
 */
export async function resolveDelegation(
  ctx: RequestContext,
  _input: Readonly<Record<string, unknown>>,
  checks: readonly ResolvedCheck[],
): Promise<ResolvedCheck[]> {
  // Only an operation the policy can delegate as a whole: CreateAccount's tagging check does not make it one.
  if (!isDelegatableAction(`organizations:${ctx.operation}`) || ctx.service !== 'organizations') return [...checks];
  const directory = ctx.runtime.organizations?.directory(ctx.runtime.store.db);
  const org = await directory?.organizationOf(ctx.identity.accountId);
  if (org === undefined || org.managementAccountId === ctx.identity.accountId) return [...checks];
  const policy = await resourcePolicyOf(ctx.runtime.store.db, org.orgId);
  if (policy === undefined) return [...checks];
  const arn = resourcePolicyArn({ partition: ctx.partition, ...org }, policy.id);
  const resourcePolicy = { document: policy.content, id: arn, account: org.managementAccountId };
  const out = checks.map((check) =>
    isDelegatableAction(check.action)
      ? {
          ...check,
          resources: check.resources.map((r) => ({ ...r, account: org.managementAccountId, resourcePolicy })),
        }
      : check,
  );
  delegated.set(ctx, policy.id);
  return out;
}
