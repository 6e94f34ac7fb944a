// RSA and ECDSA signatures over a raw message or a precomputed digest, with node:crypto.
import {
  constants,
  createHash,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { HASH_BYTES, hashOf } from './specs.js';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa.js';

/** DER DigestInfo prefixes (RFC 8017 §9.2) for PKCS#1 v1.5 signatures over a digest. */
const DIGEST_INFO: Readonly<Record<string, string>> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

function modulusBytes(key: KeyObject): number {
  return (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let counter = 0; out.length * HASH_BYTES[hash] < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

/**
 * EMSA-PSS encoding (RFC 8017 §9.1.1) with a salt as long as the hash, as KMS uses. Written here because no sound
 * library signs a precomputed digest with PSS: node:crypto's sign()/verify() and WebCrypto's RSA-PSS always hash
 * their input (no prehash option; OpenSSL's EVP_PKEY_sign, which takes a digest, is not exposed), @noble has no
 * RSA, and node-forge / jsrsasign would move the private-key operation itself into variable-time JavaScript
 * big-integer code. Only this encoding is ours; the RSA operation stays OpenSSL's (privateEncrypt, no padding), and
 * signing.test.ts holds both directions to node's own PSS over the message. Listed in docs/security.md.
 */
function pssEncode(hash: string, digest: Buffer, emBits: number): Buffer {
  const hLen = HASH_BYTES[hash];
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const masked = mgf1(hash, h, db.length).map((b, i) => b ^ db[i]);
  masked[0] &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([Buffer.from(masked), h, Buffer.from([0xbc])]);
}

function pssVerify(hash: string, digest: Buffer, em: Buffer, emBits: number): boolean {
  const hLen = HASH_BYTES[hash];
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || em[emLen - 1] !== 0xbc) return false;
  const masked = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if ((masked[0] & ~(0xff >> (8 * emLen - emBits))) !== 0) return false;
  const db = Buffer.from(mgf1(hash, h, masked.length).map((b, i) => b ^ masked[i]));
  db[0] &= 0xff >> (8 * emLen - emBits);
  const sep = emLen - 2 * hLen - 2;
  if (!db.subarray(0, sep).every((b) => b === 0) || db[sep] !== 1) return false;
  const salt = db.subarray(sep + 1);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return expected.equals(h);
}

/** Left-pads a raw RSA result to the modulus length. */
function pad(buf: Buffer, length: number): Buffer {
  return buf.length >= length ? buf : Buffer.concat([Buffer.alloc(length - buf.length), buf]);
}

export interface SignInput {
  algorithm: string;
  message: Buffer;
  isDigest: boolean;
}

export function signMessage(privateKey: KeyObject, { algorithm, message, isDigest }: SignInput): Buffer {
  const hash = hashOf(algorithm);
  if (!isDigest) {
    if (algorithm.startsWith('RSASSA_PSS')) {
      return sign(hash, message, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: HASH_BYTES[hash],
      });
    }
    if (algorithm.startsWith('ECDSA')) return sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
    return sign(hash, message, privateKey);
  }
  if (algorithm.startsWith('RSASSA_PSS')) {
    const bits = modulusBytes(privateKey) * 8;
    const em = pssEncode(hash, message, bits - 1);
    return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, pad(em, bits / 8));
  }
  if (algorithm.startsWith('RSASSA_PKCS1')) {
    const info = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), message]);
    return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, info);
  }
  return ecdsaSignDigest(privateKey, message);
}

export function verifyMessage(publicKey: KeyObject, input: SignInput, signature: Buffer): boolean {
  const { algorithm, message, isDigest } = input;
  const hash = hashOf(algorithm);
  try {
    if (!isDigest) {
      if (algorithm.startsWith('RSASSA_PSS')) {
        return verify(
          hash,
          message,
          { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_BYTES[hash] },
          signature,
        );
      }
      if (algorithm.startsWith('ECDSA'))
        return verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, signature);
      return verify(hash, message, publicKey, signature);
    }
    if (algorithm.startsWith('ECDSA')) return ecdsaVerifyDigest(publicKey, message, signature);
    const k = modulusBytes(publicKey);
    if (signature.length !== k) return false;
    if (algorithm.startsWith('RSASSA_PSS')) {
      const em = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
      return pssVerify(hash, message, em, k * 8 - 1);
    }
    if (algorithm.startsWith('RSASSA_PKCS1')) {
      const info = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
      return info.equals(Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), message]));
    }
    return false;
  } catch {
    return false;
  }
}
