// The caller a session token stands for: an assumed role, a federated user, or the user or root behind GetSessionToken.
import type { CallerIdentity, SessionContext } from '../aws/identity.js';
import type { SessionPayload } from './session-payload.js';

function sessionContextOf(p: SessionPayload): SessionContext {
  const session: SessionContext = {
    kind: p.kind,
    creationDate: p.issuedAt,
    expiration: p.expiration,
    mfaAuthenticated: p.mfaAuthenticated,
  };
  // CloudTrail shows an empty sessionIssuer for GetSessionToken sessions: they are the user itself.
  if (p.kind !== 'GetSessionToken') {
    session.issuer = {
      type: p.issuer.type,
      principalId: p.issuer.principalId,
      arn: p.issuer.arn,
      accountId: p.issuer.accountId,
      ...(p.issuer.name !== undefined ? { userName: p.issuer.name } : {}),
    };
  }
  if (p.mfaAuthTime !== undefined) session.mfaAuthTime = p.mfaAuthTime;
  if (p.sourceIdentity !== undefined) session.sourceIdentity = p.sourceIdentity;
  if (p.tags !== undefined) session.tags = { ...p.tags };
  if (p.transitiveTagKeys !== undefined) session.transitiveTagKeys = [...p.transitiveTagKeys];
  if (p.policy !== undefined) session.policy = p.policy;
  if (p.policyArns !== undefined) session.policyArns = [...p.policyArns];
  if (p.chained) session.chained = true;
  if (p.saml !== undefined) session.saml = { ...p.saml };
  if (p.sourceInstanceArn !== undefined) session.sourceInstanceArn = p.sourceInstanceArn;
  return session;
}

/**
 * AssumeRole* sessions are `arn:<partition>:sts::<account>:assumed-role/<RoleName>/<RoleSessionName>` with principal
 * id `<AROA role id>:<RoleSessionName>`; GetFederationToken sessions are `...:federated-user/<Name>` with principal id
 * `<account>:<Name>`; GetSessionToken sessions are the user (or root) itself.
 */
export function sessionIdentity(p: SessionPayload): CallerIdentity {
  const base = {
    accountId: p.accountId,
    partition: p.partition,
    accessKeyId: p.accessKeyId,
    session: sessionContextOf(p),
  };
  switch (p.kind) {
    case 'AssumeRole':
    case 'AssumeRoleWithWebIdentity':
    case 'AssumeRoleWithSAML': {
      const name = p.sessionName ?? '';
      return {
        ...base,
        type: 'AssumedRole',
        arn: `arn:${p.partition}:sts::${p.accountId}:assumed-role/${p.issuer.name ?? ''}/${name}`,
        principalId: `${p.issuer.principalId}:${name}`,
      };
    }
    case 'GetFederationToken': {
      const name = p.sessionName ?? '';
      return {
        ...base,
        type: 'FederatedUser',
        arn: `arn:${p.partition}:sts::${p.accountId}:federated-user/${name}`,
        principalId: `${p.accountId}:${name}`,
      };
    }
    case 'GetSessionToken':
      if (p.issuer.type === 'Root') {
        return { ...base, type: 'Root', arn: p.issuer.arn, principalId: p.issuer.principalId };
      }
      return {
        ...base,
        type: 'IAMUser',
        arn: p.issuer.arn,
        principalId: p.issuer.principalId,
        ...(p.issuer.name !== undefined ? { userName: p.issuer.name } : {}),
      };
  }
}
