// SAML 2.0 IdP metadata: checks a SAMLMetadataDocument as IAM does and reads its entity id, signing keys and expiry.
import { X509Certificate } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalidInput } from '../errors.js';

/** What IAM keeps of an identity provider's metadata. */
export interface SamlMetadata {
  /** The EntityDescriptor's entityID: the Issuer its assertions carry. */
  entityId: string;
  /** The IdP's signing certificates (KeyDescriptor use="signing" or with no use), base64 DER without white space. */
  signingCertificates: string[];
  /** The metadata's validUntil, when it states one. */
  validUntil?: Date;
}

/** IAM's answer to any document it cannot use as IdP metadata. */
export function metadataNotParsed() {
  return invalidInput('Could not parse metadata.');
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Entities are never expanded: metadata needs none, and expansion is how XML bombs work.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

function children(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Node[]) : [];
}

function texts(node: Node | undefined, name: string): string[] {
  const value = node?.[name];
  if (!Array.isArray(value)) return [];
  return value
    .map((v) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null ? (v as Node)['#text'] : ''))
    .filter((v): v is string => typeof v === 'string');
}

function attribute(node: Node, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The EntityDescriptor that describes an IdP: the document's root, or the first such one in an EntitiesDescriptor. */
function identityProviderEntity(root: Node): { entity: Node; validUntil?: string } | undefined {
  for (const entity of children(root, 'EntityDescriptor')) {
    if (children(entity, 'IDPSSODescriptor').length > 0) return { entity, validUntil: attribute(entity, 'validUntil') };
  }
  for (const group of children(root, 'EntitiesDescriptor')) {
    const found = identityProviderEntity(group);
    if (found) return { entity: found.entity, validUntil: found.validUntil ?? attribute(group, 'validUntil') };
  }
  return undefined;
}

/** A certificate's base64 text, or undefined when it is not an X.509 certificate. */
function certificate(text: string): string | undefined {
  const base64 = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  try {
    new X509Certificate(Buffer.from(base64, 'base64'));
    return base64;
  } catch {
    return undefined;
  }
}

function signingCertificates(entity: Node): string[] | undefined {
  const found: string[] = [];
  for (const idp of children(entity, 'IDPSSODescriptor')) {
    for (const key of children(idp, 'KeyDescriptor')) {
      const use = attribute(key, 'use');
      if (use !== undefined && use !== 'signing') continue;
      for (const info of children(key, 'KeyInfo')) {
        for (const data of children(info, 'X509Data')) {
          for (const text of texts(data, 'X509Certificate')) {
            const cert = certificate(text);
            if (cert === undefined) return undefined;
            if (!found.includes(cert)) found.push(cert);
          }
        }
      }
    }
  }
  return found;
}

/**
 * Reads a SAMLMetadataDocument: well-formed XML (no DTD), an EntityDescriptor with an entityID and an
 * IDPSSODescriptor holding at least one signing certificate that parses as X.509, and a validUntil (if any) that is
 * a date. Anything else is IAM's InvalidInput "Could not parse metadata.".
 */
export function parseSamlMetadata(document: string): SamlMetadata {
  if (/<!DOCTYPE/i.test(document) || XMLValidator.validate(document) !== true) throw metadataNotParsed();
  let root: Node;
  try {
    root = parser.parse(document) as Node;
  } catch {
    throw metadataNotParsed();
  }
  const found = identityProviderEntity(root);
  if (!found) throw metadataNotParsed();
  const entityId = attribute(found.entity, 'entityID');
  if (!entityId) throw metadataNotParsed();
  const certificates = signingCertificates(found.entity);
  if (!certificates || certificates.length === 0) throw metadataNotParsed();
  let validUntil: Date | undefined;
  if (found.validUntil !== undefined) {
    validUntil = new Date(found.validUntil);
    if (Number.isNaN(validUntil.getTime())) throw metadataNotParsed();
  }
  return { entityId, signingCertificates: certificates, ...(validUntil ? { validUntil } : {}) };
}
