// AWS's SAML attributes (Role, RoleSessionName, SessionDuration, SourceIdentity, PrincipalTag:*, TransitiveTagKeys) and the saml: keys.
import type { ContextValue } from '../../../policy/index.js';
import type { TagInput } from '../session-tags.js';
import { SESSION_NAME_INVALID, SESSION_NAME_MISSING, SOURCE_IDENTITY_INVALID, invalidSaml } from './errors.js';

const AWS_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/';
export const ROLE_ATTRIBUTE = `${AWS_ATTRIBUTE}Role`;
const SESSION_NAME_ATTRIBUTE = `${AWS_ATTRIBUTE}RoleSessionName`;
const SESSION_DURATION_ATTRIBUTE = `${AWS_ATTRIBUTE}SessionDuration`;
const SOURCE_IDENTITY_ATTRIBUTE = `${AWS_ATTRIBUTE}SourceIdentity`;
const PRINCIPAL_TAG_PREFIX = `${AWS_ATTRIBUTE}PrincipalTag:`;
const TRANSITIVE_TAG_KEYS_ATTRIBUTE = `${AWS_ATTRIBUTE}TransitiveTagKeys`;

/** RoleSessionName and SourceIdentity: 2 to 64 of these characters (AWS's pattern). */
const NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
/** Session tag keys and values as STS accepts them (at most 50 tags). */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const MAX_TAGS = 50;

/**
 * The eduPerson/eduOrg, Active Directory and X.500 attributes IAM maps to trust-policy keys (IAM User Guide, "Mapping
 * SAML attributes to AWS trust policy context keys"), with whether the key holds a list.
 */
const MAPPED: ReadonlyMap<string, { key: string; list: boolean }> = new Map(
  (
    [
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.1', 'edupersonaffiliation', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.2', 'edupersonnickname', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.3', 'edupersonorgdn', false],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.4', 'edupersonorgunitdn', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.5', 'edupersonprimaryaffiliation', false],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.6', 'edupersonprincipalname', false],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.7', 'edupersonentitlement', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.8', 'edupersonprimaryorgunitdn', false],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.9', 'edupersonscopedaffiliation', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.10', 'edupersontargetedid', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.1.1.11', 'edupersonassurance', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.2.1.2', 'eduorghomepageuri', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.2.1.3', 'eduorgidentityauthnpolicyuri', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.2.1.4', 'eduorglegalname', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.2.1.5', 'eduorgsuperioruri', true],
      ['urn:oid:1.3.6.1.4.1.5923.1.2.1.6', 'eduorgwhitepagesuri', true],
      ['urn:oid:2.5.4.3', 'cn', true],
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'name', false],
      ['http://schemas.xmlsoap.org/claims/CommonName', 'commonName', false],
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', 'givenName', false],
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', 'surname', false],
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'mail', false],
      ['http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid', 'primaryGroupSID', false],
      ['2.5.4.3', 'commonName', false],
      ['2.5.4.4', 'surname', false],
      ['2.4.5.42', 'givenName', false],
      ['2.5.4.45', 'x500UniqueIdentifier', false],
      ['0.9.2342.19200300100.1.1', 'uid', false],
      ['0.9.2342.19200300100.1.3', 'mail', false],
      ['0.9.2342.19200300.100.1.45', 'organizationStatus', false],
    ] as const
  ).map(([name, key, list]) => [name, { key: `saml:${key}`, list }]),
);

export interface SamlSessionAttributes {
  sessionName: string;
  /** SessionDuration, when the assertion states one (900..43200). */
  sessionDuration?: number;
  sourceIdentity?: string;
  tags: TagInput[];
  transitiveTagKeys: string[];
}

function single(attributes: Map<string, string[]>, name: string): string | undefined {
  return attributes.get(name)?.[0];
}

/** Whether the Role attribute pairs this role with this provider (either order, as IdPs write it). */
export function rolePaired(attributes: Map<string, string[]>, roleArn: string, providerArn: string): boolean {
  return (attributes.get(ROLE_ATTRIBUTE) ?? []).some((value) => {
    const parts = value.split(',').map((p) => p.trim());
    return (
      parts.length === 2 &&
      ((parts[0] === roleArn && parts[1] === providerArn) || (parts[0] === providerArn && parts[1] === roleArn))
    );
  });
}

/** RoleSessionName (required), SessionDuration, SourceIdentity and session tags, checked with AWS's messages. */
export function sessionAttributes(attributes: Map<string, string[]>): SamlSessionAttributes {
  const sessionName = single(attributes, SESSION_NAME_ATTRIBUTE);
  if (sessionName === undefined) throw invalidSaml(SESSION_NAME_MISSING);
  if (!NAME_PATTERN.test(sessionName)) throw invalidSaml(SESSION_NAME_INVALID);
  const out: SamlSessionAttributes = { sessionName, tags: [], transitiveTagKeys: [] };

  const duration = single(attributes, SESSION_DURATION_ATTRIBUTE);
  if (duration !== undefined) {
    const seconds = /^\d{1,6}$/.test(duration) ? Number(duration) : NaN;
    if (!(seconds >= 900 && seconds <= 43_200)) {
      throw invalidSaml('SessionDuration in AuthnResponse must be a number of seconds from 900 to 43200');
    }
    out.sessionDuration = seconds;
  }
  const source = single(attributes, SOURCE_IDENTITY_ATTRIBUTE);
  if (source !== undefined) {
    if (!NAME_PATTERN.test(source) || source.toLowerCase().startsWith('aws:')) {
      throw invalidSaml(SOURCE_IDENTITY_INVALID);
    }
    out.sourceIdentity = source;
  }
  for (const [name, values] of attributes) {
    if (!name.startsWith(PRINCIPAL_TAG_PREFIX)) continue;
    const key = name.slice(PRINCIPAL_TAG_PREFIX.length);
    const value = values[0] ?? '';
    if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) throw invalidSaml(`Invalid session tag ${key} in AuthnResponse`);
    out.tags.push({ Key: key, Value: value });
  }
  if (out.tags.length > MAX_TAGS) throw invalidSaml(`AuthnResponse may pass at most ${MAX_TAGS} session tags`);
  out.transitiveTagKeys = attributes.get(TRANSITIVE_TAG_KEYS_ATTRIBUTE) ?? [];
  return out;
}

/** The trust policy's saml: keys from the mapped attributes (one claim per key: the first wins, as IAM says). */
export function mappedAttributeKeys(attributes: Map<string, string[]>): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const [name, values] of attributes) {
    const mapped = MAPPED.get(name);
    if (mapped === undefined || values.length === 0 || context[mapped.key] !== undefined) continue;
    context[mapped.key] = mapped.list ? [...values] : values[0]!;
  }
  return context;
}
