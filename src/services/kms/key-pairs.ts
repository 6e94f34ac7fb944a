// Asymmetric key pairs, generated off the event loop: RSA_4096 takes seconds, and every other request would wait.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

const PUBLIC_DER = { type: 'spki', format: 'der' } as const;
const PRIVATE_DER = { type: 'pkcs8', format: 'der' } as const;

export interface DerKeyPair {
  /** SubjectPublicKeyInfo, DER. */
  publicKey: Buffer;
  /** PKCS#8, DER. */
  privateKey: Buffer;
}

/** An RSA key pair of `bits`, generated in libuv's thread pool. */
export function rsaKeyPair(bits: number): Promise<DerKeyPair> {
  return generate('rsa', { modulusLength: bits, publicKeyEncoding: PUBLIC_DER, privateKeyEncoding: PRIVATE_DER });
}

/** An EC key pair on `namedCurve` (an OpenSSL curve name), generated in libuv's thread pool. */
export function ecKeyPair(namedCurve: string): Promise<DerKeyPair> {
  return generate('ec', { namedCurve, publicKeyEncoding: PUBLIC_DER, privateKeyEncoding: PRIVATE_DER });
}
