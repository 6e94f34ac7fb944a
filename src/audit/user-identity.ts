// The userIdentity element of a CloudTrail record: who called, with which credentials and how they were obtained.
import type { CallerIdentity, SessionContext } from '../aws/identity.js';
import { isoSeconds } from './redact.js';

export interface SessionIssuerElement {
  type: string;
  principalId: string;
  arn: string;
  accountId: string;
  userName?: string;
}

export interface SessionContextElement {
  sourceIdentity?: string;
  /** Empty ({}) for sessions no role or federation issued (GetSessionToken), as CloudTrail writes it. */
  sessionIssuer: SessionIssuerElement | Record<string, never>;
  webIdFederationData: Record<string, unknown>;
  attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
}

export interface UserIdentityElement {
  type:
    'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'AWSService' | 'WebIdentityUser' | 'SAMLUser' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  identityProvider?: string;
  sessionContext?: SessionContextElement;
  invokedBy?: string;
}

/** What is known of a caller whose authentication failed: enough to attribute the attempt. */
export interface UnauthenticatedCaller {
  accessKeyId?: string;
  accountId?: string;
}

function sessionContextOf(session: SessionContext): SessionContextElement {
  const issuer = session.issuer;
  return {
    ...(session.sourceIdentity !== undefined ? { sourceIdentity: session.sourceIdentity } : {}),
    sessionIssuer: issuer
      ? {
          type: issuer.type,
          principalId: issuer.principalId,
          arn: issuer.arn,
          accountId: issuer.accountId,
          ...(issuer.userName !== undefined ? { userName: issuer.userName } : {}),
        }
      : {},
    webIdFederationData: {},
    attributes: {
      creationDate: isoSeconds(session.creationDate),
      mfaAuthenticated: session.mfaAuthenticated ? 'true' : 'false',
    },
  };
}

/** userIdentity for an authenticated (signed) caller. */
export function signedUserIdentity(identity: CallerIdentity): UserIdentityElement {
  if (identity.type === 'AWSService') {
    // A service principal acting on the account's behalf is named by invokedBy alone.
    return { type: 'AWSService', invokedBy: identity.principalId };
  }
  if (identity.type === 'Anonymous') return { type: 'Unknown' };
  const element: UserIdentityElement = {
    type: identity.type,
    principalId: identity.principalId,
    arn: identity.arn,
    accountId: identity.accountId,
  };
  if (identity.accessKeyId !== undefined) element.accessKeyId = identity.accessKeyId;
  if (identity.type === 'IAMUser' && identity.userName !== undefined) element.userName = identity.userName;
  if (identity.session) element.sessionContext = sessionContextOf(identity.session);
  return element;
}

/**
 * userIdentity for the unsigned federation calls, read from what the call returned (AWS names these callers by
 * the identity provider's claims, which only a successful call has checked).
 */
export function federatedUserIdentity(operation: string, output: unknown): UserIdentityElement {
  const out = (typeof output === 'object' && output !== null ? output : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  if (operation === 'AssumeRoleWithWebIdentity') {
    const subject = text(out.SubjectFromWebIdentityToken);
    const provider = text(out.Provider);
    if (subject && provider) {
      const audience = text(out.Audience);
      return {
        type: 'WebIdentityUser',
        principalId: [provider, audience, subject].filter((part) => part !== undefined).join(':'),
        userName: subject,
        identityProvider: provider,
      };
    }
  }
  if (operation === 'AssumeRoleWithSAML') {
    const subject = text(out.Subject);
    const qualifier = text(out.NameQualifier);
    if (subject && qualifier) {
      return {
        type: 'SAMLUser',
        principalId: `${qualifier}:${subject}`,
        userName: subject,
        identityProvider: qualifier,
      };
    }
  }
  return { type: 'Unknown' };
}

/** userIdentity for a caller whose signature or key was rejected. */
export function unauthenticatedUserIdentity(caller: UnauthenticatedCaller | undefined): UserIdentityElement {
  const element: UserIdentityElement = { type: 'Unknown' };
  if (caller?.accountId) element.accountId = caller.accountId;
  if (caller?.accessKeyId) element.accessKeyId = caller.accessKeyId;
  return element;
}

/**
 * The name LookupEvents shows as Username: the user's name, `root`, the role session or federated user name,
 * the federated subject or the invoking service.
 */
export function lookupUsername(identity: UserIdentityElement): string | null {
  switch (identity.type) {
    case 'IAMUser':
    case 'WebIdentityUser':
    case 'SAMLUser':
      return identity.userName ?? null;
    case 'Root':
      return 'root';
    case 'AssumedRole':
    case 'FederatedUser':
      // arn:...:assumed-role/RoleName/SessionName and arn:...:federated-user/Name end with the session's name.
      return identity.arn ? identity.arn.slice(identity.arn.lastIndexOf('/') + 1) || null : null;
    case 'AWSService':
      return identity.invokedBy ?? null;
    default:
      return null;
  }
}
