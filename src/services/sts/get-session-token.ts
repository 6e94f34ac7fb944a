// STS GetSessionToken: temporary credentials for the calling user (or root), MFA-authenticated when a code is given.
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../aws/generated/sts.js';
import type { RequestContext } from '../../core/runtime.js';
import { verifyCallerMfa } from './caller-mfa.js';
import { tokenSessionSeconds } from './durations.js';
import { credentialsOf, expirationAfter, issue, recordIssued, sessionStart } from './issue.js';
import { longTermCaller } from './long-term-caller.js';

/**
 * The session acts as the user itself, with the user's permissions; with SerialNumber and TokenCode it is
 * MFA-authenticated (aws:MultiFactorAuthPresent). No permission is needed to call it (IAM's guide), so the pipeline
 * leaves its authorization to this handler, which only requires long-term credentials.
 */
export async function getSessionToken(
  ctx: RequestContext,
  input: GetSessionTokenRequest,
): Promise<GetSessionTokenResponse> {
  const issuer = longTermCaller(ctx.identity, 'GetSessionToken');
  const mfaAuthTime = await verifyCallerMfa(ctx, input.SerialNumber, input.TokenCode);
  const seconds = tokenSessionSeconds(input.DurationSeconds, issuer.type === 'Root');
  const issuedAt = sessionStart(ctx);
  const issued = issue(ctx, {
    accountId: ctx.identity.accountId,
    partition: ctx.partition,
    kind: 'GetSessionToken',
    issuer,
    issuedAt,
    expiration: expirationAfter(issuedAt, seconds),
    mfaAuthenticated: mfaAuthTime !== undefined,
    ...(mfaAuthTime !== undefined ? { mfaAuthTime } : {}),
  });
  return recordIssued(ctx, { Credentials: credentialsOf(issued) });
}
