// KMS key agreement end to end with SDK v3: DeriveSharedSecret cross-checked against node:crypto ECDH, its errors,
// the shared secret kept out of the trail; and ECDSA DIGEST signatures verified by node:crypto.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, verify } from 'node:crypto';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateKeyCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  type KeySpec,
} from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (message === '') assert.ok(err.message === '' || err.message === 'UnknownError', err.message);
    else if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

const CURVES: Readonly<Record<string, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
};

describe('KMS key agreement end to end', () => {
  let w: TestWarden;
  let kms: KMSClient;

  before(async () => {
    w = await startWarden();
    kms = new KMSClient(w.clientConfig);
  });
  after(async () => {
    kms.destroy();
    await w.stop();
  });

  async function agreementKey(spec: KeySpec) {
    const created = await kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'KEY_AGREEMENT' }));
    return created.KeyMetadata!;
  }

  for (const [spec, curve] of Object.entries(CURVES)) {
    test(`${spec}: the shared secret is node:crypto's ECDH with a locally made key pair, both ways`, async () => {
      const key = await agreementKey(spec as KeySpec);
      assert.deepEqual(key.KeyAgreementAlgorithms, ['ECDH']);
      assert.equal(key.KeyUsage, 'KEY_AGREEMENT');
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      assert.deepEqual(pub.KeyAgreementAlgorithms, ['ECDH']);
      assert.equal(pub.KeyUsage, 'KEY_AGREEMENT');
      assert.equal(pub.SigningAlgorithms, undefined);
      const local = generateKeyPairSync('ec', { namedCurve: curve });
      const derived = await kms.send(
        new DeriveSharedSecretCommand({
          KeyId: key.KeyId,
          KeyAgreementAlgorithm: 'ECDH',
          PublicKey: local.publicKey.export({ type: 'spki', format: 'der' }),
        }),
      );
      assert.equal(derived.KeyId, key.Arn);
      assert.equal(derived.KeyAgreementAlgorithm, 'ECDH');
      assert.equal(derived.KeyOrigin, 'AWS_KMS');
      const kmsPublic = createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' });
      const expected = diffieHellman({ privateKey: local.privateKey, publicKey: kmsPublic });
      assert.deepEqual(Buffer.from(derived.SharedSecret!), expected);
    });
  }

  test('two KMS keys derive the same secret from each other’s public keys', async () => {
    const a = await agreementKey('ECC_NIST_P256');
    const b = await agreementKey('ECC_NIST_P256');
    const pubA = (await kms.send(new GetPublicKeyCommand({ KeyId: a.KeyId }))).PublicKey!;
    const pubB = (await kms.send(new GetPublicKeyCommand({ KeyId: b.KeyId }))).PublicKey!;
    const ab = await kms.send(
      new DeriveSharedSecretCommand({ KeyId: a.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pubB }),
    );
    const ba = await kms.send(
      new DeriveSharedSecretCommand({ KeyId: b.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pubA }),
    );
    assert.deepEqual(Buffer.from(ab.SharedSecret!), Buffer.from(ba.SharedSecret!));
  });

  test('key specs and usages AWS refuses for key agreement, and unusable public keys', async () => {
    await rejectsWith(
      kms.send(new CreateKeyCommand({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'KEY_AGREEMENT' })),
      'ValidationException',
      'KeyUsage KEY_AGREEMENT is not compatible with KeySpec ECC_SECG_P256K1',
    );
    await rejectsWith(
      kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' })),
      'ValidationException',
      'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048',
    );
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })))
      .KeyMetadata!;
    const agreement = await agreementKey('ECC_NIST_P256');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    await rejectsWith(
      kms.send(new DeriveSharedSecretCommand({ KeyId: signing.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: p256 })),
      'InvalidKeyUsageException',
      `${signing.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
    );
    await rejectsWith(
      kms.send(
        new SignCommand({
          KeyId: agreement.KeyId,
          Message: Buffer.from('m'),
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
      'InvalidKeyUsageException',
      `${agreement.Arn} key usage is KEY_AGREEMENT which is not valid for Sign.`,
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    await rejectsWith(
      kms.send(
        new DeriveSharedSecretCommand({ KeyId: agreement.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: p384 }),
      ),
      'ValidationException',
      '',
    );
    await rejectsWith(
      kms.send(
        new DeriveSharedSecretCommand({
          KeyId: agreement.KeyId,
          KeyAgreementAlgorithm: 'ECDH',
          PublicKey: Buffer.from('InvalidPublicKey'),
        }),
      ),
      'ValidationException',
      '',
    );
    await rejectsWith(
      kms.send(
        new DeriveSharedSecretCommand({
          KeyId: agreement.KeyId,
          KeyAgreementAlgorithm: 'ECDH',
          PublicKey: p256,
          DryRun: true,
        }),
      ),
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    );
  });

  test('the shared secret never reaches the trail', async () => {
    const key = await agreementKey('ECC_NIST_P384');
    const local = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const derived = await kms.send(
      new DeriveSharedSecretCommand({
        KeyId: key.KeyId,
        KeyAgreementAlgorithm: 'ECDH',
        PublicKey: local.publicKey.export({ type: 'spki', format: 'der' }),
      }),
    );
    const secret = Buffer.from(derived.SharedSecret!);
    const ct = new CloudTrailClient(w.clientConfig);
    const events = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeriveSharedSecret' }],
      }),
    );
    ct.destroy();
    const records = (events.Events ?? []).map((e) => e.CloudTrailEvent ?? '');
    const mine = records.filter((r) => r.includes(key.Arn!));
    assert.equal(mine.length, 1);
    for (const encoding of ['base64', 'hex', 'base64url'] as const) {
      assert.ok(!mine[0]!.includes(secret.toString(encoding)), `secret in the trail as ${encoding}`);
    }
  });

  for (const [spec, hash, algorithm] of [
    ['ECC_NIST_P256', 'sha256', 'ECDSA_SHA_256'],
    ['ECC_NIST_P384', 'sha384', 'ECDSA_SHA_384'],
    ['ECC_NIST_P521', 'sha512', 'ECDSA_SHA_512'],
    ['ECC_SECG_P256K1', 'sha256', 'ECDSA_SHA_256'],
  ] as const) {
    test(`${spec}: a DIGEST signature verifies with node:crypto over the message`, async () => {
      const key = (await kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
      const described = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.equal(described.KeyMetadata?.KeyAgreementAlgorithms, undefined);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      const publicKey = createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' });
      const message = Buffer.from(`message for ${spec}`);
      const digest = createHash(hash).update(message).digest();
      const signed = await kms.send(
        new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }),
      );
      const signature = Buffer.from(signed.Signature!);
      assert.equal(signature[0], 0x30, 'DER');
      assert.ok(verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, signature));
      assert.equal(verify(hash, Buffer.from('other'), { key: publicKey, dsaEncoding: 'der' }, signature), false);
    });
  }
});
