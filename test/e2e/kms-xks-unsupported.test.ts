// E2E: what KMS does not do for a key in an external key store (its one external key is the key manager's): no
// automatic or on-demand rotation (nor a rotation status), no imported material, no multi-Region keys, no data key pairs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GenerateDataKeyPairCommand,
  GetKeyRotationStatusCommand,
  GetParametersForImportCommand,
  KMSClient,
  ListKeyRotationsCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { startXksProxy, type TestXksProxy } from '../helpers/xks-proxy.js';

async function unsupported(call: Promise<unknown>, message: string | RegExp) {
  await assert.rejects(call, (err: any) => {
    assert.equal(err.name, 'UnsupportedOperationException', `${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('KMS keys in an external key store: operations KMS does not support for them', () => {
  let w: TestWarden;
  let proxy: TestXksProxy;
  let kms: KMSClient;
  let storeId: string;

  before(async () => {
    proxy = await startXksProxy();
    w = await startWarden({ ...proxy.wardenConfig, xksProxyTimeoutMs: 3000 });
    kms = new KMSClient(w.clientConfig);
    const created = await kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: 'xks-unsupported',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        XksProxyConnectivity: 'PUBLIC_ENDPOINT',
        XksProxyUriEndpoint: proxy.uriEndpoint,
        XksProxyUriPath: proxy.uriPath,
        XksProxyAuthenticationCredential: proxy.credential,
      }),
    );
    storeId = created.CustomKeyStoreId!;
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  });
  after(async () => {
    kms?.destroy();
    await w?.stop();
    await proxy?.stop().catch(() => undefined);
  });

  test('no rotation, automatic or on demand; no imported material; no data key pairs', async () => {
    proxy.addKey('ext-rotate');
    const created = await kms.send(
      new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: 'ext-rotate' }),
    );
    const { KeyId: keyId, Arn: arn } = created.KeyMetadata!;
    const notValid = `${arn} origin is EXTERNAL_KEY_STORE which is not valid for this operation.`;
    await unsupported(kms.send(new EnableKeyRotationCommand({ KeyId: keyId })), notValid);
    await unsupported(kms.send(new DisableKeyRotationCommand({ KeyId: keyId })), notValid);
    await unsupported(kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })), notValid);
    await unsupported(kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), notValid);
    // Nothing was rotated: the key still has only the material it was created with.
    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    assert.deepEqual(rotations.Rotations, []);
    await unsupported(
      kms.send(
        new GetParametersForImportCommand({
          KeyId: keyId,
          WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
          WrappingKeySpec: 'RSA_2048',
        }),
      ),
      notValid,
    );
    await unsupported(
      kms.send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256' })),
      /custom key store/,
    );
  });

  test('no multi-Region keys: CreateKey refuses MultiRegion in the store, ReplicateKey finds no primary', async () => {
    proxy.addKey('ext-mrk');
    await unsupported(
      kms.send(
        new CreateKeyCommand({
          Origin: 'EXTERNAL_KEY_STORE',
          CustomKeyStoreId: storeId,
          XksKeyId: 'ext-mrk',
          MultiRegion: true,
        }),
      ),
      /single-Region symmetric encryption KMS keys/,
    );
    const created = await kms.send(
      new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: 'ext-mrk' }),
    );
    assert.equal(created.KeyMetadata!.MultiRegion, false);
    await unsupported(
      kms.send(new ReplicateKeyCommand({ KeyId: created.KeyMetadata!.KeyId!, ReplicaRegion: 'us-west-2' })),
      `${created.KeyMetadata!.Arn} is not a multi-Region primary key.`,
    );
  });
});
