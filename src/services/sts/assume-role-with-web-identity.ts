// STS AssumeRoleWithWebIdentity: role credentials for the holder of an OIDC token that the role's trust policy accepts.
import { AwsError } from '../../aws/error.js';
import type { AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse } from '../../aws/generated/sts.js';
import { verifyWebIdentityToken, type VerifiedWebIdentity } from '../../auth/oidc.js';
import type { ContextValue } from '../../policy/index.js';
import { inPartition } from '../iam/policies/arns.js';
import type { RequestContext } from '../../core/runtime.js';
import { authorizeAssumeRole } from './authorize-assume-role.js';
import { roleSessionSeconds } from './durations.js';
import { credentialsOf, expirationAfter, issue, recordIssued, sessionStart } from './issue.js';
import { packedPolicySize } from './packed-size.js';
import { parseRoleArn } from './role-arn.js';
import { acceptSessionPolicies } from './session-policies.js';
import { acceptSessionTags, type SessionTags, type TagInput } from './session-tags.js';
import { effectiveSourceIdentity } from './source-identity.js';
import { findTargetRole, noteRoleUsed } from './target-role.js';

/** Claims by which an identity provider sets session tags and a source identity, as AWS reads them. */
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

/** `{"principal_tags": {"k": ["v"]}, "transitive_tag_keys": ["k"]}` read into STS's Tags / TransitiveTagKeys. */
function tagsFromClaims(claims: Record<string, unknown>): { tags: TagInput[]; transitive: string[] } {
  const claim = claims[TAGS_CLAIM];
  if (claim === null || typeof claim !== 'object') return { tags: [], transitive: [] };
  const { principal_tags: principalTags, transitive_tag_keys: transitiveKeys } = claim as Record<string, unknown>;
  const tags: TagInput[] = [];
  if (principalTags !== null && typeof principalTags === 'object') {
    for (const [key, value] of Object.entries(principalTags)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') tags.push({ Key: key, Value: first });
    }
  }
  const transitive = Array.isArray(transitiveKeys) ? transitiveKeys.filter((k) => typeof k === 'string') : [];
  return { tags, transitive };
}

/** The trust policy's view of the token: `<provider url>:aud`, `:sub`, `:azp`, `:amr`, and the request's keys. */
function requestContext(
  input: AssumeRoleWithWebIdentityRequest,
  web: VerifiedWebIdentity,
  providerArn: string,
  tags: SessionTags,
  requestedTags: TagInput[],
  sourceIdentity: string | undefined,
): Record<string, ContextValue | undefined> {
  const url = web.provider.url;
  const context: Record<string, ContextValue | undefined> = {
    'sts:RoleSessionName': input.RoleSessionName,
    'aws:FederatedProvider': providerArn,
    [`${url}:aud`]: web.audience,
    [`${url}:sub`]: web.subject,
    'sts:SourceIdentity': sourceIdentity,
  };
  if (typeof web.claims.azp === 'string') context[`${url}:azp`] = web.claims.azp;
  const amr = web.claims.amr;
  if (Array.isArray(amr)) context[`${url}:amr`] = amr.filter((v): v is string => typeof v === 'string');
  else if (typeof amr === 'string') context[`${url}:amr`] = amr;
  if (tags.requested) {
    for (const tag of requestedTags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    context['aws:TagKeys'] = requestedTags.map((t) => t.Key);
    if (tags.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = tags.transitiveTagKeys;
  }
  return context;
}

/**
 * Unsigned: the token is the credential. It is verified against the OIDC provider registered in the role's account
 * (src/auth/oidc.ts), then the role's trust policy must allow `sts:AssumeRoleWithWebIdentity` to the provider
 * (`Principal: {Federated: <provider ARN>}`), typically on the `<provider>:aud` and `<provider>:sub` keys. Session
 * tags and a source identity come from the token's AWS claims and need sts:TagSession / sts:SetSourceIdentity.
 */
export async function assumeRoleWithWebIdentity(
  ctx: RequestContext,
  input: AssumeRoleWithWebIdentityRequest,
): Promise<AssumeRoleWithWebIdentityResponse> {
  const db = ctx.runtime.store.db;
  const ref = parseRoleArn(input.RoleArn);
  if (ref === undefined) throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  const policies = await acceptSessionPolicies(db, input, ref.accountId, ctx.partition);
  const web = await verifyWebIdentityToken(db, ref.accountId, input.WebIdentityToken, ctx.receivedAt);
  const providerArn = inPartition(web.provider.arn, ctx.partition);
  const claimed = tagsFromClaims(web.claims);
  const tags = acceptSessionTags(claimed.tags, claimed.transitive, undefined);
  const claimedSource = web.claims[SOURCE_IDENTITY_CLAIM];
  const sourceIdentity = effectiveSourceIdentity(
    typeof claimedSource === 'string' ? claimedSource : undefined,
    undefined,
  );
  const role = await findTargetRole(db, ref, ctx.partition);

  const target = await authorizeAssumeRole(ctx, {
    action: 'sts:AssumeRoleWithWebIdentity',
    requestedArn: input.RoleArn,
    role,
    tagging: tags.requested,
    sourceIdentity: sourceIdentity !== undefined,
    provider: providerArn,
    context: requestContext(input, web, providerArn, tags, claimed.tags, sourceIdentity),
  });

  const seconds = roleSessionSeconds(input.DurationSeconds, target.maxSessionDuration, false);
  const packed = packedPolicySize({ ...policies, tags: tags.tags });
  const sessionPolicyGiven = policies.policy !== undefined || policies.policyArns !== undefined;
  const tagged = Object.keys(tags.tags).length > 0;
  const issuedAt = sessionStart(ctx);
  const issued = issue(ctx, {
    accountId: target.accountId,
    partition: ctx.partition,
    kind: 'AssumeRoleWithWebIdentity',
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
    mfaAuthenticated: false,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(tagged ? { tags: tags.tags, transitiveTagKeys: tags.transitiveTagKeys } : {}),
    ...policies,
    federatedProvider: providerArn,
  });
  await noteRoleUsed(db, target, ctx.receivedAt, ctx.region);
  ctx.audit.resources = [{ ARN: target.arn, accountId: target.accountId, type: 'AWS::IAM::Role' }];

  return recordIssued(ctx, {
    Credentials: credentialsOf(issued),
    SubjectFromWebIdentityToken: web.subject,
    AssumedRoleUser: {
      AssumedRoleId: `${target.roleId}:${input.RoleSessionName}`,
      Arn: `arn:${ctx.partition}:sts::${target.accountId}:assumed-role/${target.name}/${input.RoleSessionName}`,
    },
    Provider: web.issuer,
    Audience: web.audience,
    ...(sessionPolicyGiven || tagged ? { PackedPolicySize: packed } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  });
}
