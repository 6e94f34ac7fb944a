// PEM certificates as IAM takes them: parsed by node:crypto's X509Certificate, chains checked link by link, the
// private key matched against the certificate's public key.
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { invalidChain, keyPairMismatch, malformedCertificate, UNPARSABLE_CERTIFICATE } from '../errors.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
/** More links than any real chain has; the model caps the text at 2 MiB, this caps the parsing work. */
const MAX_CHAIN_LENGTH = 16;

/** One PEM certificate; anything else (DER, several blocks, garbage) is MalformedCertificate. */
export function parseCertificate(pem: string): X509Certificate {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length !== 1) throw malformedCertificate(UNPARSABLE_CERTIFICATE);
  try {
    return new X509Certificate(blocks[0]!);
  } catch {
    throw malformedCertificate(UNPARSABLE_CERTIFICATE);
  }
}

/**
 * The chain's certificates, checked as IAM checks them: the first issued (and signed) the certificate, each next
 * one the one before it. The failing link's index is in the message.
 */
export function checkChain(certificate: X509Certificate, chainPem: string): void {
  const blocks = chainPem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0 || blocks.length > MAX_CHAIN_LENGTH) throw malformedCertificate(UNPARSABLE_CERTIFICATE);
  let child = certificate;
  blocks.forEach((block, index) => {
    let issuer: X509Certificate;
    try {
      issuer = new X509Certificate(block);
    } catch {
      throw malformedCertificate(UNPARSABLE_CERTIFICATE);
    }
    if (!child.checkIssued(issuer) || !child.verify(issuer.publicKey)) throw invalidChain(index);
    child = issuer;
  });
}

/** The PEM private key, which must be the certificate's own. */
export function checkPrivateKey(certificate: X509Certificate, pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw malformedCertificate('Unable to parse private key.');
  }
  if (!certificate.checkPrivateKey(key)) throw keyPairMismatch();
  return key;
}

/** SHA-256 of the certificate's DER: the same certificate whatever its PEM line breaks. */
export function certificateFingerprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('hex');
}

/** The certificate's notAfter, epoch ms. */
export function expiresAt(certificate: X509Certificate): number {
  return Date.parse(certificate.validTo);
}
