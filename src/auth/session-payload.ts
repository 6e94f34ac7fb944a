// What a session token carries, and its compact JSON form (short keys keep the tokens small).
import type { SessionContext } from '../aws/identity.js';

export type SessionKind = SessionContext['kind'];

const KINDS: ReadonlySet<string> = new Set<SessionKind>([
  'AssumeRole',
  'GetSessionToken',
  'GetFederationToken',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
]);
const ISSUER_TYPES: ReadonlySet<string> = new Set(['Role', 'IAMUser', 'Root']);

/** The long-term principal behind a session: the role assumed, or the user (or root) that asked for it. */
export interface SessionIssuerData {
  type: 'Role' | 'IAMUser' | 'Root';
  /** AROA... for roles, AIDA... for users, the account id for root. */
  principalId: string;
  /** The role or user ARN with its path, or the root ARN, in the session's partition. */
  arn: string;
  accountId: string;
  /** The role or user name; absent for root. */
  name?: string;
}

/** Everything a session is granted with: what authentication and authorization need for its whole life. */
export interface SessionGrant {
  /** The account the session acts in (the role's account for AssumeRole*). */
  accountId: string;
  partition: string;
  kind: SessionKind;
  issuer: SessionIssuerData;
  /** The role session name (AssumeRole*) or the federated user's name (GetFederationToken). */
  sessionName?: string;
  issuedAt: Date;
  expiration: Date;
  mfaAuthenticated: boolean;
  mfaAuthTime?: Date;
  sourceIdentity?: string;
  /** Session tags (aws:PrincipalTag), keys as the caller spelled them. */
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  /** The inline session policy, as passed. */
  policy?: string;
  /** Managed session policies, stored ARNs (`arn:aws:iam::...`). */
  policyArns?: string[];
  /** The session came from role chaining (an assumed-role session assumed this role). */
  chained?: boolean;
  /** For web identity and SAML sessions: the identity provider (OIDC issuer host/path or SAML provider ARN). */
  federatedProvider?: string;
  /**
   * For SAML sessions: the saml:namequalifier, saml:sub and saml:sub_type of the assertion, which AWS documents for
   * the role's permission policies ("Uniquely identifying users in SAML-based federation"), not just its trust policy.
   */
  saml?: Record<string, string>;
  /**
   * For the credentials Systems Manager delivers to a managed instance: the instance's ARN (the ssm:SourceInstanceARN
   * AWS documents). Authentication refuses the session once the instance is deregistered (session_revocations).
   */
  sourceInstanceArn?: string;
}

export interface SessionPayload extends SessionGrant {
  accessKeyId: string;
  secretAccessKey: string;
}

type Wire = Record<string, unknown>;

export function encodePayload(p: SessionPayload): Buffer {
  const wire: Wire = {
    k: p.accessKeyId,
    s: p.secretAccessKey,
    a: p.accountId,
    p: p.partition,
    t: p.kind,
    i: [p.issuer.type, p.issuer.principalId, p.issuer.arn, p.issuer.accountId, p.issuer.name ?? null],
    ia: p.issuedAt.getTime(),
    ex: p.expiration.getTime(),
    m: p.mfaAuthenticated ? 1 : 0,
  };
  if (p.sessionName !== undefined) wire.n = p.sessionName;
  if (p.mfaAuthTime !== undefined) wire.mt = p.mfaAuthTime.getTime();
  if (p.sourceIdentity !== undefined) wire.si = p.sourceIdentity;
  if (p.tags !== undefined && Object.keys(p.tags).length > 0) wire.tg = Object.entries(p.tags);
  if (p.transitiveTagKeys !== undefined && p.transitiveTagKeys.length > 0) wire.tt = p.transitiveTagKeys;
  if (p.policy !== undefined) wire.po = p.policy;
  if (p.policyArns !== undefined && p.policyArns.length > 0) wire.pa = p.policyArns;
  if (p.chained) wire.c = 1;
  if (p.federatedProvider !== undefined) wire.fp = p.federatedProvider;
  if (p.saml !== undefined && Object.keys(p.saml).length > 0) wire.sm = Object.entries(p.saml);
  if (p.sourceInstanceArn !== undefined) wire.mi = p.sourceInstanceArn;
  return Buffer.from(JSON.stringify(wire), 'utf8');
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function optional<T>(value: unknown, check: (v: unknown) => v is T): T | undefined | null {
  if (value === undefined) return undefined;
  return check(value) ? value : null;
}

function tagsOf(value: unknown): Record<string, string> | undefined | null {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return null;
  const tags: Record<string, string> = {};
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isString(pair[0]) || !isString(pair[1])) return null;
    tags[pair[0]] = pair[1];
  }
  return tags;
}

function issuerOf(value: unknown): SessionIssuerData | null {
  if (!Array.isArray(value) || value.length !== 5) return null;
  const [type, principalId, arn, accountId, name] = value;
  if (!isString(type) || !ISSUER_TYPES.has(type) || !isString(principalId) || !isString(arn) || !isString(accountId)) {
    return null;
  }
  if (name !== null && !isString(name)) return null;
  const issuer: SessionIssuerData = { type: type as SessionIssuerData['type'], principalId, arn, accountId };
  if (name !== null) issuer.name = name;
  return issuer;
}

/** Reads a payload back; undefined for anything that is not exactly what encodePayload writes. */
export function decodePayload(bytes: Buffer): SessionPayload | undefined {
  let wire: unknown;
  try {
    wire = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return undefined;
  const w = wire as Wire;
  const issuer = issuerOf(w.i);
  const sessionName = optional(w.n, isString);
  const mfaTime = optional(w.mt, isTime);
  const sourceIdentity = optional(w.si, isString);
  const tags = tagsOf(w.tg);
  const transitive = optional(w.tt, isStringList);
  const policy = optional(w.po, isString);
  const policyArns = optional(w.pa, isStringList);
  const provider = optional(w.fp, isString);
  const saml = tagsOf(w.sm);
  const sourceInstanceArn = optional(w.mi, isString);
  if (
    !isString(w.k) ||
    !isString(w.s) ||
    !isString(w.a) ||
    !isString(w.p) ||
    !isString(w.t) ||
    !KINDS.has(w.t) ||
    issuer === null ||
    !isTime(w.ia) ||
    !isTime(w.ex) ||
    (w.m !== 0 && w.m !== 1) ||
    [
      sessionName,
      mfaTime,
      sourceIdentity,
      tags,
      transitive,
      policy,
      policyArns,
      provider,
      saml,
      sourceInstanceArn,
    ].includes(null)
  ) {
    return undefined;
  }
  const payload: SessionPayload = {
    accessKeyId: w.k,
    secretAccessKey: w.s,
    accountId: w.a,
    partition: w.p,
    kind: w.t as SessionKind,
    issuer,
    issuedAt: new Date(w.ia),
    expiration: new Date(w.ex),
    mfaAuthenticated: w.m === 1,
  };
  if (sessionName != null) payload.sessionName = sessionName;
  if (mfaTime != null) payload.mfaAuthTime = new Date(mfaTime);
  if (sourceIdentity != null) payload.sourceIdentity = sourceIdentity;
  if (tags != null) payload.tags = tags;
  if (transitive != null) payload.transitiveTagKeys = transitive;
  if (policy != null) payload.policy = policy;
  if (policyArns != null) payload.policyArns = policyArns;
  if (w.c === 1) payload.chained = true;
  if (provider != null) payload.federatedProvider = provider;
  if (saml != null) payload.saml = saml;
  if (sourceInstanceArn != null) payload.sourceInstanceArn = sourceInstanceArn;
  return payload;
}
