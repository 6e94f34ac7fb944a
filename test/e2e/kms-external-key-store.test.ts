// E2E: KMS external key stores with the SDK v3 client against a test XKS proxy (test/helpers/xks-proxy.ts) that
// verifies every call's SigV4 signature: store lifecycle, keys bound to external keys, double encryption, the
// proxy's view of each call (requestMetadata), failures mapped as AWS documents, and the proxy secret kept out of the
// trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  KMSClient,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { startXksProxy, type TestXksProxy } from '../helpers/xks-proxy.js';
import { waitFor } from '../helpers/wait.js';

/** Asserts an SDK call fails with AWS's error code, HTTP status and (when given) exact message. */
async function rejectsWith(call: Promise<unknown>, name: string, status: number, message?: string | RegExp) {
  await assert.rejects(call, (err: any) => {
    assert.equal(err.name, name, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

const NOT_CONNECTED =
  'This KMS key is in a custom key store that is not connected to its external key store proxy. Connect the ' +
  'external key store and try the request again.';

describe('KMS external key stores (XKS)', () => {
  let w: TestWarden;
  let proxy: TestXksProxy;
  let kms: KMSClient;
  let storeId: string;

  async function describeStore(id: string) {
    const out = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }));
    return out.CustomKeyStores![0]!;
  }

  before(async () => {
    proxy = await startXksProxy({ pathPrefix: '/tenant-a' });
    // A generous deadline: the suite shares a loaded machine; the timeout test below narrows nothing else.
    w = await startWarden({ ...proxy.wardenConfig, xksProxyTimeoutMs: 3000 });
    kms = new KMSClient(w.clientConfig);
  });
  after(async () => {
    await w?.stop();
    await proxy?.stop().catch(() => undefined);
  });

  test('CreateCustomKeyStore checks the proxy (a signed GetHealthStatus) and stores it DISCONNECTED', async () => {
    const created = await kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: 'xks-one',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        XksProxyConnectivity: 'PUBLIC_ENDPOINT',
        XksProxyUriEndpoint: proxy.uriEndpoint,
        XksProxyUriPath: proxy.uriPath,
        XksProxyAuthenticationCredential: proxy.credential,
      }),
    );
    storeId = created.CustomKeyStoreId!;
    assert.match(storeId, /^cks-[0-9a-f]{17}$/);
    const health = proxy.calls.at(-1)!;
    assert.equal(health.operation, 'health');
    assert.equal(health.region, 'us-east-1');
    assert.deepEqual(Object.keys(health.body['requestMetadata'] as object).sort(), ['kmsOperation', 'kmsRequestId']);
    assert.equal((health.body['requestMetadata'] as any).kmsOperation, 'CreateCustomKeyStore');
    assert.equal(proxy.refusedSignatures, 0);

    const entry = await describeStore(storeId);
    assert.equal(entry.CustomKeyStoreName, 'xks-one');
    assert.equal(entry.CustomKeyStoreType, 'EXTERNAL_KEY_STORE');
    assert.equal(entry.ConnectionState, 'DISCONNECTED');
    assert.equal(entry.ConnectionErrorCode, undefined);
    assert.deepEqual(entry.XksProxyConfiguration, {
      Connectivity: 'PUBLIC_ENDPOINT',
      AccessKeyId: proxy.credential.AccessKeyId,
      UriEndpoint: proxy.uriEndpoint,
      UriPath: proxy.uriPath,
    });
    assert.ok(!JSON.stringify(entry).includes(proxy.credential.RawSecretAccessKey));
  });

  test('names and proxy addresses are unique; CloudHSM and VPC endpoint services are refused saying why', async () => {
    const base = {
      CustomKeyStoreType: 'EXTERNAL_KEY_STORE' as const,
      XksProxyConnectivity: 'PUBLIC_ENDPOINT' as const,
      XksProxyUriEndpoint: proxy.uriEndpoint,
      XksProxyAuthenticationCredential: proxy.credential,
    };
    await rejectsWith(
      kms.send(
        new CreateCustomKeyStoreCommand({
          ...base,
          CustomKeyStoreName: 'xks-one',
          XksProxyUriPath: '/other/kms/xks/v1',
        }),
      ),
      'CustomKeyStoreNameInUseException',
      400,
      /already assigned to another custom key store in the account/,
    );
    await rejectsWith(
      kms.send(
        new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'xks-two', XksProxyUriPath: proxy.uriPath }),
      ),
      'XksProxyUriInUseException',
      400,
      /XksProxyUriEndpoint and XksProxyUriPath is already associated with another external key store/,
    );
    await rejectsWith(
      kms.send(
        new CreateCustomKeyStoreCommand({ CustomKeyStoreName: 'hsm', CloudHsmClusterId: 'cluster-abcdefghijk' }),
      ),
      'NotImplemented',
      501,
      /no CloudHSM clusters/,
    );
    await rejectsWith(
      kms.send(
        new CreateCustomKeyStoreCommand({
          ...base,
          CustomKeyStoreName: 'vpc',
          XksProxyUriPath: '/vpc/kms/xks/v1',
          XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE',
          XksProxyVpcEndpointServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
        }),
      ),
      'XksProxyVpcEndpointServiceNotFoundException',
      400,
      /Warden has no Amazon VPC endpoint services/,
    );
    // A wrong secret: the proxy refuses the signature and KMS says the credential is wrong.
    await rejectsWith(
      kms.send(
        new CreateCustomKeyStoreCommand({
          ...base,
          CustomKeyStoreName: 'wrong-secret',
          XksProxyUriPath: '/tenant-a/kms/xks/v1'.replace('tenant-a', 'tenant-b'),
          XksProxyAuthenticationCredential: { ...proxy.credential, RawSecretAccessKey: 'B'.repeat(44) },
        }),
      ),
      'XksProxyIncorrectAuthenticationCredentialException',
      400,
      /could not authenticate AWS KMS/,
    );
    assert.equal(proxy.refusedSignatures, 1);
    await rejectsWith(
      kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: 'wrong-secret' })),
      'CustomKeyStoreNotFoundException',
      400,
      'The request was rejected because AWS KMS cannot find a custom key store with the specified key store name or ID.',
    );
  });

  test('CreateKey needs a CONNECTED store; ConnectCustomKeyStore connects it', async () => {
    proxy.addKey('ext-key-1');
    const createInStore = (xksKeyId: string) =>
      kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: xksKeyId }));
    await rejectsWith(createInStore('ext-key-1'), 'CustomKeyStoreInvalidStateException', 400, NOT_CONNECTED);

    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    const connected = await describeStore(storeId);
    assert.equal(connected.ConnectionState, 'CONNECTED');
    assert.equal((proxy.calls.at(-1)!.body['requestMetadata'] as any).kmsOperation, 'ConnectCustomKeyStore');
    // Connecting a connected store is accepted and changes nothing.
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));

    await rejectsWith(
      createInStore('missing-key'),
      'XksKeyNotFoundException',
      400,
      /was not found in its external key manager/,
    );
    proxy.addKey('ext-key-sign-only', { keyUsage: ['SIGN', 'VERIFY'] });
    await rejectsWith(
      createInStore('ext-key-sign-only'),
      'XksKeyInvalidConfigurationException',
      400,
      /must be an AES-256 symmetric key that is enabled and performs encryption and decryption/,
    );
    await rejectsWith(
      kms.send(
        new CreateKeyCommand({
          Origin: 'EXTERNAL_KEY_STORE',
          CustomKeyStoreId: storeId,
          XksKeyId: 'ext-key-1',
          KeySpec: 'RSA_2048',
          KeyUsage: 'ENCRYPT_DECRYPT',
        }),
      ),
      'UnsupportedOperationException',
      400,
    );
  });

  test('a key in the store: DescribeKey shows its external key; double encryption round trips via the proxy', async () => {
    const created = await kms.send(
      new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: 'ext-key-1' }),
    );
    const meta = created.KeyMetadata!;
    assert.equal(meta.Origin, 'EXTERNAL_KEY_STORE');
    assert.equal(meta.CustomKeyStoreId, storeId);
    assert.deepEqual(meta.XksKeyConfiguration, { Id: 'ext-key-1' });
    assert.equal(meta.KeyState, 'Enabled');
    const metadataCall = proxy.calls.at(-1)!;
    assert.equal(metadataCall.operation, 'metadata');
    assert.equal(metadataCall.keyId, 'ext-key-1');
    assert.equal((metadataCall.body['requestMetadata'] as any).kmsOperation, 'CreateKey');
    assert.equal((metadataCall.body['requestMetadata'] as any).awsPrincipalArn, `arn:aws:iam::${w.accountId}:root`);

    const described = await kms.send(new DescribeKeyCommand({ KeyId: meta.KeyId! }));
    assert.deepEqual(described.KeyMetadata!.XksKeyConfiguration, { Id: 'ext-key-1' });
    assert.equal(described.KeyMetadata!.CustomKeyStoreId, storeId);

    await rejectsWith(
      kms.send(
        new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: 'ext-key-1' }),
      ),
      'XksKeyAlreadyInUseException',
      400,
      /already associated with another KMS key in this external key store/,
    );

    const plaintext = Buffer.from('secret held under two keys');
    const context = { purpose: 'xks-test' };
    const before = proxy.calls.length;
    const encrypted = await kms.send(
      new EncryptCommand({ KeyId: meta.KeyId!, Plaintext: plaintext, EncryptionContext: context }),
    );
    const encryptCall = proxy.calls[before]!;
    assert.equal(encryptCall.operation, 'encrypt');
    assert.equal(encryptCall.keyId, 'ext-key-1');
    const rm = encryptCall.body['requestMetadata'] as Record<string, string>;
    assert.equal(rm['kmsOperation'], 'Encrypt');
    assert.equal(rm['kmsKeyArn'], meta.Arn);
    assert.equal(rm['awsPrincipalArn'], `arn:aws:iam::${w.accountId}:root`);
    assert.match(rm['kmsRequestId']!, /\S/);
    assert.equal(encryptCall.body['encryptionAlgorithm'], 'AES_GCM');
    assert.ok(encryptCall.body['additionalAuthenticatedData']);
    // What the proxy saw is KMS's own ciphertext, never the caller's plaintext.
    const sentToProxy = Buffer.from(String(encryptCall.body['plaintext']), 'base64');
    assert.ok(!sentToProxy.includes(plaintext));

    const decrypted = await kms.send(
      new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, EncryptionContext: context }),
    );
    assert.equal(Buffer.from(decrypted.Plaintext!).toString(), plaintext.toString());
    assert.equal(decrypted.KeyId, meta.Arn);
    const decryptCall = proxy.calls.at(-1)!;
    assert.equal(decryptCall.operation, 'decrypt');
    assert.equal((decryptCall.body['requestMetadata'] as any).kmsOperation, 'Decrypt');
    assert.equal(decryptCall.body['ciphertextMetadata'], Buffer.from('v1').toString('base64'));

    // Another encryption context: the proxy refuses the AAD, and KMS answers as the spec maps InvalidCiphertext.
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, EncryptionContext: { purpose: 'x' } })),
      'KMSInvalidStateException',
      400,
      /rejected the request because the specified ciphertext or encryption context is corrupted/,
    );

    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: meta.KeyId!, KeySpec: 'AES_256' }));
    assert.equal((proxy.calls.at(-1)!.body['requestMetadata'] as any).kmsOperation, 'GenerateDataKey');
    const reopened = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob! }));
    assert.deepEqual(Buffer.from(reopened.Plaintext!), Buffer.from(dataKey.Plaintext!));

    // ReEncrypt into a standard key: the proxy decrypts, KMS seals under the other key.
    const standard = await kms.send(new CreateKeyCommand({}));
    const moved = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob: encrypted.CiphertextBlob!,
        SourceEncryptionContext: context,
        DestinationKeyId: standard.KeyMetadata!.KeyId!,
      }),
    );
    assert.equal((proxy.calls.at(-1)!.body['requestMetadata'] as any).kmsOperation, 'ReEncrypt');
    const fromStandard = await kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob! }));
    assert.equal(Buffer.from(fromStandard.Plaintext!).toString(), plaintext.toString());

    await rejectsWith(
      kms.send(new GenerateDataKeyPairCommand({ KeyId: meta.KeyId!, KeyPairSpec: 'ECC_NIST_P256' })),
      'UnsupportedOperationException',
      400,
      /custom key store/,
    );

    // The external key disabled in its key manager: KMS answers with the spec's message.
    proxy.keys.get('ext-key-1')!.keyStatus = 'DISABLED';
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: meta.KeyId!, Plaintext: plaintext })),
      'KMSInvalidStateException',
      400,
      /is not enabled in the external key manager/,
    );
    proxy.keys.get('ext-key-1')!.keyStatus = 'ENABLED';
    assert.equal(proxy.refusedSignatures, 1, 'every call Warden made after the wrong-secret store was signed right');

    // Disconnected: the store refuses changes other than its name, and the key cannot be used.
    await rejectsWith(
      kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })),
      'CustomKeyStoreInvalidStateException',
      400,
    );
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    assert.equal((await describeStore(storeId)).ConnectionState, 'DISCONNECTED');
    const calls = proxy.calls.length;
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: meta.KeyId!, Plaintext: plaintext })),
      'KMSInvalidStateException',
      400,
      NOT_CONNECTED,
    );
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, EncryptionContext: context })),
      'KMSInvalidStateException',
      400,
      NOT_CONNECTED,
    );
    assert.equal(proxy.calls.length, calls, 'a disconnected store calls no proxy');
    await rejectsWith(
      kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId })),
      'CustomKeyStoreInvalidStateException',
      400,
    );

    // Keys still in the store (even pending deletion) keep it from being deleted.
    await rejectsWith(
      kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })),
      'CustomKeyStoreHasCMKsException',
      400,
      /the custom key store contains KMS keys/,
    );
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: meta.KeyId!, PendingWindowInDays: 7 }));
    await rejectsWith(
      kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })),
      'CustomKeyStoreHasCMKsException',
      400,
    );
  });

  test('UpdateCustomKeyStore renames and re-points a disconnected store, checking the proxy again', async () => {
    await kms.send(
      new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, NewCustomKeyStoreName: 'xks-renamed' }),
    );
    await rejectsWith(
      kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyUriPath: '/nowhere/kms/xks/v1' })),
      'XksProxyInvalidConfigurationException',
      400,
      /because of an invalid URI path/,
    );
    const entry = await describeStore(storeId);
    assert.equal(entry.CustomKeyStoreName, 'xks-renamed');
    assert.equal(entry.XksProxyConfiguration!.UriPath, proxy.uriPath);
    // The credential given again (as a rotation would): checked with the proxy before it is kept.
    await kms.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: storeId,
        XksProxyAuthenticationCredential: proxy.credential,
      }),
    );
    assert.equal(proxy.calls.at(-1)!.operation, 'health');
    assert.equal((proxy.calls.at(-1)!.body['requestMetadata'] as any).kmsOperation, 'UpdateCustomKeyStore');
  });

  test('a proxy that answers late, or is unhealthy, or is down: ConnectCustomKeyStore ends FAILED with the code', async () => {
    // Every external key manager UNAVAILABLE.
    proxy.behaviour.health = 'UNAVAILABLE';
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    let entry = await describeStore(storeId);
    assert.equal(entry.ConnectionState, 'FAILED');
    assert.equal(entry.ConnectionErrorCode, 'XKS_PROXY_NOT_REACHABLE');
    proxy.behaviour.health = 'ACTIVE';
    // A FAILED store must be disconnected before it connects again.
    await rejectsWith(
      kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId })),
      'CustomKeyStoreInvalidStateException',
      400,
      /disconnect it \(DisconnectCustomKeyStore\), then connect it/,
    );
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));

    // Later than the proxy timeout (3 s here; AWS allows 250 ms).
    proxy.behaviour.delayMs = 3500;
    const connecting = kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    // While KMS waits for the proxy, the store shows CONNECTING.
    await waitFor(async () => (await describeStore(storeId)).ConnectionState === 'CONNECTING', {
      what: 'the store to show CONNECTING during the attempt',
    });
    await connecting;
    entry = await describeStore(storeId);
    assert.equal(entry.ConnectionState, 'FAILED');
    assert.equal(entry.ConnectionErrorCode, 'XKS_PROXY_TIMED_OUT');
    proxy.behaviour.delayMs = 0;
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));

    await proxy.stop();
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    entry = await describeStore(storeId);
    assert.equal(entry.ConnectionState, 'FAILED');
    assert.equal(entry.ConnectionErrorCode, 'XKS_PROXY_NOT_REACHABLE');
  });

  test("the proxy's secret never reaches the trail; its request member is recorded as hidden", async () => {
    const ct = new CloudTrailClient(w.clientConfig);
    const out = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCustomKeyStore' }],
      }),
    );
    const events = out.Events ?? [];
    assert.ok(events.length >= 5, 'every CreateCustomKeyStore call is audited');
    for (const event of events) {
      assert.ok(!event.CloudTrailEvent!.includes(proxy.credential.RawSecretAccessKey), 'the secret is not recorded');
      assert.ok(!event.CloudTrailEvent!.includes('B'.repeat(44)), 'nor a refused one');
    }
    const success = events
      .map((e) => JSON.parse(e.CloudTrailEvent!))
      .find((r) => r.errorCode === undefined && r.requestParameters?.customKeyStoreName === 'xks-one');
    assert.ok(success, 'the successful call is in the trail');
    assert.equal(
      success.requestParameters.xksProxyAuthenticationCredential.rawSecretAccessKey,
      'HIDDEN_DUE_TO_SECURITY_REASONS',
    );
    // The whole trail of this server: no record anywhere holds the secret.
    for (const name of ['UpdateCustomKeyStore', 'ConnectCustomKeyStore', 'Encrypt', 'Decrypt', 'CreateKey']) {
      const more = await ct.send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
      );
      assert.ok((more.Events ?? []).length > 0, `${name} is audited`);
      for (const event of more.Events ?? []) {
        assert.ok(!event.CloudTrailEvent!.includes(proxy.credential.RawSecretAccessKey));
      }
    }
  });
});

