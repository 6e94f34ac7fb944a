// The AssumeRole family's authorization: the caller's own policies and the role's trust policy, decided by the engine.
import { AwsError } from '../../aws/error.js';
import { principalFromIdentity, type ContextValue, type EvalPrincipal } from '../../policy/index.js';
import { decide } from '../../authz/decide.js';
import { accessDeniedError, authorizationMessage } from '../../authz/denial.js';
import { organizationPolicies, type OrganizationPolicies } from '../../authz/organization-policies.js';
import { currentPolicyEpoch } from '../../authz/policy-epoch.js';
import { principalPolicies, type PrincipalPolicies } from '../../authz/principal-cache.js';
import { baseContext, isoSeconds } from '../../authz/request-context.js';
import type { ResolvedResource } from '../../authz/resolve-resources.js';
import type { RequestContext } from '../../core/runtime.js';
import type { TargetRole } from './target-role.js';

/**
 * STS operations that the generic pipeline authorization must not decide (STS's selfAuthorizing hook): their
 * handlers authorize themselves. AssumeRole* need facts only the handler knows (an MFA code it verified, tags
 * inherited along a role chain, the identity provider a token came from). GetSessionToken authenticates rather
 * than acts (IAM's guide: a policy naming it has no effect), and AWS allows GetCallerIdentity to every
 * authenticated caller, even against an explicit deny.
 */
export const STS_SELF_AUTHORIZED_OPERATIONS: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
  'GetSessionToken',
  'GetCallerIdentity',
]);

export type AssumeAction = 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';

export interface AssumeRoleAuthorization {
  action: AssumeAction;
  /** The RoleArn as the request gave it: AWS's denial names it so. */
  requestedArn: string;
  /** The role, or undefined when none matches the ARN (denied like any other refusal: AWS does not tell). */
  role: TargetRole | undefined;
  /** The request sets session tags: sts:TagSession must be allowed too. */
  tagging: boolean;
  /** The new session carries a source identity: sts:SetSourceIdentity must be allowed too. */
  sourceIdentity: boolean;
  /** Condition keys of this request that the caller's base context lacks or must override. */
  context: Record<string, ContextValue | undefined>;
  /** AssumeRoleWith{WebIdentity,SAML}: the identity provider's ARN, the principal the trust policy must name. */
  provider?: string;
}

function mergeContext(
  base: Record<string, ContextValue>,
  extra: Record<string, ContextValue | undefined>,
): Record<string, ContextValue> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** The request facts of an unsigned federation call: no caller, only the network and the time. */
function federationContext(ctx: RequestContext): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(ctx.receivedAt),
    'aws:EpochTime': String(Math.floor(ctx.receivedAt.getTime() / 1000)),
    'aws:SourceIp': ctx.sourceIp,
    'aws:SecureTransport': ctx.secureTransport ? 'true' : 'false',
    'aws:RequestedRegion': ctx.region,
  };
  if (ctx.userAgent) context['aws:UserAgent'] = ctx.userAgent;
  return context;
}

/** The caller's organization as condition keys (aws:PrincipalOrgID, aws:PrincipalOrgPaths). */
function principalOrgContext(org: OrganizationPolicies | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  if (org?.orgId !== undefined) context['aws:PrincipalOrgID'] = org.orgId;
  if (org?.orgPath !== undefined) context['aws:PrincipalOrgPaths'] = [org.orgPath];
  return context;
}

/** The role as a resource: its account, its account's organization and its tags are condition keys too. */
function roleContext(role: TargetRole, org: OrganizationPolicies | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = { 'aws:ResourceAccount': role.accountId };
  if (org?.orgId !== undefined) context['aws:ResourceOrgID'] = org.orgId;
  if (org?.orgPath !== undefined) context['aws:ResourceOrgPaths'] = [org.orgPath];
  for (const [key, value] of Object.entries(role.tags)) {
    context[`aws:ResourceTag/${key}`] = value;
    context[`iam:ResourceTag/${key}`] = value;
  }
  return context;
}

