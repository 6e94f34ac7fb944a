// ECDSA over a precomputed digest (KMS MessageType DIGEST), which node:crypto cannot do: @noble/curves with prehash
// off, signatures DER-encoded as KMS returns them.
import type { KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

type Curve = typeof p256;

/** The curve implementation by the curve names node:crypto reports (KMS's four ECC signing specs). */
const CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: p256,
  secp384r1: p384,
  secp521r1: p521,
  secp256k1,
};

function curveOf(key: KeyObject): Curve {
  const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (!curve) throw new Error('unsupported curve');
  return curve;
}

const fromB64 = (s: unknown): Buffer => Buffer.from(String(s), 'base64url');

/**
 * Signs a digest with an EC private key; the signature is DER (r, s). RFC 6979 nonces hedged with fresh randomness
 * (each call signs differently, as KMS's do); S is left as computed, not normalized low, as KMS leaves it.
 */
export function ecdsaSignDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const curve = curveOf(privateKey);
  const d = fromB64(privateKey.export({ format: 'jwk' }).d);
  return Buffer.from(curve.sign(digest, d, { prehash: false, lowS: false, format: 'der', extraEntropy: true }));
}

/** Verifies a DER ECDSA signature over a digest with an EC public key (high-S accepted, as OpenSSL does). */
export function ecdsaVerifyDigest(publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const curve = curveOf(publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), fromB64(jwk.x), fromB64(jwk.y)]);
  try {
    return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    // A signature that is not DER at all: not a valid signature, as KMS answers.
    return false;
  }
}
