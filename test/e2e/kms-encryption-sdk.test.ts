// The AWS Encryption SDK for JavaScript encrypts and decrypts through a KMS keyring pointed at Warden.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
before(async () => {
  w = await startWarden();
});
after(async () => {
  await w.stop();
});

test('envelope encryption round-trips through Warden KMS, bound to its encryption context', async () => {
  const key = await new KMSClient(w.clientConfig).send(new CreateKeyCommand({ Description: 'esdk' }));
  const clientProvider = getClient(KMS, { endpoint: w.endpoint, credentials: w.credentials, maxAttempts: 1 });
  const keyring = new KmsKeyringNode({ generatorKeyId: key.KeyMetadata!.Arn!, clientProvider });
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

  const plaintext = Buffer.from('the quick brown fox '.repeat(500));
  const context = { purpose: 'test', tenant: 'acme' };
  const { result } = await encrypt(keyring, plaintext, { encryptionContext: context });
  assert.equal(result.includes(plaintext.subarray(0, 40)), false, 'the message is encrypted');

  const opened = await decrypt(keyring, result);
  assert.deepEqual(opened.plaintext, plaintext);
  assert.equal(opened.messageHeader.encryptionContext.tenant, 'acme');

  // A keyring for another key cannot open it: Warden refuses to decrypt the data key under the wrong key.
  const other = await new KMSClient(w.clientConfig).send(new CreateKeyCommand({ Description: 'other' }));
  const wrong = new KmsKeyringNode({ keyIds: [other.KeyMetadata!.Arn!], clientProvider });
  await assert.rejects(decrypt(wrong, result));
});
