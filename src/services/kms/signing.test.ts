// Unit tests for signing: raw and digest signatures interoperate with node:crypto's own verification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, verify } from 'node:crypto';
import { signMessage, verifyMessage } from './signing.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const message = Buffer.from('the message');

for (const [algorithm, hash] of [
  ['RSASSA_PSS_SHA_256', 'sha256'],
  ['RSASSA_PSS_SHA_512', 'sha512'],
  ['RSASSA_PKCS1_V1_5_SHA_384', 'sha384'],
] as const) {
  test(`${algorithm}: a signature over the digest verifies as one over the message, and vice versa`, () => {
    const digest = createHash(hash).update(message).digest();
    const overDigest = signMessage(rsa.privateKey, { algorithm, message: digest, isDigest: true });
    const pss = algorithm.includes('PSS')
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length }
      : {};
    assert.ok(verify(hash, message, { key: rsa.publicKey, ...pss }, overDigest));
    const overMessage = signMessage(rsa.privateKey, { algorithm, message, isDigest: false });
    assert.ok(verifyMessage(rsa.publicKey, { algorithm, message: digest, isDigest: true }, overMessage));
    assert.ok(verifyMessage(rsa.publicKey, { algorithm, message, isDigest: false }, overDigest));
    const bad = Buffer.from(overMessage);
    bad[10] ^= 1;
    assert.equal(verifyMessage(rsa.publicKey, { algorithm, message: digest, isDigest: true }, bad), false);
  });
}

test('ECDSA over a digest verifies as a signature over the message', () => {
  const digest = createHash('sha256').update(message).digest();
  const sig = signMessage(ec.privateKey, { algorithm: 'ECDSA_SHA_256', message: digest, isDigest: true });
  assert.ok(verify('sha256', message, { key: ec.publicKey, dsaEncoding: 'der' }, sig));
  assert.ok(verifyMessage(ec.publicKey, { algorithm: 'ECDSA_SHA_256', message: digest, isDigest: true }, sig));
});

test('ECDSA raw signatures are DER and verify; a wrong message does not', () => {
  const sig = signMessage(ec.privateKey, { algorithm: 'ECDSA_SHA_256', message, isDigest: false });
  assert.equal(sig[0], 0x30);
  assert.ok(verifyMessage(ec.publicKey, { algorithm: 'ECDSA_SHA_256', message, isDigest: false }, sig));
  assert.equal(
    verifyMessage(ec.publicKey, { algorithm: 'ECDSA_SHA_256', message: Buffer.from('x'), isDigest: false }, sig),
    false,
  );
});
