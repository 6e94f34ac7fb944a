// Unit tests for key spec facts: usages, algorithm lists and the RSA-OAEP plaintext limits AWS states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { algorithmsFor, KEY_SPECS, rsaOaepMaxPlaintext } from './specs.js';

test('RSA-OAEP limits match the messages AWS records', () => {
  const expected: [string, string, number][] = [
    ['RSA_2048', 'RSAES_OAEP_SHA_1', 214],
    ['RSA_2048', 'RSAES_OAEP_SHA_256', 190],
    ['RSA_3072', 'RSAES_OAEP_SHA_1', 342],
    ['RSA_3072', 'RSAES_OAEP_SHA_256', 318],
    ['RSA_4096', 'RSAES_OAEP_SHA_1', 470],
    ['RSA_4096', 'RSAES_OAEP_SHA_256', 446],
  ];
  for (const [spec, algorithm, limit] of expected)
    assert.equal(rsaOaepMaxPlaintext(spec, algorithm), limit, `${spec} ${algorithm}`);
});

test('algorithm lists follow spec and usage', () => {
  assert.deepEqual(algorithmsFor('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'), {
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
  });
  assert.deepEqual(algorithmsFor('RSA_4096', 'ENCRYPT_DECRYPT'), {
    EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
  });
  assert.deepEqual(algorithmsFor('ECC_NIST_P521', 'SIGN_VERIFY'), { SigningAlgorithms: ['ECDSA_SHA_512'] });
  assert.deepEqual(algorithmsFor('HMAC_224', 'GENERATE_VERIFY_MAC'), { MacAlgorithms: ['HMAC_SHA_224'] });
  assert.equal(algorithmsFor('RSA_2048', 'SIGN_VERIFY').SigningAlgorithms?.length, 6);
});

test('only valid usages are listed per spec', () => {
  assert.deepEqual(KEY_SPECS.SYMMETRIC_DEFAULT.usages, ['ENCRYPT_DECRYPT']);
  assert.deepEqual(KEY_SPECS.RSA_3072.usages, ['ENCRYPT_DECRYPT', 'SIGN_VERIFY']);
  assert.deepEqual(KEY_SPECS.ECC_SECG_P256K1.usages, ['SIGN_VERIFY']);
  assert.deepEqual(KEY_SPECS.HMAC_512.usages, ['GENERATE_VERIFY_MAC']);
  for (const spec of ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521']) {
    assert.deepEqual(KEY_SPECS[spec]?.usages, ['SIGN_VERIFY', 'KEY_AGREEMENT'], spec);
  }
});

test('key agreement keys list ECDH', () => {
  assert.deepEqual(algorithmsFor('ECC_NIST_P384', 'KEY_AGREEMENT'), { KeyAgreementAlgorithms: ['ECDH'] });
});
