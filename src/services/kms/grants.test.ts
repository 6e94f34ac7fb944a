// Grants made under a grant: only narrower ones; and which operations a grant's constraints bind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintsApply, narrowsGrant } from './grants.js';

const PARENT_OPS = ['CreateGrant', 'Decrypt', 'GenerateDataKey'];

test('child operations must be a subset of the parent grant’s', () => {
  assert.ok(narrowsGrant(PARENT_OPS, null, { operations: ['Decrypt'], constraints: null }));
  assert.ok(narrowsGrant(PARENT_OPS, null, { operations: PARENT_OPS, constraints: { EncryptionContextSubset: {} } }));
  assert.equal(narrowsGrant(PARENT_OPS, null, { operations: ['Decrypt', 'Encrypt'], constraints: null }), false);
  assert.equal(narrowsGrant(PARENT_OPS, null, { operations: ['ReEncryptFrom'], constraints: null }), false);
});

test('a Subset parent: the child must demand each of its pairs (Subset or Equals)', () => {
  const parent = { EncryptionContextSubset: { tenant: 'a' } };
  const child = (constraints: object | null) => ({ operations: ['Decrypt'], constraints });
  assert.equal(narrowsGrant(PARENT_OPS, parent, child(null)), false);
  assert.equal(narrowsGrant(PARENT_OPS, parent, child({})), false);
  assert.equal(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextSubset: { tenant: 'b' } })), false);
  assert.equal(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextSubset: { Tenant: 'a' } })), false);
  assert.ok(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextSubset: { tenant: 'a', env: 'x' } })));
  assert.ok(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextEquals: { tenant: 'a' } })));
  // A pair inherited from Object.prototype is no pair.
  assert.equal(
    narrowsGrant(PARENT_OPS, { EncryptionContextSubset: { constructor: 'x' } }, child({ EncryptionContextSubset: {} })),
    false,
  );
});

test('an Equals parent: the child must keep the same Equals map; a SourceArn must be kept', () => {
  const parent = { EncryptionContextEquals: { tenant: 'a' } };
  const child = (constraints: object | null) => ({ operations: ['Decrypt'], constraints });
  assert.ok(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextEquals: { tenant: 'a' } })));
  assert.equal(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextSubset: { tenant: 'a' } })), false);
  assert.equal(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextEquals: { tenant: 'a', b: '1' } })), false);
  assert.equal(narrowsGrant(PARENT_OPS, parent, child({ EncryptionContextEquals: {} })), false);
  const source = { SourceArn: 'arn:aws:s3:::bucket' };
  assert.equal(narrowsGrant(PARENT_OPS, source, child(null)), false);
  assert.ok(narrowsGrant(PARENT_OPS, source, child({ SourceArn: 'arn:aws:s3:::bucket' })));
});

test('constraints bind cryptographic operations, not DescribeKey, RetireGrant or (differently) CreateGrant', () => {
  for (const op of ['Encrypt', 'Decrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'Sign']) {
    assert.ok(constraintsApply(op), op);
  }
  for (const op of ['DescribeKey', 'RetireGrant', 'CreateGrant']) assert.equal(constraintsApply(op), false, op);
});
