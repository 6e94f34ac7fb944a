// Who is asking, as the policy engine sees it, and the compiled Principal / NotPrincipal element that matches it.
import type { CallerIdentity } from '../aws/identity.js';

/**
 * The kinds of principal IAM distinguishes. `IAMRole` is a role evaluated as itself (IAM's policy simulator does
 * this); live requests from a role arrive as `AssumedRole` sessions. `IdentityProvider` is the web-identity or
 * SAML provider named by a trust policy's `Federated` element during AssumeRoleWith{WebIdentity,SAML}.
 */
export type EvalPrincipalType =
  'Root' | 'IAMUser' | 'IAMRole' | 'AssumedRole' | 'FederatedUser' | 'AWSService' | 'Anonymous' | 'IdentityProvider';

export interface EvalPrincipal {
  readonly type: EvalPrincipalType;
  /**
   * The principal's ARN: user/role/root ARN, `arn:aws:sts::<account>:assumed-role/<role>/<session>`,
   * `arn:aws:sts::<account>:federated-user/<name>`; the service name (`lambda.amazonaws.com`) for AWSService;
   * the provider (`cognito-identity.amazonaws.com`, an OIDC/SAML provider ARN) for IdentityProvider.
   */
  readonly arn?: string;
  /** The account the principal belongs to (absent for Anonymous, AWSService and IdentityProvider). */
  readonly accountId?: string;
  /** For AssumedRole: the role's ARN including its path; derived from the session ARN (without path) if absent. */
  readonly roleArn?: string;
  /** The unique id (`AIDA...`, `AROA...:session`), exposed as `aws:userid`. */
  readonly principalId?: string;
  /** For IAMUser: the user name, exposed as `aws:username`; derived from the ARN if absent. */
  readonly userName?: string;
  /** An S3 canonical user id, matched by `CanonicalUser` principals. */
  readonly canonicalUserId?: string;
  /** Principals of the organization's management account are not restricted by SCPs. */
  readonly isManagementAccount?: boolean;
  /** Service-linked roles (and their sessions) are not restricted by SCPs or RCPs. */
  readonly isServiceLinkedRole?: boolean;
}

/** How a resource-based policy statement names the requesting principal (a higher value is a stronger grant). */
export const GRANT_NONE = 0;
/** Through its account (`123456789012` or `arn:aws:iam::123456789012:root`): delegates to the identity side. */
export const GRANT_ACCOUNT = 1;
/** Through the role ARN of a role or of its sessions: still bounded by permissions boundaries and session policies. */
export const GRANT_ROLE = 2;
/** By the principal's own ARN (user, role session, federated user, service), by `*`, or by a NotPrincipal. */
export const GRANT_DIRECT = 3;

export type GrantKind = typeof GRANT_NONE | typeof GRANT_ACCOUNT | typeof GRANT_ROLE | typeof GRANT_DIRECT;

const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}|aws):role\/(?:.*\/)?([^/]+)$/;
const SESSION_ARN = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const ACCOUNT_ID = /^\d{12}$/;
/** Service-linked roles live under this path; SCPs and RCPs do not restrict them. */
const SERVICE_LINKED_PATH = 'role/aws-service-role/';

/** `account/roleName`: how role grants are compared (IAM resolves principals to the role, whatever its path). */
export function roleKeyOf(principal: EvalPrincipal): string | undefined {
  if (principal.type !== 'IAMRole' && principal.type !== 'AssumedRole') return undefined;
  const role = principal.roleArn ? ROLE_ARN.exec(principal.roleArn) : null;
  if (role) return `${role[1]}/${role[2]}`;
  const session = principal.arn ? SESSION_ARN.exec(principal.arn) : null;
  if (session) return `${session[2]}/${session[3]}`;
  const self = principal.arn ? ROLE_ARN.exec(principal.arn) : null;
  return self ? `${self[1]}/${self[2]}` : undefined;
}

/** The role ARN behind a session, as `aws:PrincipalArn` reports it. */
export function roleArnOf(principal: EvalPrincipal): string | undefined {
  if (principal.roleArn) return principal.roleArn;
  const session = principal.arn ? SESSION_ARN.exec(principal.arn) : null;
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : undefined;
}

/**
 * Builds a principal from an ARN (or a service principal name): `:root` → Root, `:user/` → IAMUser, `:role/` →
 * IAMRole (service-linked under `/aws-service-role/`), `:assumed-role/` → AssumedRole, `:federated-user/` →
 * FederatedUser, `oidc-provider/` or `saml-provider/` → IdentityProvider, anything else not an ARN → AWSService.
 */
export function principalFromArn(arn: string): EvalPrincipal {
  if (!arn.startsWith('arn:')) {
    if (arn === '*' || arn === '' || arn.toLowerCase() === 'anonymous') return { type: 'Anonymous' };
    return { type: 'AWSService', arn };
  }
  const parts = arn.split(':');
  const accountId = parts[4];
  const resource = parts.slice(5).join(':');
  if (resource === 'root') return { type: 'Root', arn, accountId };
  if (resource.startsWith('user/')) return { type: 'IAMUser', arn, accountId };
  if (resource.startsWith('role/')) {
    return { type: 'IAMRole', arn, accountId, isServiceLinkedRole: resource.startsWith(SERVICE_LINKED_PATH) };
  }
  if (resource.startsWith('assumed-role/')) return { type: 'AssumedRole', arn, accountId };
  if (resource.startsWith('federated-user/')) return { type: 'FederatedUser', arn, accountId };
  if (resource.startsWith('oidc-provider/') || resource.startsWith('saml-provider/')) {
    return { type: 'IdentityProvider', arn };
  }
  return { type: 'IAMUser', arn, accountId };
}

