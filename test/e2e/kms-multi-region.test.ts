// KMS multi-Region keys end to end with SDK v3: replicas in another region share the key id and material (each
// region decrypts the other's ciphertext) but keep their own description, tags and state; rotation is synchronized
// from the primary; the primary moves with UpdatePrimaryRegion and waits for its replicas before it is deleted.
// Also GetKeyLastUsage, fed by successful cryptographic calls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyLastUsageCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

describe('KMS multi-Region keys end to end', () => {
  let w: TestWarden;
  let east: KMSClient;
  let west: KMSClient;

  before(async () => {
    w = await startWarden();
    east = new KMSClient({ ...w.clientConfig, region: 'us-east-1' });
    west = new KMSClient({ ...w.clientConfig, region: 'us-west-2' });
  });
  after(async () => {
    east.destroy();
    west.destroy();
    await w.stop();
  });

  test('a replica shares id and material, keeps its own description, tags and state', async () => {
    const created = await east.send(new CreateKeyCommand({ MultiRegion: true, Description: 'primary' }));
    const primary = created.KeyMetadata!;
    assert.match(primary.KeyId!, /^mrk-[0-9a-f]{32}$/);
    assert.deepEqual(primary.MultiRegionConfiguration, {
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: primary.Arn, Region: 'us-east-1' },
      ReplicaKeys: [],
    });
    const sealed = await east.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: Buffer.from('east data') }));

    const replicated = await east.send(
      new ReplicateKeyCommand({
        KeyId: primary.KeyId,
        ReplicaRegion: 'us-west-2',
        Description: 'replica',
        Tags: [{ TagKey: 'env', TagValue: 'west' }],
      }),
    );
    const replicaArn = `arn:aws:kms:us-west-2:${w.accountId}:key/${primary.KeyId}`;
    const replica = replicated.ReplicaKeyMetadata!;
    assert.equal(replica.Arn, replicaArn);
    assert.equal(replica.KeyId, primary.KeyId);
    assert.equal(replica.Description, 'replica');
    assert.deepEqual(replica.MultiRegionConfiguration, {
      MultiRegionKeyType: 'REPLICA',
      PrimaryKey: { Arn: primary.Arn, Region: 'us-east-1' },
      ReplicaKeys: [{ Arn: replicaArn, Region: 'us-west-2' }],
    });
    assert.equal(JSON.parse(replicated.ReplicaPolicy!).Id, 'key-default-1');
    assert.deepEqual(replicated.ReplicaTags, [{ TagKey: 'env', TagValue: 'west' }]);

    // Same material: each region opens the other's ciphertext.
    const opened = await west.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
    assert.equal(Buffer.from(opened.Plaintext!).toString(), 'east data');
    assert.equal(opened.KeyId, replicaArn);
    const westSealed = await west.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: Buffer.from('west') }));
    const back = await east.send(new DecryptCommand({ CiphertextBlob: westSealed.CiphertextBlob }));
    assert.equal(Buffer.from(back.Plaintext!).toString(), 'west');

    const eastView = (await east.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!;
    assert.equal(eastView.Description, 'primary');
    assert.deepEqual(eastView.MultiRegionConfiguration?.ReplicaKeys, [{ Arn: replicaArn, Region: 'us-west-2' }]);
    assert.deepEqual((await east.send(new ListResourceTagsCommand({ KeyId: primary.KeyId }))).Tags, []);
    assert.deepEqual((await west.send(new ListResourceTagsCommand({ KeyId: primary.KeyId }))).Tags, [
      { TagKey: 'env', TagValue: 'west' },
    ]);

    // State is the replica's own.
    await west.send(new DisableKeyCommand({ KeyId: primary.KeyId }));
    assert.equal((await east.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata?.KeyState, 'Enabled');
    await rejectsWith(
      west.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: Buffer.from('x') })),
      'DisabledException',
      `${replicaArn} is disabled.`,
    );

    // One replica per region; only a primary replicates.
    await rejectsWith(
      east.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'us-west-2' })),
      'AlreadyExistsException',
    );
    await rejectsWith(
      west.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' })),
      'UnsupportedOperationException',
      `${replicaArn} is not a multi-Region primary key.`,
    );
    const single = (await east.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejectsWith(
      east.send(new ReplicateKeyCommand({ KeyId: single.KeyId, ReplicaRegion: 'us-west-2' })),
      'UnsupportedOperationException',
      `${single.Arn} is not a multi-Region primary key.`,
    );
  });

  test('rotation is set on the primary and shared; the primary region moves; a primary waits for its replicas', async () => {
    const primary = (await east.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!;
    await east.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'us-west-2' }));
    const replicaArn = `arn:aws:kms:us-west-2:${w.accountId}:key/${primary.KeyId}`;
    await rejectsWith(
      west.send(new EnableKeyRotationCommand({ KeyId: primary.KeyId })),
      'UnsupportedOperationException',
      `${replicaArn} is not a multi-Region primary key.`,
    );
    await east.send(new EnableKeyRotationCommand({ KeyId: primary.KeyId, RotationPeriodInDays: 90 }));
    const status = await west.send(new GetKeyRotationStatusCommand({ KeyId: primary.KeyId }));
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 90);

    await east.send(new UpdatePrimaryRegionCommand({ KeyId: primary.KeyId, PrimaryRegion: 'us-west-2' }));
    const westView = (await west.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!;
    assert.equal(westView.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY');
    assert.deepEqual(westView.MultiRegionConfiguration?.PrimaryKey, { Arn: replicaArn, Region: 'us-west-2' });
    assert.deepEqual(westView.MultiRegionConfiguration?.ReplicaKeys, [{ Arn: primary.Arn, Region: 'us-east-1' }]);
    const eastView = (await east.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!;
    assert.equal(eastView.MultiRegionConfiguration?.MultiRegionKeyType, 'REPLICA');
    await rejectsWith(
      east.send(new UpdatePrimaryRegionCommand({ KeyId: primary.KeyId, PrimaryRegion: 'us-west-2' })),
      'UnsupportedOperationException',
      `${primary.Arn} is not a multi-Region primary key.`,
    );

    // The primary (now us-west-2) with a replica waits in PendingReplicaDeletion, unusable, with no date yet.
    const scheduled = await west.send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingReplicaDeletion');
    assert.equal(scheduled.DeletionDate, undefined);
    assert.equal(scheduled.PendingWindowInDays, 7);
    await rejectsWith(
      west.send(new EncryptCommand({ KeyId: primary.KeyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${replicaArn} is pending replica deletion.`,
    );
    await east.send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId, PendingWindowInDays: 7 }));
    // The replica's window closes (moved into the past here): the primary's own window starts then.
    await w.warden.runtime.store.db
      .updateTable('kms_keys')
      .set({ deletion_at: Date.now() - 1000 })
      .where('key_id', '=', primary.KeyId!)
      .where('region', '=', 'us-east-1')
      .execute();
    const after = (await west.send(new DescribeKeyCommand({ KeyId: primary.KeyId }))).KeyMetadata!;
    assert.equal(after.KeyState, 'PendingDeletion');
    assert.deepEqual(after.MultiRegionConfiguration?.ReplicaKeys, []);
    const days = (after.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `deletion in ${days} days`);
    await rejectsWith(
      east.send(new DescribeKeyCommand({ KeyId: primary.KeyId })),
      'NotFoundException',
      `Key '${primary.Arn}' does not exist`,
    );
    // The material stays with the key that remains.
    const material = await w.warden.runtime.store.db
      .selectFrom('kms_key_materials')
      .select('key_id')
      .where('key_id', '=', primary.KeyId!)
      .execute();
    assert.equal(material.length, 1);
  });

  test('GetKeyLastUsage reports the last successful cryptographic call with its trail event', async () => {
    const key = (await east.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!;
    const before = await east.send(new GetKeyLastUsageCommand({ KeyId: key.KeyId }));
    assert.equal(before.KeyId, key.KeyId);
    assert.equal(before.KeyLastUsage, undefined);
    assert.equal(before.KeyCreationDate?.getTime(), key.CreationDate?.getTime());
    assert.ok(before.TrackingStartDate!.getTime() >= key.CreationDate!.getTime());

    await east.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('a') }));
    const sealed = await east.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('b') }));
    await east.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
    // A failed call is not a use.
    await assert.rejects(east.send(new DecryptCommand({ CiphertextBlob: Buffer.from('nonsense') })));
    const used = await east.send(new GetKeyLastUsageCommand({ KeyId: key.KeyId }));
    assert.equal(used.KeyLastUsage?.Operation, 'Decrypt');
    const ct = new CloudTrailClient(w.clientConfig);
    const events = await ct.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Decrypt' }] }),
    );
    ct.destroy();
    const record = (events.Events ?? [])
      .map((e) => JSON.parse(e.CloudTrailEvent ?? '{}'))
      .find((r) => r.eventID === used.KeyLastUsage?.CloudTrailEventId);
    assert.ok(record, 'the event id names a Decrypt record');
    assert.equal(record.requestID, used.KeyLastUsage?.KmsRequestId);
    assert.equal(record.errorCode, undefined);
    assert.equal(
      new Date(record.eventTime).getTime(),
      Math.floor(used.KeyLastUsage!.Timestamp!.getTime() / 1000) * 1000,
    );

    // Replicas track their own use; alias names are not accepted.
    await east.send(new ReplicateKeyCommand({ KeyId: key.KeyId, ReplicaRegion: 'us-west-2' }));
    assert.equal((await west.send(new GetKeyLastUsageCommand({ KeyId: key.KeyId }))).KeyLastUsage, undefined);
    await rejectsWith(
      east.send(new GetKeyLastUsageCommand({ KeyId: 'alias/whatever' })),
      'NotFoundException',
      "Invalid keyId 'alias/whatever'",
    );
  });
});
