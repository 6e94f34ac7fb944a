// Unit tests for the authorization exports on every store backend: key lookup, grants and condition keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime, rootIdentity } from '../../../test/helpers/test-context.js';
import { grantAllows, keyArnOfCiphertext, keyPolicyFor, kmsConditionKeys } from './authz.js';
import { createKey } from './key-handlers.js';
import { createAlias } from './alias-handlers.js';
import { createGrant } from './grant-handlers.js';
import { decrypt, encrypt } from './crypto-handlers.js';
import { constraintsHold, granteeMatches } from './grants.js';

for (const backend of storeBackends()) {
  describe(`KMS on ${backend.name}`, { skip: backend.skip }, () => {
    test('keys, aliases, grants and symmetric encryption work on this backend', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const ctx = makeTestContext({ runtime, service: 'kms', operation: 'CreateKey', region: 'us-east-1' });
        const key = (await createKey(ctx, { Description: 'd' })).KeyMetadata;
        assert.ok(key?.Arn);
        await createAlias(ctx, { AliasName: 'alias/app', TargetKeyId: key.KeyId });
        const found = await keyPolicyFor(store.db, '123456789012', 'alias/app', 'us-east-1', 'aws');
        assert.equal(found?.keyArn, key.Arn);
        assert.equal(found?.keySpec, 'SYMMETRIC_DEFAULT');
        assert.equal(found?.keyUsage, 'ENCRYPT_DECRYPT');
        assert.match(found?.policy ?? '', /Enable IAM User Permissions/);
        assert.equal(await keyPolicyFor(store.db, '123456789012', key.KeyId, 'eu-west-1', 'aws'), undefined);

        await createGrant(ctx, {
          KeyId: key.KeyId,
          GranteePrincipal: 'arn:aws:iam::123456789012:role/R',
          Operations: ['Decrypt'],
          Constraints: { EncryptionContextEquals: { a: '1' } },
        });
        assert.equal(
          await grantAllows(store.db, key.Arn, 'arn:aws:iam::123456789012:role/R', 'Decrypt', { a: '1' }),
          true,
        );
        assert.equal(
          await grantAllows(store.db, key.Arn, 'arn:aws:iam::123456789012:role/R', 'Decrypt', { a: '1', b: '2' }),
          false,
        );

        const sealed = await encrypt(ctx, {
          KeyId: 'alias/app',
          Plaintext: Buffer.from('pg'),
          EncryptionContext: { a: '1' },
        });
        const opened = await decrypt(ctx, { CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { a: '1' } });
        assert.equal(Buffer.from(opened.Plaintext as Uint8Array).toString(), 'pg');
        assert.equal(
          await keyArnOfCiphertext(store.db, sealed.CiphertextBlob as Uint8Array, 'us-east-1', 'aws'),
          key.Arn,
        );
        assert.equal(await keyArnOfCiphertext(store.db, Buffer.from('junk'), 'us-east-1', 'aws'), undefined);
        // The material is stored only wrapped: its bytes never appear in the table.
        const rows = await (store.db as any).selectFrom('kms_key_materials').selectAll().execute();
        assert.equal(rows.length, 1);
        assert.match(rows[0].material_wrapped, /^v1\./);
      } finally {
        await store.close();
      }
    });
  });
}

test('grantee matching covers the sessions of a role, not other roles', () => {
  assert.ok(granteeMatches('arn:aws:iam::1:role/x', 'arn:aws:iam::1:role/x'));
  assert.ok(granteeMatches('arn:aws:iam::111122223333:role/path/App', 'arn:aws:sts::111122223333:assumed-role/App/s'));
  assert.equal(
    granteeMatches('arn:aws:iam::111122223333:role/Apps', 'arn:aws:sts::111122223333:assumed-role/App/s'),
    false,
  );
  assert.equal(
    granteeMatches('arn:aws:iam::999999999999:role/App', 'arn:aws:sts::111122223333:assumed-role/App/s'),
    false,
  );
});

test('grant constraints: Equals is exact, Subset needs each pair', () => {
  assert.ok(constraintsHold(null, undefined));
  assert.ok(constraintsHold({ EncryptionContextEquals: { a: '1' } }, { a: '1' }));
  assert.equal(constraintsHold({ EncryptionContextEquals: { a: '1' } }, { a: '1', b: '2' }), false);
  assert.ok(constraintsHold({ EncryptionContextSubset: { a: '1' } }, { a: '1', b: '2' }));
  assert.equal(constraintsHold({ EncryptionContextSubset: { a: '1' } }, undefined), false);
});

