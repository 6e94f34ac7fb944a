// GetSessionToken and GetFederationToken are for long-term credentials only: an IAM user's or the root user's keys.
import { AwsError } from '../../aws/error.js';
import type { CallerIdentity } from '../../aws/identity.js';
import type { SessionIssuerData } from '../../auth/session-tokens.js';

/**
 * The user (or root) calling with long-term credentials, as a session's issuer. Any session, or a principal that
 * has no long-term keys, gets AWS's `AccessDenied: Cannot call <operation> with session credentials`.
 */
export function longTermCaller(identity: CallerIdentity, operation: string): SessionIssuerData {
  if (identity.session === undefined) {
    if (identity.type === 'Root') {
      return { type: 'Root', principalId: identity.principalId, arn: identity.arn, accountId: identity.accountId };
    }
    if (identity.type === 'IAMUser' && identity.userName !== undefined) {
      return {
        type: 'IAMUser',
        principalId: identity.principalId,
        arn: identity.arn,
        accountId: identity.accountId,
        name: identity.userName,
      };
    }
  }
  throw new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`);
}
