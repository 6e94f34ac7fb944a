// Unit tests for digest ECDSA: signatures over a digest verify with node:crypto over the message, and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa.js';

for (const [curve, hash] of [
  ['prime256v1', 'sha256'],
  ['secp384r1', 'sha384'],
  ['secp521r1', 'sha512'],
  ['secp256k1', 'sha256'],
  ['prime256v1', 'sha512'],
] as const) {
  test(`${curve} with ${hash}: digest signatures verify in node, and node's verify here`, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const message = Buffer.from('digest me');
    const digest = createHash(hash).update(message).digest();
    const ours = ecdsaSignDigest(privateKey, digest);
    assert.equal(ours[0], 0x30, 'DER SEQUENCE');
    assert.ok(verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, ours));
    assert.notDeepEqual(ecdsaSignDigest(privateKey, digest), ours, 'hedged nonces: each signature differs');
    const theirs = sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
    assert.ok(ecdsaVerifyDigest(publicKey, digest, theirs));
    const other = createHash(hash).update('other').digest();
    assert.equal(ecdsaVerifyDigest(publicKey, other, theirs), false);
    assert.equal(ecdsaVerifyDigest(publicKey, digest, Buffer.from('garbage')), false);
  });
}

test('a high-S signature (valid for OpenSSL) verifies', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const digest = createHash('sha256').update('m').digest();
  // Signing until one has s > n/2 shows the verifier does not reject what OpenSSL accepts.
  const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
  for (let i = 0; i < 64; i++) {
    const sig = sign('sha256', Buffer.from('m'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    if (BigInt(`0x${sig.subarray(32).toString('hex')}`) <= n / 2n) continue;
    const asDer = derOf(sig.subarray(0, 32), sig.subarray(32));
    assert.ok(verify('sha256', Buffer.from('m'), { key: publicKey, dsaEncoding: 'der' }, asDer));
    assert.ok(ecdsaVerifyDigest(publicKey, digest, asDer));
    return;
  }
  assert.fail('no high-S signature in 64 tries');
});

/** DER SEQUENCE of two INTEGERs (test helper: lengths here are always short form). */
function derOf(r: Buffer, s: Buffer): Buffer {
  const int = (b: Buffer) => {
    let v = b;
    while (v.length > 1 && v[0] === 0 && !(v[1] & 0x80)) v = v.subarray(1);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([2, v.length]), v]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
