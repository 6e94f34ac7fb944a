// KMS imported key material, key policies and grants end to end with SDK v3.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  constants,
  createCipheriv,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListRetirableGrantsCommand,
  PutKeyPolicyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { grantAllows, keyPolicyFor } from '../../src/services/kms/authz.js';

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    if (message === '') assert.ok(err.message === '' || err.message === 'UnknownError', err.message);
    else if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

/** Wraps material as a caller would for ImportKeyMaterial. */
function wrapForImport(publicKeyDer: Uint8Array, algorithm: string, material: Buffer): Buffer {
  const publicKey = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaepHash = algorithm.endsWith('SHA_256') ? 'sha256' : 'sha1';
  const oaep = { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash };
  if (algorithm.startsWith('RSAES_OAEP')) return publicEncrypt(oaep, material);
  const aesKey = randomBytes(32);
  const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([publicEncrypt(oaep, aesKey), cipher.update(material), cipher.final()]);
}

describe('KMS imported material, key policies and grants end to end', () => {
  let w: TestWarden;
  let kms: KMSClient;
  const account = '123456789012';

  before(async () => {
    w = await startWarden();
    kms = new KMSClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  const importInto = async (keyId: string, material: Buffer, algorithm = 'RSAES_OAEP_SHA_256', extra: object = {}) => {
    const params = await kms.send(
      new GetParametersForImportCommand({
        KeyId: keyId,
        WrappingAlgorithm: algorithm as any,
        WrappingKeySpec: 'RSA_2048',
      }),
    );
    return kms.send(
      new ImportKeyMaterialCommand({
        KeyId: keyId,
        ImportToken: params.ImportToken,
        EncryptedKeyMaterial: wrapForImport(params.PublicKey as Uint8Array, algorithm, material),
        ...extra,
      }),
    );
  };

  test('symmetric import: parameters, import, encrypt, delete (→ PendingImport), re-import the same material', async () => {
    const key = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata as {
      KeyId: string;
      Arn: string;
    };
    const params = await kms.send(
      new GetParametersForImportCommand({
        KeyId: key.KeyId,
        WrappingAlgorithm: 'RSAES_OAEP_SHA_1',
        WrappingKeySpec: 'RSA_2048',
      }),
    );
    assert.equal(params.KeyId, key.Arn);
    const hours = ((params.ParametersValidTo?.getTime() ?? 0) - Date.now()) / 3_600_000;
    assert.ok(hours > 23.9 && hours <= 24);
    const material = randomBytes(32);
    await rejectsWith(
      kms.send(
        new ImportKeyMaterialCommand({
          KeyId: key.KeyId,
          ImportToken: params.ImportToken,
          EncryptedKeyMaterial: wrapForImport(params.PublicKey as Uint8Array, 'RSAES_OAEP_SHA_1', material),
          ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        }),
      ),
      'ValidationException',
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    );
    const imported = await kms.send(
      new ImportKeyMaterialCommand({
        KeyId: key.KeyId,
        ImportToken: params.ImportToken,
        EncryptedKeyMaterial: wrapForImport(params.PublicKey as Uint8Array, 'RSAES_OAEP_SHA_1', material),
      }),
    );
    assert.match(imported.KeyMaterialId ?? '', /^[0-9a-f]{64}$/);
    let meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(meta?.KeyState, 'Enabled');
    assert.equal(meta?.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
    assert.equal(meta?.CurrentKeyMaterialId, imported.KeyMaterialId);
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('imported') }));

    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    meta = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(meta?.KeyState, 'PendingImport');
    assert.equal(meta?.ExpirationModel, undefined);
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
    await rejectsWith(importInto(key.KeyId, randomBytes(32)), 'IncorrectKeyMaterialException');
    await importInto(key.KeyId, material, 'RSA_AES_KEY_WRAP_SHA_256');
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    assert.equal(Buffer.from(dec.Plaintext as Uint8Array).toString(), 'imported');
  });

  test('new imported material waits for RotateKeyOnDemand; old ciphertexts still decrypt', async () => {
    const key = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata as {
      KeyId: string;
      Arn: string;
    };
    await rejectsWith(
      kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
    const first = await importInto(key.KeyId, randomBytes(32));
    const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('before') }));
    await rejectsWith(
      kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })),
      'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${key.Arn}.`,
    );
    const second = await importInto(key.KeyId, randomBytes(32), 'RSAES_OAEP_SHA_256', {
      ImportType: 'NEW_KEY_MATERIAL',
    });
    await rejectsWith(
      importInto(key.KeyId, randomBytes(32), 'RSAES_OAEP_SHA_256', { ImportType: 'NEW_KEY_MATERIAL' }),
      'KMSInvalidStateException',
      new RegExp(`because another key material \\(id: ${second.KeyMaterialId}\\) is pending rotation\\.$`),
    );
    assert.equal(
      (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.CurrentKeyMaterialId,
      first.KeyMaterialId,
    );
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    assert.equal(
      (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.CurrentKeyMaterialId,
      second.KeyMaterialId,
    );
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    assert.equal(dec.KeyMaterialId, first.KeyMaterialId);
  });

  test('asymmetric import: an EC private key signs in KMS; AWS_KMS keys refuse import parameters', async () => {
    const key = (
      await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))
    ).KeyMetadata as { KeyId: string; Arn: string };
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    await importInto(key.KeyId, der, 'RSA_AES_KEY_WRAP_SHA_1');
    const signed = await kms.send(
      new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const { verify } = await import('node:crypto');
    assert.ok(
      verify(
        'sha256',
        Buffer.from('m'),
        { key: pair.publicKey, dsaEncoding: 'der' },
        Buffer.from(signed.Signature as Uint8Array),
      ),
    );
    const ok = await kms.send(
      new VerifyCommand({
        KeyId: key.KeyId,
        Message: Buffer.from('m'),
        Signature: signed.Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    assert.equal(ok.SignatureValid, true);
    const native = (await kms.send(new CreateKeyCommand({}))).KeyMetadata as { KeyId: string; Arn: string };
    await rejectsWith(
      kms.send(
        new GetParametersForImportCommand({
          KeyId: native.KeyId,
          WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
          WrappingKeySpec: 'RSA_2048',
        }),
      ),
      'UnsupportedOperationException',
      `${native.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
    // A cancelled deletion of a key without material returns it to PendingImport.
    const empty = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata as { KeyId: string };
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: empty.KeyId, PendingWindowInDays: 7 }));
    await kms.send(new CancelKeyDeletionCommand({ KeyId: empty.KeyId }));
    assert.equal(
      (await kms.send(new DescribeKeyCommand({ KeyId: empty.KeyId }))).KeyMetadata?.KeyState,
      'PendingImport',
    );
  });

  test('key policies: the default policy, PutKeyPolicy, malformed documents and the lockout safety check', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata as { KeyId: string };
    const got = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }));
    assert.equal(got.PolicyName, 'default');
    const policy = JSON.parse(got.Policy as string);
    assert.deepEqual(policy.Statement, [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ]);
    assert.deepEqual((await kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }))).PolicyNames, ['default']);
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:user/someone` },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ],
    });
    await rejectsWith(
      kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: lockout })),
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
    await rejectsWith(
      kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: '{not json' })),
      'MalformedPolicyDocumentException',
    );
    await kms.send(
      new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: lockout, BypassPolicyLockoutSafetyCheck: true }),
    );
    // As on AWS, the key policy binds the account's root user too: the bypassed check has locked it out.
    await rejectsWith(kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId })), 'AccessDeniedException');
    const stored = await keyPolicyFor(w.warden.runtime.store.db, account, key.KeyId, 'us-east-1', 'aws');
    assert.equal(stored?.policy, lockout);
    assert.equal(await keyPolicyFor(w.warden.runtime.store.db, account, 'alias/none', 'us-east-1', 'aws'), undefined);
  });

  test('grants: create (idempotent by name), list, retirable list, retire by token, revoke; constraints checked', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata as { KeyId: string; Arn: string };
    const grantee = `arn:aws:iam::${account}:role/app/Worker`;
    const retiring = `arn:aws:iam::${account}:user/retirer`;
    const created = await kms.send(
      new CreateGrantCommand({
        KeyId: key.KeyId,
        GranteePrincipal: grantee,
        RetiringPrincipal: retiring,
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
        Name: 'worker-grant',
      }),
    );
    assert.match(created.GrantId ?? '', /^[0-9a-f]{64}$/);
    assert.ok((created.GrantToken ?? '').length > 40);
    const again = await kms.send(
      new CreateGrantCommand({
        KeyId: key.KeyId,
        GranteePrincipal: grantee,
        RetiringPrincipal: retiring,
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
        Name: 'worker-grant',
      }),
    );
    assert.equal(again.GrantId, created.GrantId);
    const listed = await kms.send(new ListGrantsCommand({ KeyId: key.Arn }));
    assert.equal(listed.Grants?.length, 1);
    const g = listed.Grants?.[0];
    assert.equal(g?.KeyId, key.Arn);
    assert.equal(g?.GranteePrincipal, grantee);
    assert.equal(g?.IssuingAccount, `arn:aws:iam::${account}:root`);
    assert.deepEqual(g?.Operations, ['Encrypt', 'Decrypt']);
    assert.deepEqual(g?.Constraints, { EncryptionContextSubset: { tenant: 'a' } });
    assert.equal(
      (await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring }))).Grants?.[0]?.GrantId,
      created.GrantId,
    );

    const db = w.warden.runtime.store.db;
    const session = `arn:aws:sts::${account}:assumed-role/Worker/s1`;
    assert.equal(await grantAllows(db, key.Arn, session, 'Decrypt', { tenant: 'a', extra: 'x' }), true);
    assert.equal(await grantAllows(db, key.Arn, session, 'Decrypt', { tenant: 'b' }), false);
    assert.equal(await grantAllows(db, key.Arn, session, 'GenerateDataKey', { tenant: 'a' }), false);
    assert.equal(
      await grantAllows(db, key.Arn, `arn:aws:iam::${account}:role/Other`, 'Decrypt', { tenant: 'a' }),
      false,
    );

    await kms.send(new RetireGrantCommand({ GrantToken: created.GrantToken }));
    assert.equal((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants?.length, 0);
    assert.equal(await grantAllows(db, key.Arn, session, 'Decrypt', { tenant: 'a' }), false);

    const second = await kms.send(
      new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: grantee, Operations: ['Encrypt'] }),
    );
    await kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: second.GrantId }));
    await rejectsWith(
      kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: second.GrantId })),
      'NotFoundException',
    );
    await rejectsWith(kms.send(new RetireGrantCommand({ GrantToken: 'bogus' })), 'InvalidGrantTokenException');
  });
});
