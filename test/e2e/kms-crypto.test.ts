// KMS cryptography end to end with SDK v3: symmetric and RSA encryption, data keys, signatures, MACs, rotation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  publicEncrypt,
  verify,
} from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetKeyRotationStatusCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListKeyRotationsCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    // AWS sends no message for some errors (InvalidCiphertext, KMSInvalidSignature); SDK v3 then shows 'UnknownError'.
    if (message === '') assert.ok(err.message === '' || err.message === 'UnknownError', err.message);
    else if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

describe('KMS cryptography end to end', () => {
  let w: TestWarden;
  let kms: KMSClient;

  before(async () => {
    w = await startWarden();
    kms = new KMSClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  const newKey = async (KeySpec?: KeySpec, KeyUsage?: KeyUsageType) =>
    (await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))).KeyMetadata as { KeyId: string; Arn: string };

  test('Encrypt/Decrypt round trip; the encryption context is bound; Decrypt finds the key from the blob', async () => {
    const key = await newKey();
    const context = { purpose: 'test', user: 'alice' };
    const enc = await kms.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('hello'), EncryptionContext: context }),
    );
    assert.equal(enc.KeyId, key.Arn);
    assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.ok(!Buffer.from(enc.CiphertextBlob as Uint8Array).includes(Buffer.from('hello')));
    const dec = await kms.send(
      new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { user: 'alice', purpose: 'test' } }),
    );
    assert.equal(Buffer.from(dec.Plaintext as Uint8Array).toString(), 'hello');
    assert.equal(dec.KeyId, key.Arn);
    assert.match(dec.KeyMaterialId ?? '', /^[0-9a-f]{64}$/);
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })),
      'InvalidCiphertextException',
      '',
    );
    await rejectsWith(
      kms.send(
        new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'test', user: 'bob' } }),
      ),
      'InvalidCiphertextException',
      '',
    );
    const tampered = Buffer.from(enc.CiphertextBlob as Uint8Array);
    tampered[tampered.length - 1] ^= 1;
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })),
      'InvalidCiphertextException',
      '',
    );
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a ciphertext') })),
      'InvalidCiphertextException',
      '',
    );
    const other = await newKey();
    await rejectsWith(
      kms.send(
        new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context, KeyId: other.KeyId }),
      ),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  });

  test('plaintext over 4096 bytes is a ValidationException from the model', async () => {
    const key = await newKey();
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4097, 1) })),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  test('RSA encryption: OAEP SHA-1/SHA-256 round trips, size limits with AWS messages, ReEncrypt to symmetric', async () => {
    const key = await newKey('RSA_3072', 'ENCRYPT_DECRYPT');
    await rejectsWith(
      kms.send(
        new EncryptCommand({
          KeyId: key.KeyId,
          Plaintext: Buffer.alloc(343, 1),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        }),
      ),
      'ValidationException',
      'Algorithm RSAES_OAEP_SHA_1 and key spec RSA_3072 cannot encrypt data larger than 342 bytes.',
    );
    await rejectsWith(
      kms.send(
        new EncryptCommand({
          KeyId: key.KeyId,
          Plaintext: Buffer.alloc(319, 1),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      ),
      'ValidationException',
      'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_3072 cannot encrypt data larger than 318 bytes.',
    );
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })),
      'InvalidKeyUsageException',
      'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_3072.',
    );
    const enc = await kms.send(
      new EncryptCommand({
        KeyId: key.KeyId,
        Plaintext: Buffer.alloc(342, 7),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      }),
    );
    const dec = await kms.send(
      new DecryptCommand({
        KeyId: key.KeyId,
        CiphertextBlob: enc.CiphertextBlob,
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      }),
    );
    assert.deepEqual(Buffer.from(dec.Plaintext as Uint8Array), Buffer.alloc(342, 7));
    // Ciphertext made locally with GetPublicKey's key decrypts in KMS.
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(pub.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    const publicKey = createPublicKey({ key: Buffer.from(pub.PublicKey as Uint8Array), format: 'der', type: 'spki' });
    const local = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from('local'),
    );
    const fromLocal = await kms.send(
      new DecryptCommand({ KeyId: key.Arn, CiphertextBlob: local, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
    );
    assert.equal(Buffer.from(fromLocal.Plaintext as Uint8Array).toString(), 'local');
    const sym = await newKey();
    const re = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob: local,
        SourceKeyId: key.KeyId,
        SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        DestinationKeyId: sym.KeyId,
        DestinationEncryptionContext: { a: 'b' },
      }),
    );
    assert.equal(re.SourceKeyId, key.Arn);
    assert.equal(re.KeyId, sym.Arn);
    assert.equal(re.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const back = await kms.send(
      new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { a: 'b' } }),
    );
    assert.equal(Buffer.from(back.Plaintext as Uint8Array).toString(), 'local');
  });

  test('GenerateDataKey (+WithoutPlaintext): the blob decrypts to the plaintext key; context is bound', async () => {
    const key = await newKey();
    const dk = await kms.send(
      new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { k: 'v' } }),
    );
    assert.equal((dk.Plaintext as Uint8Array).length, 32);
    const dec = await kms.send(
      new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { k: 'v' } }),
    );
    assert.deepEqual(Buffer.from(dec.Plaintext as Uint8Array), Buffer.from(dk.Plaintext as Uint8Array));
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob })),
      'InvalidCiphertextException',
      '',
    );
    const n = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 7 }));
    assert.equal((n.Plaintext as Uint8Array).length, 7);
    const wo = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, KeySpec: 'AES_128' }));
    assert.equal((wo as any).Plaintext, undefined);
    const d2 = await kms.send(new DecryptCommand({ CiphertextBlob: wo.CiphertextBlob }));
    assert.equal((d2.Plaintext as Uint8Array).length, 16);
    await rejectsWith(
      kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId })),
      'ValidationException',
      'Please specify either number of bytes or key spec.',
    );
  });

  test('GenerateDataKeyPair (+WithoutPlaintext): DER PKCS#8/SPKI keys; the sealed private key decrypts', async () => {
    const key = await newKey();
    const pair = await kms.send(
      new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: { a: '1' } }),
    );
    const priv = createPrivateKey({
      key: Buffer.from(pair.PrivateKeyPlaintext as Uint8Array),
      format: 'der',
      type: 'pkcs8',
    });
    const pub = createPublicKey({ key: Buffer.from(pair.PublicKey as Uint8Array), format: 'der', type: 'spki' });
    assert.deepEqual(
      createPublicKey(priv).export({ type: 'spki', format: 'der' }),
      pub.export({ type: 'spki', format: 'der' }),
    );
    const dec = await kms.send(
      new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob, EncryptionContext: { a: '1' } }),
    );
    assert.deepEqual(Buffer.from(dec.Plaintext as Uint8Array), Buffer.from(pair.PrivateKeyPlaintext as Uint8Array));
    const wo = await kms.send(
      new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.KeyId, KeyPairSpec: 'RSA_2048' }),
    );
    assert.equal(wo.KeyPairSpec, 'RSA_2048');
    assert.equal(
      createPublicKey({ key: Buffer.from(wo.PublicKey as Uint8Array), format: 'der', type: 'spki' }).asymmetricKeyType,
      'rsa',
    );
    await rejectsWith(
      kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: 'RSA_2048', DryRun: true })),
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    );
  });

  test('GenerateRandom: 1..1024 bytes', async () => {
    assert.equal(
      ((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext as Uint8Array).length,
      1024,
    );
    await rejectsWith(kms.send(new GenerateRandomCommand({})), 'ValidationException', 'NumberOfBytes is required.');
    await rejectsWith(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })),
      'ValidationException',
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  for (const [spec, algorithm, hash] of [
    ['RSA_2048', 'RSASSA_PSS_SHA_256', 'sha256'],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_384', 'sha384'],
    ['ECC_NIST_P256', 'ECDSA_SHA_256', 'sha256'],
    ['ECC_NIST_P384', 'ECDSA_SHA_384', 'sha384'],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'sha256'],
  ] as const) {
    test(`Sign/Verify ${spec} ${algorithm}: verifies locally with GetPublicKey's DER key`, async () => {
      const key = await newKey(spec, 'SIGN_VERIFY');
      const message = Buffer.from('message to sign');
      const signed = await kms.send(
        new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: algorithm }),
      );
      assert.equal(signed.SigningAlgorithm, algorithm);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      assert.equal(pub.KeySpec, spec);
      const publicKey = createPublicKey({ key: Buffer.from(pub.PublicKey as Uint8Array), format: 'der', type: 'spki' });
      const options = algorithm.includes('PSS')
        ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : algorithm.startsWith('ECDSA')
          ? { key: publicKey, dsaEncoding: 'der' as const }
          : publicKey;
      assert.ok(verify(hash, message, options, Buffer.from(signed.Signature as Uint8Array)));
      const ok = await kms.send(
        new VerifyCommand({
          KeyId: key.KeyId,
          Message: message,
          Signature: signed.Signature,
          SigningAlgorithm: algorithm,
        }),
      );
      assert.equal(ok.SignatureValid, true);
      await rejectsWith(
        kms.send(
          new VerifyCommand({
            KeyId: key.KeyId,
            Message: Buffer.from('other'),
            Signature: signed.Signature,
            SigningAlgorithm: algorithm,
          }),
        ),
        'KMSInvalidSignatureException',
        '',
      );
      await rejectsWith(
        kms.send(
          new SignCommand({
            KeyId: key.KeyId,
            Message: Buffer.from('short'),
            MessageType: 'DIGEST',
            SigningAlgorithm: algorithm,
          }),
        ),
        'ValidationException',
        `Digest is invalid length for algorithm ${algorithm}.`,
      );
      {
        const digest = createHash(hash).update(message).digest();
        const overDigest = await kms.send(
          new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }),
        );
        assert.ok(verify(hash, message, options, Buffer.from(overDigest.Signature as Uint8Array)));
        const v = await kms.send(
          new VerifyCommand({
            KeyId: key.KeyId,
            Message: digest,
            MessageType: 'DIGEST',
            Signature: signed.Signature,
            SigningAlgorithm: algorithm,
          }),
        );
        assert.equal(v.SignatureValid, true);
      }
    });
  }

  test('key usage errors name the key, its usage and the operation', async () => {
    const sym = await newKey();
    const mac = await newKey('HMAC_256', 'GENERATE_VERIFY_MAC');
    const signing = await newKey('ECC_NIST_P256', 'SIGN_VERIFY');
    await rejectsWith(
      kms.send(new GenerateMacCommand({ KeyId: sym.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' })),
      'InvalidKeyUsageException',
      `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    );
    await rejectsWith(
      kms.send(new SignCommand({ KeyId: mac.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
      'InvalidKeyUsageException',
      `${mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`,
    );
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: signing.KeyId, Plaintext: Buffer.from('m') })),
      'InvalidKeyUsageException',
      `${signing.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    );
    const enc = await kms.send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: Buffer.from('m') }));
    await rejectsWith(
      kms.send(new DecryptCommand({ KeyId: signing.KeyId, CiphertextBlob: enc.CiphertextBlob })),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  });

  test('GenerateMac/VerifyMac: real HMAC; wrong MAC and wrong algorithm fail as AWS says', async () => {
    const key = await newKey('HMAC_384', 'GENERATE_VERIFY_MAC');
    const message = Buffer.from('some important message');
    const mac = await kms.send(
      new GenerateMacCommand({ KeyId: key.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_384' }),
    );
    assert.equal((mac.Mac as Uint8Array).length, 48);
    const ok = await kms.send(
      new VerifyMacCommand({ KeyId: key.KeyId, Message: message, Mac: mac.Mac, MacAlgorithm: 'HMAC_SHA_384' }),
    );
    assert.equal(ok.MacValid, true);
    await rejectsWith(
      kms.send(
        new VerifyMacCommand({
          KeyId: key.KeyId,
          Message: Buffer.from('different'),
          Mac: mac.Mac,
          MacAlgorithm: 'HMAC_SHA_384',
        }),
      ),
      'KMSInvalidMacException',
      '',
    );
    await rejectsWith(
      kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
      'InvalidKeyUsageException',
      'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_384.',
    );
    await rejectsWith(
      kms.send(new GenerateMacCommand({ KeyId: 'key_id', Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
      'NotFoundException',
      "Invalid keyId 'key_id'",
    );
    // Two keys never produce the same MAC: the material is per key.
    const other = await newKey('HMAC_384', 'GENERATE_VERIFY_MAC');
    const otherMac = await kms.send(
      new GenerateMacCommand({ KeyId: other.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_384' }),
    );
    assert.notDeepEqual(Buffer.from(otherMac.Mac as Uint8Array), Buffer.from(mac.Mac as Uint8Array));
    assert.notDeepEqual(
      Buffer.from(mac.Mac as Uint8Array),
      createHmac('sha384', Buffer.alloc(48)).update(message).digest(),
    );
  });

  test('rotation: settings and status, on-demand rotation keeps old ciphertexts decryptable, automatic rotation when due', async () => {
    const key = await newKey();
    const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('old') }));
    const oldMaterial = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata
      ?.CurrentKeyMaterialId;
    let status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    assert.equal(status.KeyRotationEnabled, false);
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 90);
    const days = ((status.NextRotationDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    assert.ok(days > 89.9 && days <= 90);
    await rejectsWith(
      kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 89 })),
      'ValidationException',
      /Value '89' at 'rotationPeriodInDays'/,
    );

    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const newMaterial = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata
      ?.CurrentKeyMaterialId;
    assert.notEqual(newMaterial, oldMaterial);
    const after = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('new') }));
    const oldDec = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    assert.equal(Buffer.from(oldDec.Plaintext as Uint8Array).toString(), 'old');
    assert.equal(oldDec.KeyMaterialId, oldMaterial);
    const newDec = await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }));
    assert.equal(newDec.KeyMaterialId, newMaterial);

    // Automatic rotation happens on the first use after it falls due.
    await (w.warden.runtime.store.db as any)
      .updateTable('kms_keys')
      .set({ next_rotation_at: Date.now() - 1 })
      .where('key_id', '=', key.KeyId)
      .execute();
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    assert.deepEqual(
      rotations.Rotations?.map((r) => r.RotationType),
      ['ON_DEMAND', 'AUTOMATIC'],
    );
    const next =
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).NextRotationDate?.getTime() ?? 0;
    assert.ok(next > Date.now() + 89 * 86_400_000);
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    assert.equal(status.KeyRotationEnabled, false);
    assert.equal(status.NextRotationDate, undefined);

    const rsa = await newKey('RSA_2048', 'SIGN_VERIFY');
    await rejectsWith(kms.send(new EnableKeyRotationCommand({ KeyId: rsa.KeyId })), 'UnsupportedOperationException');
    await rejectsWith(kms.send(new RotateKeyOnDemandCommand({ KeyId: rsa.KeyId })), 'UnsupportedOperationException');
  });
});
