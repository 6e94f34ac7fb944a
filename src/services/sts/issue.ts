// Minting a session for a handler: the grant sealed into credentials, and the Credentials structure STS returns.
import type { Credentials } from '../../aws/generated/sts.js';
import { issueSessionCredentials, type IssuedCredentials, type SessionGrant } from '../../auth/session-tokens.js';
import { recordMemberName } from '../../audit/redact.js';
import type { RequestContext } from '../../core/runtime.js';

/** When a session starts: the request's arrival, to the second, as AWS reports Expiration and TokenIssueTime. */
export function sessionStart(ctx: RequestContext): Date {
  return new Date(Math.floor(ctx.receivedAt.getTime() / 1000) * 1000);
}

export function expirationAfter(start: Date, seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000);
}

export function issue(ctx: RequestContext, grant: SessionGrant): IssuedCredentials {
  return issueSessionCredentials(ctx.runtime, grant);
}

export function credentialsOf(issued: IssuedCredentials): Credentials {
  return {
    AccessKeyId: issued.accessKeyId,
    SecretAccessKey: issued.secretAccessKey,
    SessionToken: issued.sessionToken,
    Expiration: issued.expiration,
  };
}

/** Output members CloudTrail leaves out of a credential call's record altogether. */
const UNRECORDED = new Set(['SecretAccessKey']);

function recordShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(recordShape);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!UNRECORDED.has(key) && item !== undefined) out[recordMemberName(key)] = recordShape(item);
  }
  return out;
}

/**
 * CloudTrail counts the credential calls as reads, yet records what they returned: the key id, its expiry and the
 * session (never the secret; the audit writer hides the session token too). Handlers call this with their output.
 */
export function recordIssued<T extends object>(ctx: RequestContext, output: T): T {
  ctx.audit.responseElements = recordShape(output) as Record<string, unknown>;
  return output;
}
