// STS AssumeRole: temporary credentials for a role, granted by the role's trust policy and the caller's own policies.
import { AwsError } from '../../aws/error.js';
import type { AssumeRoleRequest, AssumeRoleResponse } from '../../aws/generated/sts.js';
import type { ContextValue } from '../../policy/index.js';
import type { RequestContext } from '../../core/runtime.js';
import { authorizeAssumeRole } from './authorize-assume-role.js';
import { verifyCallerMfa } from './caller-mfa.js';
import { roleSessionSeconds } from './durations.js';
import { credentialsOf, expirationAfter, issue, recordIssued, sessionStart } from './issue.js';
import { packedPolicySize } from './packed-size.js';
import { parseRoleArn } from './role-arn.js';
import { acceptSessionPolicies } from './session-policies.js';
import { acceptSessionTags, type SessionTags } from './session-tags.js';
import { effectiveSourceIdentity } from './source-identity.js';
import { findTargetRole, noteRoleUsed } from './target-role.js';

/** The condition keys an AssumeRole request adds to its caller's context. */
function requestContext(
  input: AssumeRoleRequest,
  tags: SessionTags,
  sourceIdentity: string | undefined,
  mfaVerified: boolean,
): Record<string, ContextValue | undefined> {
  const context: Record<string, ContextValue | undefined> = {
    'sts:RoleSessionName': input.RoleSessionName,
    'sts:ExternalId': input.ExternalId,
    'sts:SourceIdentity': sourceIdentity,
  };
  if (input.TransitiveTagKeys !== undefined) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
  if (tags.requested) {
    for (const tag of input.Tags ?? []) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    context['aws:TagKeys'] = (input.Tags ?? []).map((t) => t.Key);
  }
  if (mfaVerified) {
    // The code was checked just now: the caller authenticated with MFA zero seconds ago.
    context['aws:MultiFactorAuthPresent'] = 'true';
    context['aws:MultiFactorAuthAge'] = '0';
  }
  return context;
}

export async function assumeRole(ctx: RequestContext, input: AssumeRoleRequest): Promise<AssumeRoleResponse> {
  const { identity, runtime } = ctx;
  const db = runtime.store.db;
  const ref = parseRoleArn(input.RoleArn);
  const chained = identity.type === 'AssumedRole';
  const calling = chained ? identity.session : undefined;
  const tags = acceptSessionTags(input.Tags, input.TransitiveTagKeys, calling);
  const sourceIdentity = effectiveSourceIdentity(input.SourceIdentity, identity.session?.sourceIdentity);
  const role = ref === undefined ? undefined : await findTargetRole(db, ref, ctx.partition);
  const policies = await acceptSessionPolicies(db, input, ref?.accountId ?? identity.accountId, ctx.partition);

  // Federated users (GetFederationToken sessions) may call no STS operation but GetCallerIdentity.
  if (identity.type === 'FederatedUser') {
    throw new AwsError(
      'AccessDenied',
      `User: ${identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
    );
  }
  // AWS refuses the root user outright, even for a role whose trust policy names its account (or its root ARN).
  if (identity.type === 'Root') throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.');
  const mfaAuthTime = await verifyCallerMfa(ctx, input.SerialNumber, input.TokenCode);
  const target = await authorizeAssumeRole(ctx, {
    action: 'sts:AssumeRole',
    requestedArn: input.RoleArn,
    role,
    tagging: tags.requested,
    sourceIdentity: sourceIdentity !== undefined,
    context: requestContext(input, tags, sourceIdentity, mfaAuthTime !== undefined),
  });

  const seconds = roleSessionSeconds(input.DurationSeconds, target.maxSessionDuration, chained);
  const sessionPolicyGiven = policies.policy !== undefined || policies.policyArns !== undefined;
  const tagged = Object.keys(tags.tags).length > 0;
  const packed = packedPolicySize({ ...policies, tags: tags.tags });

  const issuedAt = sessionStart(ctx);
  const mfaAuthenticated = mfaAuthTime !== undefined || identity.session?.mfaAuthenticated === true;
  const issued = issue(ctx, {
    accountId: target.accountId,
    partition: ctx.partition,
    kind: 'AssumeRole',
    issuer: {
      type: 'Role',
      principalId: target.roleId,
      arn: target.arn,
      accountId: target.accountId,
      name: target.name,
    },
    sessionName: input.RoleSessionName,
    issuedAt,
    expiration: expirationAfter(issuedAt, seconds),
    mfaAuthenticated,
    ...(mfaAuthenticated ? { mfaAuthTime: mfaAuthTime ?? identity.session?.mfaAuthTime } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(tagged ? { tags: tags.tags, transitiveTagKeys: tags.transitiveTagKeys } : {}),
    ...policies,
    ...(chained ? { chained: true } : {}),
  });
  await noteRoleUsed(db, target, ctx.receivedAt, ctx.region);
  ctx.audit.resources = [{ ARN: target.arn, accountId: target.accountId, type: 'AWS::IAM::Role' }];

  const sessionArn = `arn:${ctx.partition}:sts::${target.accountId}:assumed-role/${target.name}/${input.RoleSessionName}`;
  return recordIssued(ctx, {
    Credentials: credentialsOf(issued),
    AssumedRoleUser: { AssumedRoleId: `${target.roleId}:${input.RoleSessionName}`, Arn: sessionArn },
    ...(sessionPolicyGiven || tagged ? { PackedPolicySize: packed } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  });
}