test('condition keys describe the request and the key', () => {
  const caller = rootIdentity('111122223333');
  const keys = kmsConditionKeys(
    'Encrypt',
    { KeyId: 'alias/app', EncryptionContext: { Department: 'IT', Project: 'x' } },
    { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS' },
    caller,
  );
  assert.deepEqual(keys, {
    'kms:CallerAccount': '111122223333',
    'kms:KeySpec': 'SYMMETRIC_DEFAULT',
    'kms:KeyUsage': 'ENCRYPT_DECRYPT',
    'kms:CustomerMasterKeySpec': 'SYMMETRIC_DEFAULT',
    'kms:CustomerMasterKeyUsage': 'ENCRYPT_DECRYPT',
    'kms:KeyOrigin': 'AWS_KMS',
    'kms:EncryptionContext:Department': 'IT',
    'kms:EncryptionContext:Project': 'x',
    'kms:EncryptionContextKeys': ['Department', 'Project'],
    'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT',
    'kms:RequestAlias': 'alias/app',
  });
  const grant = kmsConditionKeys(
    'CreateGrant',
    {
      KeyId: 'k',
      GranteePrincipal: 'arn:aws:iam::1:role/R',
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextSubset: { a: '1' } },
    },
    { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
    caller,
  );
  assert.deepEqual(grant['kms:GrantOperations'], ['Decrypt']);
  assert.equal(grant['kms:GranteePrincipal'], 'arn:aws:iam::1:role/R');
  assert.deepEqual(grant['kms:GrantConstraintType'], ['EncryptionContextSubset']);
  assert.equal(grant['kms:EncryptionContext:a'], '1');
  const sign = kmsConditionKeys(
    'Sign',
    { SigningAlgorithm: 'ECDSA_SHA_256' },
    { keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' },
    caller,
  );
  assert.equal(sign['kms:SigningAlgorithm'], 'ECDSA_SHA_256');
  assert.equal(sign['kms:MessageType'], 'RAW');
  assert.equal(sign['kms:EncryptionAlgorithm'], undefined);
});

test("a key's tags, aliases and multi-Region role, and the multi-Region and key-agreement request keys", () => {
  const caller = rootIdentity('111122223333');
  const key = {
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    multiRegion: true,
    multiRegionKeyType: 'REPLICA' as const,
  };
  const labelled = kmsConditionKeys('Encrypt', { KeyId: 'k' }, key, caller, {
    tags: { project: 'alpha' },
    aliases: ['alias/a', 'alias/b'],
  });
  assert.equal(labelled['aws:ResourceTag/project'], 'alpha');
  assert.deepEqual(labelled['kms:ResourceAliases'], ['alias/a', 'alias/b']);
  assert.equal(labelled['kms:MultiRegion'], 'true');
  assert.equal(labelled['kms:MultiRegionKeyType'], 'REPLICA');
  // No aliases: the key is absent (ForAnyValue fails, ForAllValues holds), as for a key without any.
  const bare = kmsConditionKeys('Encrypt', { KeyId: 'k' }, key, caller, { tags: {}, aliases: [] });
  assert.equal(bare['kms:ResourceAliases'], undefined);
  assert.equal(
    Object.keys(bare).some((k) => k.startsWith('aws:ResourceTag/')),
    false,
  );
  assert.equal(bare['kms:ViaService'], undefined, 'no Warden service calls KMS on a principal’s behalf');
  assert.equal(
    kmsConditionKeys('ReplicateKey', { KeyId: 'k', ReplicaRegion: 'eu-west-1' }, key, caller)['kms:ReplicaRegion'],
    'eu-west-1',
  );
  assert.equal(
    kmsConditionKeys('UpdatePrimaryRegion', { KeyId: 'k', PrimaryRegion: 'eu-west-1' }, key, caller)[
      'kms:PrimaryRegion'
    ],
    'eu-west-1',
  );
  const derive = kmsConditionKeys(
    'DeriveSharedSecret',
    { KeyId: 'k', KeyAgreementAlgorithm: 'ECDH' },
    { keySpec: 'ECC_NIST_P256', keyUsage: 'KEY_AGREEMENT' },
    caller,
  );
  assert.equal(derive['kms:KeyAgreementAlgorithm'], 'ECDH');
});
