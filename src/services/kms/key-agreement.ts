// DeriveSharedSecret: ECDH (node:crypto) between a KEY_AGREEMENT key's private key and a peer's public key, the raw
// shared secret returned as KMS returns it.
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import { currentMaterial } from './material.js';
import { privateKeyOf, usableKey } from './usable-key.js';
import { dbOf } from './common.js';
import { dryRun, invalidKeyUsage, unsupported, validation } from './errors.js';

type H = Handlers<KMSOperations>;

/**
 * The peer's SubjectPublicKeyInfo as a key on the same curve as ours, or undefined when it is not one. KMS says no
 * more than ValidationException about a public key it cannot use (LocalStack's AWS-validated behaviour), and
 * neither do we: OpenSSL's reasons are not AWS's words.
 */
function peerKey(spki: Uint8Array, ours: KeyObject): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec') return undefined;
    if (key.asymmetricKeyDetails?.namedCurve !== ours.asymmetricKeyDetails?.namedCurve) return undefined;
    return key;
  } catch {
    return undefined;
  }
}

export const deriveSharedSecret: NonNullable<H['DeriveSharedSecret']> = async (ctx, input) => {
  if (input.Recipient !== undefined) throw unsupported('Warden does not support Nitro Enclaves recipients.');
  const key = await usableKey(ctx, input.KeyId, 'DeriveSharedSecret', 'KEY_AGREEMENT');
  if (input.KeyAgreementAlgorithm !== 'ECDH') {
    throw invalidKeyUsage(`Algorithm ${input.KeyAgreementAlgorithm} is incompatible with key spec ${key.key_spec}.`);
  }
  const material = await currentMaterial(dbOf(ctx), ctx.runtime.secrets, key);
  const privateKey = privateKeyOf(material.bytes);
  const publicKey = peerKey(input.PublicKey, privateKey);
  if (publicKey === undefined) throw validation('');
  let secret: Buffer;
  try {
    // One scalar multiplication (microseconds): cheap enough for the event loop, and OpenSSL checks the point.
    secret = diffieHellman({ privateKey, publicKey });
  } catch {
    throw validation('');
  }
  if (input.DryRun) throw dryRun();
  return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: key.origin as 'AWS_KMS' };
};