describe('KMS external key stores: proxy addresses the operator allows', () => {
  let proxy: TestXksProxy;

  before(async () => {
    proxy = await startXksProxy();
  });
  after(async () => {
    await proxy?.stop().catch(() => undefined);
  });

  const createInput = (p: TestXksProxy, name: string) =>
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: name,
      CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
      XksProxyConnectivity: 'PUBLIC_ENDPOINT',
      XksProxyUriEndpoint: p.uriEndpoint,
      XksProxyUriPath: p.uriPath,
      XksProxyAuthenticationCredential: p.credential,
    });
  const UNREACHABLE =
    'AWS KMS cannot communicate with the external key store proxy. This might be a transient network issue. If you ' +
    'see this error repeatedly, verify that your external key store proxy is active and is connected to the network, ' +
    'and that its endpoint URI is correct in your external keystore.';

  test('without an allow-list, a proxy on a loopback address is refused as unreachable, and never contacted', async () => {
    // The proxy's name maps to 127.0.0.1 as in the suite above, but nothing allows that address.
    const { xksProxyAllow: _allowed, ...reachOnly } = proxy.wardenConfig;
    const w = await startWarden({ ...reachOnly, xksProxyTimeoutMs: 3000 });
    try {
      const kms = new KMSClient(w.clientConfig);
      const before = proxy.calls.length;
      await rejectsWith(kms.send(createInput(proxy, 'refused')), 'XksProxyUriUnreachableException', 400, UNREACHABLE);
      assert.equal(proxy.calls.length, before, 'no call reached the proxy');
      assert.equal(proxy.refusedSignatures, 0);
      const listed = await kms.send(new DescribeCustomKeyStoresCommand({}));
      assert.deepEqual(listed.CustomKeyStores, []);
    } finally {
      await w.stop();
    }
  });

  test('allowed by host name, the same proxy works; withdrawn, Connect fails NOT_REACHABLE and Update is refused', async () => {
    const w = await startWarden({ ...proxy.wardenConfig, xksProxyAllow: [proxy.host], xksProxyTimeoutMs: 3000 });
    try {
      const kms = new KMSClient(w.clientConfig);
      const id = (await kms.send(createInput(proxy, 'allowed'))).CustomKeyStoreId!;
      await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      const describeStore = async () =>
        (await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
      assert.equal((await describeStore()).ConnectionState, 'CONNECTED');
      await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));

      // The operator withdraws the allowance (a test lever on the running configuration: a restart without the flag).
      (w.warden.runtime.config as { xksProxyAllow: string[] }).xksProxyAllow = [];
      const before = proxy.calls.length;
      await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      const failed = await describeStore();
      assert.equal(failed.ConnectionState, 'FAILED');
      assert.equal(failed.ConnectionErrorCode, 'XKS_PROXY_NOT_REACHABLE');
      await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      await rejectsWith(
        kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyUriPath: '/other/kms/xks/v1' })),
        'XksProxyUriUnreachableException',
        400,
        UNREACHABLE,
      );
      assert.equal(proxy.calls.length, before, 'no call reached the proxy once refused');
    } finally {
      await w.stop();
    }
  });
});
