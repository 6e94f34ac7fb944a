// Test helper: a SAML identity provider's key, a self-signed certificate for it, and metadata naming both.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

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
