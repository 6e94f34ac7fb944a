// Test helper: a SAML identity provider's key, a self-signed certificate, metadata naming both, and responses it signs.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

/** DER: a tag, its length and its content. */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** A self-signed X.509 v3 certificate for the key pair, valid from now for `years`, as base64 DER. */
export function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, commonName: string, years: number) {
  const now = new Date();
  const until = new Date(now);
  until.setUTCFullYear(now.getUTCFullYear() + years);
  // A positive serial in minimal DER form: a first byte of 0x01–0x7f needs no padding.
  const serial = Buffer.concat([Buffer.from([1 + (now.getTime() % 0x7f)]), randomBytes(7)]);
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_WITH_RSA,
    name(commonName),
    sequence(time(now), time(until)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  return sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature]))).toString('base64');
}

export interface TestSamlIdp {
  entityId: string;
  /** The signing key, PKCS#8 PEM (what an IdP signs assertions with). */
  privateKeyPem: string;
  /** Its certificate, base64 DER (as metadata carries it). */
  certificate: string;
  /** IdP metadata naming the entity and its signing certificate (over 1000 characters, as IAM requires). */
  metadata(options?: { validUntil?: Date }): string;
}

/** A new RSA key pair and certificate for an identity provider named entityId. */
export function createTestSamlIdp(entityId: string): TestSamlIdp {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = selfSignedCertificate(publicKey, privateKey, 'warden-test-idp', 10);
  return {
    entityId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificate,
    metadata: (options = {}) =>
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"` +
          (options.validUntil ? ` validUntil="${options.validUntil.toISOString()}"` : '') +
          '>',
        '  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
        '    <md:KeyDescriptor use="signing">',
        '      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>',
        `        <ds:X509Certificate>${certificate}</ds:X509Certificate>`,
        '      </ds:X509Data></ds:KeyInfo>',
        '    </md:KeyDescriptor>',
        '    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>',
        `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${entityId}/sso"/>`,
        '  </md:IDPSSODescriptor>',
        '</md:EntityDescriptor>',
      ].join('\n'),
  };
}

/** A new RSA private key, PKCS#8 PEM (for UpdateSAMLProvider AddPrivateKey). */
export function newRsaPrivateKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** What a test SAML response says; every member has a default that AWS accepts. */
export interface SamlResponseOptions {
  roleArn: string;
  providerArn: string;
  /** RoleSessionName attribute; null leaves it out. */
  sessionName?: string | null;
  subject?: string;
  nameIdFormat?: string;
  issuer?: string;
  recipient?: string;
  audience?: string;
  issueInstant?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  sessionNotOnOrAfter?: Date;
  statusCode?: string;
  assertionId?: string;
  /** Further attributes: Name → values. */
  attributes?: Record<string, string[]>;
  /** Leave the Role attribute out. */
  noRole?: boolean;
  /** Which elements to sign (default: the assertion). */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  /** The signing key (default: the IdP's own). */
  signingKeyPem?: string;
  signatureAlgorithm?: string;
}

const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Signs the element with this ID (enveloped, exclusive c14n, RSA-SHA256 unless told), placing the signature after its Issuer. */
export function signElement(xml: string, id: string, keyPem: string, signatureAlgorithm?: string): string {
  const sig = new SignedXml({
    privateKey: keyPem,
    signatureAlgorithm: signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: `//*[@ID='${id}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `//*[@ID='${id}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

/** A SAML 2.0 Response for AWS, signed as told with the IdP's key: the XML text. */
export function samlResponseXml(idp: TestSamlIdp, o: SamlResponseOptions): string {
  const now = o.issueInstant ?? new Date();
  const later = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60 * 1000);
  const assertionId = o.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
  const responseId = `_r${randomBytes(16).toString('hex')}`;
  const issuer = escapeXml(o.issuer ?? idp.entityId);
  const recipient = escapeXml(o.recipient ?? 'https://signin.aws.amazon.com/saml');
  const attributes: Record<string, string[]> = {
    ...(o.noRole ? {} : { 'https://aws.amazon.com/SAML/Attributes/Role': [`${o.roleArn},${o.providerArn}`] }),
    ...(o.sessionName === null
      ? {}
      : { 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [o.sessionName ?? 'alice'] }),
    ...o.attributes,
  };
  const attributeXml = Object.entries(attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}">` +
        values.map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`).join('') +
        '</saml:Attribute>',
    )
    .join('');
  const assertion =
    `<saml:Assertion xmlns:saml="${SAML_NS}" ID="${assertionId}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    '<saml:Subject>' +
    `<saml:NameID Format="${escapeXml(o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent')}">` +
    `${escapeXml(o.subject ?? 'alice@example.com')}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="${later.toISOString()}" Recipient="${recipient}"/>` +
    '</saml:SubjectConfirmation></saml:Subject>' +
    `<saml:Conditions NotBefore="${(o.notBefore ?? new Date(now.getTime() - 60_000)).toISOString()}" NotOnOrAfter="${later.toISOString()}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience ?? 'https://signin.aws.amazon.com/saml')}</saml:Audience></saml:AudienceRestriction>` +
    '</saml:Conditions>' +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}"` +
    (o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${o.sessionNotOnOrAfter.toISOString()}"` : '') +
    '><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>' +
    `<saml:AttributeStatement>${attributeXml}</saml:AttributeStatement>` +
    '</saml:Assertion>';
  let xml =
    `<samlp:Response xmlns:samlp="${SAMLP_NS}" xmlns:saml="${SAML_NS}" ID="${responseId}" Version="2.0" ` +
    `IssueInstant="${now.toISOString()}" Destination="${recipient}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${o.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    assertion +
    '</samlp:Response>';
  const key = o.signingKeyPem ?? idp.privateKeyPem;
  const sign = o.sign ?? 'assertion';
  if (sign === 'assertion' || sign === 'both') xml = signElement(xml, assertionId, key, o.signatureAlgorithm);
  if (sign === 'response' || sign === 'both') xml = signElement(xml, responseId, key, o.signatureAlgorithm);
  return xml;
}

/** The same response base64-encoded, as SAMLAssertion carries it. */
export function samlResponse(idp: TestSamlIdp, o: SamlResponseOptions): string {
  return Buffer.from(samlResponseXml(idp, o), 'utf8').toString('base64');
}
