// The key a cryptographic operation uses: resolved (aliases and cross-account ARNs allowed), rotated when due,
// in a usable state and of the right usage.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { RequestContext } from '../../core/runtime.js';
import { requireUsable, resolveKey, type KeyRow } from './keys.js';
import { rotateIfDue } from './rotation.js';
import { dbOf, noteKey, whereOf } from './common.js';
import { wrongUsage } from './errors.js';
import { takeResolvedKey } from './request-keys.js';

export async function usableKey(ctx: RequestContext, keyId: string, operation: string, usage: string): Promise<KeyRow> {
  // Authorization has usually just resolved this reference the same way: its row is this request's read.
  let key =
    takeResolvedKey(ctx, keyId) ??
    (await resolveKey(dbOf(ctx), whereOf(ctx), keyId, { allowAlias: true, allowCrossAccount: true }));
  noteKey(ctx, key);
  requireUsable(key);
  if (key.key_usage !== usage) throw wrongUsage(key.arn, key.key_usage, operation);
  key = await rotateIfDue(ctx.runtime.store, ctx.runtime.secrets, key, Date.now());
  return key;
}

const keyObjects = new Map<string, KeyObject>();

/** A parsed private key for PKCS#8 DER material (parsing RSA keys is slow, so parsed keys are kept, bounded). */
export function privateKeyOf(der: Buffer): KeyObject {
  const id = der.toString('base64');
  let key = keyObjects.get(id);
  if (!key) {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    keyObjects.set(id, key);
    if (keyObjects.size > 256) keyObjects.delete(keyObjects.keys().next().value as string);
  }
  return key;
}

export function publicKeyOf(der: Buffer): KeyObject {
  return createPublicKey(privateKeyOf(der));
}

export function spkiDer(der: Buffer): Buffer {
  return publicKeyOf(der).export({ type: 'spki', format: 'der' });
}
