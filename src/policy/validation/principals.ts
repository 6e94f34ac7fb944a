// Principal values of a role trust policy: the shapes IAM accepts for AWS, Service and Federated principals.
//
// IAM reports a bad value as `Invalid principal in policy: "<TYPE>":"<value>"` (the type upper-cased, as in
// `"SERVICE":""`). Whether a well-formed user or role ARN names an existing entity is a store lookup and is
// left to the caller; this module only judges the shape. Wildcards are accepted only as the whole value `*`.

import { PARTITIONS } from '../../aws/partitions.js';
import type { PrincipalElement, PrincipalType } from './grammar.js';

const PARTITION = `(?:${PARTITIONS.map((p) => p.id).join('|')})`;
const ACCOUNT_ID = /^\d{12}$/;
/** Unique IDs IAM itself writes in place of a deleted user's or role's ARN. */
const UNIQUE_ID = /^(?:AIDA|AROA)[A-Z0-9]{12,}$/;
const IAM_IDENTITY_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:root|user/.+|role/.+)$`);
const STS_SESSION_ARN = new RegExp(`^arn:${PARTITION}:sts::\\d{12}:(?:assumed-role/[^/]+/.+|federated-user/.+)$`);
const IDENTITY_PROVIDER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:saml-provider/.+|oidc-provider/.+)$`);
/** The web identity providers a trust policy may name directly rather than through a provider ARN. */
const WEB_IDENTITY_PROVIDERS = new Set([
  'cognito-identity.amazonaws.com',
  'www.amazon.com',
  'graph.facebook.com',
  'accounts.google.com',
]);
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const SERVICE_DOMAINS = [...new Set([...PARTITIONS.map((p) => p.dnsSuffix), 'amazon.com'])];
const SERVICE_PRINCIPAL = new RegExp(
  `^(?:${DNS_LABEL}\\.)+(?:${SERVICE_DOMAINS.map((d) => d.replace(/\./g, '\\.')).join('|')})$`,
);

const hasWildcard = (value: string): boolean => /[*?]/.test(value);

function isValidPrincipal(type: PrincipalType, value: string): boolean {
  switch (type) {
    case 'AWS':
      return (
        value === '*' ||
        ACCOUNT_ID.test(value) ||
        UNIQUE_ID.test(value) ||
        (!hasWildcard(value) && (IAM_IDENTITY_ARN.test(value) || STS_SESSION_ARN.test(value)))
      );
    case 'Service':
      return SERVICE_PRINCIPAL.test(value);
    case 'Federated':
      return WEB_IDENTITY_PROVIDERS.has(value) || (!hasWildcard(value) && IDENTITY_PROVIDER_ARN.test(value));
    case 'CanonicalUser':
      return true;
  }
}

/** Whether the element names no principal at all (absent, or every identifier list empty). */
export function namesNoPrincipal(principal: PrincipalElement | undefined): boolean {
  if (principal === undefined) return true;
  if (principal === '*') return false;
  return Object.values(principal).every((identifiers) => identifiers.length === 0);
}

/** IAM's message for the first malformed principal value of a trust policy statement, if any. */
export function trustPrincipalError(principal: PrincipalElement): string | undefined {
  if (principal === '*') return undefined;
  for (const [type, identifiers] of Object.entries(principal) as Array<[PrincipalType, string[]]>) {
    const invalid = identifiers.find((value) => !isValidPrincipal(type, value));
    if (invalid !== undefined) return `Invalid principal in policy: "${type.toUpperCase()}":"${invalid}"`;
  }
  return undefined;
}
