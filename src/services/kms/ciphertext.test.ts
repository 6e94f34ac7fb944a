// Unit tests for the ciphertext blob: round trips, context binding, tamper detection, header parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { canonicalContext, openBlob, readBlobHeader, sealBlob } from './ciphertext.js';

const material = randomBytes(32);
const keyId = randomUUID();

test('a blob opens under the same material and context and names its key and version', () => {
  const blob = sealBlob(material, { keyId, version: 7 }, Buffer.from('secret'), { b: '2', a: '1' });
  assert.deepEqual(readBlobHeader(blob), { keyId, version: 7 });
  assert.equal(openBlob(material, blob, { a: '1', b: '2' })?.toString(), 'secret');
});

test('multi-region key ids survive the header', () => {
  const mrk = `mrk-${randomBytes(16).toString('hex')}`;
  assert.equal(readBlobHeader(sealBlob(material, { keyId: mrk, version: 1 }, Buffer.alloc(0), undefined))?.keyId, mrk);
});

test('a different or missing context, other material, or any flipped byte fails', () => {
  const blob = sealBlob(material, { keyId, version: 1 }, Buffer.from('secret'), { a: '1' });
  assert.equal(openBlob(material, blob, undefined), undefined);
  assert.equal(openBlob(material, blob, { a: '2' }), undefined);
  assert.equal(openBlob(randomBytes(32), blob, { a: '1' }), undefined);
  for (let i = 0; i < blob.length; i++) {
    const bad = Buffer.from(blob);
    bad[i] ^= 0x01;
    assert.equal(openBlob(material, bad, { a: '1' }), undefined, `byte ${i}`);
  }
});

test('the canonical context is order-free and unambiguous; empty equals absent', () => {
  assert.deepEqual(canonicalContext({ x: '1', y: '2' }), canonicalContext({ y: '2', x: '1' }));
  assert.notDeepEqual(canonicalContext({ a: 'b' }), canonicalContext({ ab: '' }));
  assert.deepEqual(canonicalContext({}), canonicalContext(undefined));
});

test('garbage is not a blob', () => {
  assert.equal(readBlobHeader(randomBytes(10)), undefined);
  assert.equal(readBlobHeader(Buffer.alloc(80, 9)), undefined);
});
