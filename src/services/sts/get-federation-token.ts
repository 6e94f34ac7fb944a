// STS GetFederationToken: a federated user's session, as much as the calling user may do and its session policies allow.
import type { GetFederationTokenRequest, GetFederationTokenResponse } from '../../aws/generated/sts.js';
import type { RequestContext } from '../../core/runtime.js';
import { tokenSessionSeconds } from './durations.js';
import { credentialsOf, expirationAfter, issue, recordIssued, sessionStart } from './issue.js';
import { longTermCaller } from './long-term-caller.js';
import { packedPolicySize } from './packed-size.js';
import { acceptSessionPolicies } from './session-policies.js';
import { acceptSessionTags } from './session-tags.js';

/**
 * Callable with an IAM user's (or, though AWS discourages it, the root user's) long-term keys. The pipeline has
 * already authorized sts:GetFederationToken (and sts:TagSession when tags are passed) against the caller's
 * policies. The session's permissions are the intersection of the user's and the session policies: without any
 * session policy it has none (the enforcement layer applies that to FederatedUser callers).
 */
export async function getFederationToken(
  ctx: RequestContext,
  input: GetFederationTokenRequest,
): Promise<GetFederationTokenResponse> {
  const issuer = longTermCaller(ctx.identity, 'GetFederationToken');
  const accountId = ctx.identity.accountId;
  const tags = acceptSessionTags(input.Tags, undefined, undefined);
  const policies = await acceptSessionPolicies(ctx.runtime.store.db, input, accountId, ctx.partition);
  const packed = packedPolicySize({ ...policies, tags: tags.tags });
  const seconds = tokenSessionSeconds(input.DurationSeconds, issuer.type === 'Root');
  const issuedAt = sessionStart(ctx);
  const issued = issue(ctx, {
    accountId,
    partition: ctx.partition,
    kind: 'GetFederationToken',
    issuer,
    sessionName: input.Name,
    issuedAt,
    expiration: expirationAfter(issuedAt, seconds),
    mfaAuthenticated: false,
    ...(tags.requested ? { tags: tags.tags } : {}),
    ...policies,
  });
  const arn = `arn:${ctx.partition}:sts::${accountId}:federated-user/${input.Name}`;
  return recordIssued(ctx, {
    Credentials: credentialsOf(issued),
    FederatedUser: { FederatedUserId: `${accountId}:${input.Name}`, Arn: arn },
    PackedPolicySize: packed,
  });
}