/**
 * Decides an AssumeRole* request with the policy engine: the role's trust policy is the resource policy, which must
 * itself allow (src/policy/service-rules.ts); within one account a trust policy naming the caller (or its role)
 * suffices, one naming only the account needs the caller's identity policies to allow too, and across accounts both
 * sides must allow. Permissions boundaries, session policies and the SCPs of the caller's account apply as to any
 * request, and the RCPs of the role's account (whoever calls, from inside its organization or not). sts:TagSession and
 * sts:SetSourceIdentity are decided the same way when the session is tagged or carries a source identity. Throws
 * AWS's AccessDenied: `User: <caller> is not authorized to perform: sts:AssumeRole on resource: <role ARN>`, or for
 * the unsigned federation calls `Not authorized to perform sts:AssumeRoleWithWebIdentity`. Returns the role, now
 * known to exist and to be assumable.
 */
export async function authorizeAssumeRole(ctx: RequestContext, request: AssumeRoleAuthorization): Promise<TargetRole> {
  const { identity, runtime } = ctx;
  const deny = (action: string, details?: Parameters<typeof accessDeniedError>[3]): AwsError => {
    const message =
      request.provider !== undefined
        ? `Not authorized to perform ${action}`
        : `User: ${identity.arn} is not authorized to perform: ${action} on resource: ${request.requestedArn}`;
    return details
      ? accessDeniedError('sts', message, runtime.secrets, details)
      : new AwsError('AccessDenied', message);
  };
  const role = request.role;
  if (role === undefined) throw deny(request.action);

  let principal: EvalPrincipal;
  let policies: PrincipalPolicies | undefined;
  let base: Record<string, ContextValue>;
  let organization: OrganizationPolicies | undefined = undefined;
  let roleOrganization: OrganizationPolicies | undefined;
  if (request.provider !== undefined) {
    principal = { type: 'IdentityProvider', arn: request.provider };
    base = federationContext(ctx);
    roleOrganization = await organizationPolicies(runtime, role.accountId);
  } else {
    principal = principalFromIdentity(identity);
    const db = runtime.store.db;
    const sameAccount = role.accountId === identity.accountId;
    [policies, organization, roleOrganization] = await Promise.all([
      identity.type === 'Root'
        ? undefined
        : currentPolicyEpoch(db, identity).then((e) => principalPolicies(runtime, identity, e)),
      organizationPolicies(runtime, identity.accountId),
      sameAccount ? undefined : organizationPolicies(runtime, role.accountId),
    ]);
    if (sameAccount) roleOrganization = organization;
    base = baseContext({
      identity,
      sourceIp: ctx.sourceIp,
      userAgent: ctx.userAgent,
      secureTransport: ctx.secureTransport,
      region: ctx.region,
      receivedAt: ctx.receivedAt,
      servicePrefix: 'sts',
      input: {},
      principalTags: policies?.tags ?? {},
    });
  }
  const context = mergeContext(
    { ...base, ...principalOrgContext(organization), ...roleContext(role, roleOrganization) },
    request.context,
  );
  const resource: ResolvedResource = {
    arn: role.arn,
    display: request.requestedArn,
    entity: { kind: 'role', tags: role.tags, trustPolicy: role.trustPolicy },
  };

  const actions: string[] = [request.action];
  if (request.tagging) actions.push('sts:TagSession');
  if (request.sourceIdentity) actions.push('sts:SetSourceIdentity');
  for (const action of actions) {
    const decision = {
      principal,
      action,
      resource,
      context,
      identityPolicies: policies?.identity,
      boundary: policies?.boundary,
      session: policies?.session,
      organization,
      // The RCPs that bind the role are its account's, whoever the caller is.
      resourceOrganization: roleOrganization ?? null,
    };
    if (decide(decision).decision === 'Allowed') continue;
    const explained = decide({ ...decision, explain: true });
    throw deny(action, authorizationMessage(identity, action, role.arn, context, explained));
  }
  return role;
}
