// Unit tests for digest ECDSA: curve constants match node:crypto's keys; signatures interoperate both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { ecdsaSignDigest, ecdsaVerifyDigest, publicPointOf } from './ecdsa.js';

const fromB64 = (s: string) => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex')}`);

for (const [curve, hash] of [
  ['prime256v1', 'sha256'],
  ['secp384r1', 'sha384'],
  ['secp521r1', 'sha512'],
  ['secp256k1', 'sha256'],
  ['prime256v1', 'sha512'],
] as const) {
  test(`${curve} with ${hash}: d·G is the public key; digest signatures verify in node and node's verify here`, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const jwk = publicKey.export({ format: 'jwk' });
    assert.deepEqual(publicPointOf(privateKey), { x: fromB64(jwk.x as string), y: fromB64(jwk.y as string) });
    const message = Buffer.from('digest me');
    const digest = createHash(hash).update(message).digest();
    const ours = ecdsaSignDigest(privateKey, digest);
    assert.ok(verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, ours));
    const theirs = sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
    assert.ok(ecdsaVerifyDigest(publicKey, digest, theirs));
    const other = createHash(hash).update('other').digest();
    assert.equal(ecdsaVerifyDigest(publicKey, other, theirs), false);
    assert.equal(ecdsaVerifyDigest(publicKey, digest, Buffer.from('garbage')), false);
  });
}
