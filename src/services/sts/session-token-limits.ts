// GetSessionToken sessions may call no STS operation but AssumeRole and GetCallerIdentity (STS API Reference).
import { AwsError } from '../../aws/error.js';
import type { CallerIdentity } from '../../aws/identity.js';

/**
 * Refuses a GetSessionToken session (with or without MFA) calling `operation`, an STS operation other than AssumeRole
 * and GetCallerIdentity. The wording is the one AWS uses for GetSessionToken and GetFederationToken called with
 * session credentials (long-term-caller.ts), the same rule's other cases.
 */
export function refuseSessionTokenCaller(identity: CallerIdentity, operation: string): void {
  if (identity.session?.kind === 'GetSessionToken') {
    throw new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`);
  }
}
