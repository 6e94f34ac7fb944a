// KMS keys end to end with SDK v3: creation per spec and usage, metadata, listing, states, deletion, tags, aliases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

describe('KMS keys end to end', () => {
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

  test('CreateKey: a symmetric key with AWS metadata and the default key policy', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ Description: 'test key 123' }));
    assert.ok(m);
    assert.match(m.KeyId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(m.Arn, `arn:aws:kms:us-east-1:${account}:key/${m.KeyId}`);
    assert.equal(m.AWSAccountId, account);
    assert.ok(m.CreationDate instanceof Date);
    assert.deepEqual(
      { ...m, CreationDate: undefined, KeyId: undefined, Arn: undefined, CurrentKeyMaterialId: undefined },
      {
        AWSAccountId: account,
        CreationDate: undefined,
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        CurrentKeyMaterialId: undefined,
        Description: 'test key 123',
        Enabled: true,
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyState: 'Enabled',
        KeyUsage: 'ENCRYPT_DECRYPT',
        MultiRegion: false,
        Origin: 'AWS_KMS',
        KeyId: undefined,
        Arn: undefined,
      },
    );
    assert.match(m.CurrentKeyMaterialId ?? '', /^[0-9a-f]{64}$/);
    const described = await kms.send(new DescribeKeyCommand({ KeyId: m.Arn }));
    assert.equal(described.KeyMetadata?.KeyId, m.KeyId);
    assert.equal(described.KeyMetadata?.Description, 'test key 123');
  });

  test('CreateKey: each spec shows its algorithms; invalid combinations fail as AWS says', async () => {
    const cases: [string, string, Record<string, string[]>][] = [
      ['RSA_2048', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }],
      [
        'RSA_3072',
        'SIGN_VERIFY',
        {
          SigningAlgorithms: [
            'RSASSA_PKCS1_V1_5_SHA_256',
            'RSASSA_PKCS1_V1_5_SHA_384',
            'RSASSA_PKCS1_V1_5_SHA_512',
            'RSASSA_PSS_SHA_256',
            'RSASSA_PSS_SHA_384',
            'RSASSA_PSS_SHA_512',
          ],
        },
      ],
      ['ECC_NIST_P256', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
      ['ECC_NIST_P521', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_512'] }],
      ['ECC_SECG_P256K1', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
      ['HMAC_224', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_224'] }],
      ['HMAC_512', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_512'] }],
    ];
    for (const [spec, usage, algorithms] of cases) {
      const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ KeySpec: spec as any, KeyUsage: usage as any }));
      assert.equal(m?.KeySpec, spec);
      assert.equal(m?.KeyUsage, usage);
      assert.equal(m?.CurrentKeyMaterialId, undefined);
      for (const [field, list] of Object.entries(algorithms)) assert.deepEqual((m as any)[field], list, spec);
    }
    await rejectsWith(
      kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })),
      'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    );
    await rejectsWith(
      kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })),
      'ValidationException',
      'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256',
    );
    await rejectsWith(
      kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_random' as any, KeyUsage: 'GENERATE_VERIFY_MAC' })),
      'ValidationException',
      /Value 'HMAC_random' at 'keySpec' failed to satisfy constraint/,
    );
  });

  test('CreateKey with Origin EXTERNAL waits for material', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    assert.equal(m?.KeyState, 'PendingImport');
    assert.equal(m?.Enabled, false);
    assert.equal(m?.Origin, 'EXTERNAL');
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: m?.KeyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${m?.Arn} is pending import.`,
    );
  });

  test('unknown and malformed key ids answer NotFound as AWS does', async () => {
    const id = '11111111-2222-3333-4444-555555555555';
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: id })),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:${account}:key/${id}' does not exist`,
    );
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })),
      'NotFoundException',
      "Invalid keyId 'fake-key-id'",
    );
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${account}:key/${id}` })),
      'NotFoundException',
      'Invalid arn eu-west-1',
    );
  });

  test('ListKeys pages with Limit and Marker', async () => {
    const all: string[] = [];
    let marker: string | undefined;
    do {
      const out = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      assert.ok((out.Keys ?? []).length <= 2);
      for (const k of out.Keys ?? []) {
        assert.equal(k.KeyArn, `arn:aws:kms:us-east-1:${account}:key/${k.KeyId}`);
        all.push(k.KeyId as string);
      }
      marker = out.Truncated ? out.NextMarker : undefined;
    } while (marker);
    assert.ok(all.length >= 9);
    assert.equal(new Set(all).size, all.length);
  });

  test('enable, disable, describe, and state errors', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({}));
    const keyId = m?.KeyId as string;
    assert.equal(m?.Description, '');
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'changed' }));
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    let d = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(d.KeyMetadata?.KeyState, 'Disabled');
    assert.equal(d.KeyMetadata?.Enabled, false);
    assert.equal(d.KeyMetadata?.Description, 'changed');
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
      'DisabledException',
      `${m?.Arn} is disabled.`,
    );
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    d = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(d.KeyMetadata?.KeyState, 'Enabled');
  });

  test('ScheduleKeyDeletion, CancelKeyDeletion, and deletion when the window ends', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({}));
    const keyId = m?.KeyId as string;
    await rejectsWith(
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 5 })),
      'ValidationException',
      /Value '5' at 'pendingWindowInDays'.*greater than or equal to 7/,
    );
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }));
    assert.equal(scheduled.KeyId, m?.Arn);
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(scheduled.PendingWindowInDays, 30);
    const days = ((scheduled.DeletionDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, String(days));
    const d = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(d.KeyMetadata?.KeyState, 'PendingDeletion');
    assert.ok(d.KeyMetadata?.DeletionDate instanceof Date);
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${m?.Arn} is pending deletion.`,
    );
    await rejectsWith(
      kms.send(new EnableKeyCommand({ KeyId: keyId })),
      'KMSInvalidStateException',
      `${m?.Arn} is pending deletion.`,
    );
    const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    assert.equal(cancelled.KeyId, m?.Arn);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState, 'Disabled');

    // Schedule again, then move the deletion date into the past: the key is gone on next access.
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    await (w.warden.runtime.store.db as any)
      .updateTable('kms_keys')
      .set({ deletion_at: Date.now() - 1 })
      .where('key_id', '=', keyId)
      .execute();
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: keyId })),
      'NotFoundException',
      `Key '${m?.Arn}' does not exist`,
    );
    const rows = await (w.warden.runtime.store.db as any)
      .selectFrom('kms_key_materials')
      .selectAll()
      .where('key_id', '=', keyId)
      .execute();
    assert.equal(rows.length, 0);
  });

  test('tags: create, add, update, partial untag; AWS TagException rules', async () => {
    const { KeyMetadata: m } = await kms.send(
      new CreateKeyCommand({
        Tags: [
          { TagKey: 'tag1', TagValue: 'value1' },
          { TagKey: 'tag2', TagValue: 'value2' },
        ],
      }),
    );
    const keyId = m?.KeyId as string;
    await kms.send(
      new TagResourceCommand({
        KeyId: keyId,
        Tags: [
          { TagKey: 'tag2', TagValue: 'updated_value2' },
          { TagKey: 'tag3', TagValue: 'value3' },
        ],
      }),
    );
    await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['tag1'] }));
    const tags = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
    assert.deepEqual(tags.Tags, [
      { TagKey: 'tag2', TagValue: 'updated_value2' },
      { TagKey: 'tag3', TagValue: 'value3' },
    ]);
    await rejectsWith(
      kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'aws:x', TagValue: 'v' }] })),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    await rejectsWith(
      kms.send(
        new TagResourceCommand({
          KeyId: keyId,
          Tags: [
            { TagKey: 'a', TagValue: '1' },
            { TagKey: 'a', TagValue: '2' },
          ],
        }),
      ),
      'TagException',
      'Duplicate tag keys',
    );
    await rejectsWith(
      kms.send(
        new CreateKeyCommand({ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' })) }),
      ),
      'TagException',
      'Too many tags',
    );
  });

  test('aliases: create, resolve anywhere AWS accepts them, list, update, delete', async () => {
    const a = (await kms.send(new CreateKeyCommand({}))).KeyMetadata;
    const b = (await kms.send(new CreateKeyCommand({}))).KeyMetadata;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/my-key', TargetKeyId: a?.KeyId }));
    await rejectsWith(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/my-key', TargetKeyId: b?.KeyId })),
      'AlreadyExistsException',
      `An alias with the name arn:aws:kms:us-east-1:${account}:alias/my-key already exists`,
    );
    await rejectsWith(
      kms.send(new CreateAliasCommand({ AliasName: 'my-key', TargetKeyId: a?.KeyId })),
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    await rejectsWith(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: a?.KeyId })),
      'NotAuthorizedException',
      "Cannot create alias with prefix 'alias/aws/'",
    );
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/my-key' }))).KeyMetadata?.KeyId, a?.KeyId);
    assert.equal(
      (await kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${account}:alias/my-key` }))).KeyMetadata
        ?.KeyId,
      a?.KeyId,
    );
    const encrypted = await kms.send(new EncryptCommand({ KeyId: 'alias/my-key', Plaintext: Buffer.from('hi') }));
    assert.equal(encrypted.KeyId, a?.Arn);
    const listed = await kms.send(new ListAliasesCommand({ KeyId: a?.KeyId }));
    assert.deepEqual(
      listed.Aliases?.map((x) => [x.AliasName, x.AliasArn, x.TargetKeyId]),
      [['alias/my-key', `arn:aws:kms:us-east-1:${account}:alias/my-key`, a?.KeyId]],
    );
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/my-key', TargetKeyId: b?.KeyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/my-key' }))).KeyMetadata?.KeyId, b?.KeyId);
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/my-key' }));
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: 'alias/my-key' })),
      'NotFoundException',
      `Alias arn:aws:kms:us-east-1:${account}:alias/my-key is not found.`,
    );
  });
});
