// Who is calling: the principal resolved once by authentication and handed to authorization and handlers.

export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'AWSService' | 'Anonymous';

export interface SessionContext {
  /** The role (or user, for federation) whose credentials issued the session. */
  issuer?: {
    type: 'Role' | 'IAMUser' | 'Root';
    principalId: string;
    arn: string;
    accountId: string;
    userName?: string;
  };
  creationDate: Date;
  expiration: Date;
  mfaAuthenticated: boolean;
  mfaAuthTime?: Date;
  sourceIdentity?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  /** Session policy documents (inline JSON strings) and managed policy ARNs passed at issue. */
  policy?: string;
  policyArns?: string[];
  /** How many role hops produced this session (role chaining caps it at one hour). */
  chained?: boolean;
  /** A SAML session's saml:namequalifier, saml:sub and saml:sub_type, condition keys of its every request. */
  saml?: Record<string, string>;
  /** Credentials Systems Manager delivered to a managed instance: its ARN, the ssm:SourceInstanceARN of its requests. */
  sourceInstanceArn?: string;
  /** GetFederationToken, GetSessionToken or AssumeRole*. */
  kind: 'AssumeRole' | 'GetSessionToken' | 'GetFederationToken' | 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithSAML';
}

export interface CallerIdentity {
  type: PrincipalType;
  accountId: string;
  partition: string;
  /** ARN of the principal as AWS reports it (assumed-role session ARN for sessions). */
  arn: string;
  /** The unique id AWS shows as UserId / principalId: AIDA... for users, AROA...:session for roles, the account id for root. */
  principalId: string;
  /** The IAM user name (users only), for aws:username. */
  userName?: string;
  accessKeyId?: string;
  /** Present for temporary credentials. */
  session?: SessionContext;
}