/** Adapts the authenticated caller (src/aws/identity.ts) for the engine. */
export function principalFromIdentity(identity: CallerIdentity, isManagementAccount = false): EvalPrincipal {
  const base = {
    arn: identity.arn,
    accountId: identity.accountId,
    principalId: identity.principalId,
    isManagementAccount,
  };
  switch (identity.type) {
    case 'Root':
      return { type: 'Root', ...base };
    case 'IAMUser':
      return { type: 'IAMUser', userName: identity.userName, ...base };
    case 'AssumedRole': {
      const roleArn = identity.session?.issuer?.arn;
      const isServiceLinkedRole = roleArn?.split(':').slice(5).join(':').startsWith(SERVICE_LINKED_PATH) ?? false;
      return { type: 'AssumedRole', roleArn, isServiceLinkedRole, ...base };
    }
    case 'FederatedUser':
      return { type: 'FederatedUser', ...base };
    case 'AWSService':
      return { type: 'AWSService', arn: identity.arn };
    case 'Anonymous':
      return { type: 'Anonymous' };
  }
}

const PRINCIPAL_TYPE_VALUE: Record<EvalPrincipalType, string | undefined> = {
  Root: 'Account',
  IAMUser: 'User',
  IAMRole: 'AssumedRole',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  Anonymous: 'Anonymous',
  AWSService: undefined,
  IdentityProvider: undefined,
};

/**
 * Global condition keys that follow from the principal itself, used when the request context does not supply
 * them: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:userid,
 * aws:PrincipalIsAWSService, aws:PrincipalServiceName. `key` is lower-cased.
 */
export function principalContextValue(p: EvalPrincipal, key: string): string | undefined {
  switch (key) {
    case 'aws:principalarn':
      if (p.type === 'AssumedRole') return roleArnOf(p);
      return p.type === 'AWSService' || p.type === 'Anonymous' || p.type === 'IdentityProvider' ? undefined : p.arn;
    case 'aws:principalaccount':
      return p.accountId;
    case 'aws:principaltype':
      return PRINCIPAL_TYPE_VALUE[p.type];
    case 'aws:username':
      if (p.type !== 'IAMUser') return undefined;
      return p.userName ?? p.arn?.slice(p.arn.lastIndexOf('/') + 1);
    case 'aws:userid':
      if (p.type === 'Anonymous') return 'anonymous';
      return p.principalId ?? (p.type === 'Root' ? p.accountId : undefined);
    case 'aws:principalisawsservice':
      // Present in every signed request; anonymous requests are not signed.
      return p.type === 'Anonymous' ? undefined : p.type === 'AWSService' ? 'true' : 'false';
    case 'aws:principalservicename':
      return p.type === 'AWSService' ? p.arn : undefined;
    default:
      return undefined;
  }
}

function listOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** A compiled Principal or NotPrincipal element. */
export class PrincipalMatcher {
  private wildcard = false;
  private readonly accounts = new Set<string>();
  private readonly arns = new Set<string>();
  private readonly roleKeys = new Set<string>();
  private readonly services = new Set<string>();
  private readonly federated = new Set<string>();
  private readonly canonical = new Set<string>();

  /** Accepts `"*"`, `{ AWS | Service | Federated | CanonicalUser: string | string[] }`, or a bare ARN string. */
  constructor(element: unknown) {
    if (typeof element === 'string') {
      this.addAws(element);
      return;
    }
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return;
    for (const [kind, value] of Object.entries(element as Record<string, unknown>)) {
      for (const v of listOf(value)) {
        if (kind === 'AWS') this.addAws(v);
        else if (kind === 'Service') this.services.add(v);
        else if (kind === 'Federated') this.federated.add(v);
        else if (kind === 'CanonicalUser') this.canonical.add(v);
      }
    }
  }

  private addAws(v: string): void {
    if (v === '*') {
      this.wildcard = true;
      return;
    }
    // ROOT_ARN's one group takes part in every match.
    const root = ROOT_ARN.exec(v)?.[1];
    if (root !== undefined) this.accounts.add(root);
    else if (ACCOUNT_ID.test(v)) this.accounts.add(v);
    else {
      const role = ROLE_ARN.exec(v);
      if (role) this.roleKeys.add(`${role[1]}/${role[2]}`);
      else this.arns.add(v);
    }
  }

  /** How strongly this element names the principal (`roleKey` from {@link roleKeyOf}, computed once per request). */
  match(p: EvalPrincipal, roleKey: string | undefined): GrantKind {
    if (this.wildcard) return GRANT_DIRECT;
    switch (p.type) {
      case 'Anonymous':
        return GRANT_NONE;
      case 'AWSService':
        return p.arn !== undefined && this.services.has(p.arn) ? GRANT_DIRECT : GRANT_NONE;
      case 'IdentityProvider':
        return p.arn !== undefined && this.federated.has(p.arn) ? GRANT_DIRECT : GRANT_NONE;
    }
    if (p.arn !== undefined && this.arns.has(p.arn)) return GRANT_DIRECT;
    if (p.canonicalUserId !== undefined && this.canonical.has(p.canonicalUserId)) return GRANT_DIRECT;
    if (roleKey !== undefined && this.roleKeys.has(roleKey)) return GRANT_ROLE;
    if (p.accountId !== undefined && this.accounts.has(p.accountId)) {
      return p.type === 'Root' ? GRANT_DIRECT : GRANT_ACCOUNT;
    }
    return GRANT_NONE;
  }
}
