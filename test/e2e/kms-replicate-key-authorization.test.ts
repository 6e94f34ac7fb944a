// ReplicateKey's permissions as its API reference lists them: kms:ReplicateKey on the primary key, kms:CreateKey in
// an IAM policy in the replica Region, and kms:TagResource there too when the replica is tagged. UpdatePrimaryRegion's
// too: kms:UpdatePrimaryRegion on the current primary key and on the replica key that becomes primary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { newKmsUser, policyDocument, type Statement } from '../helpers/kms.js';

let w: TestWarden;
let iam: IAMClient;
let rootKms: KMSClient;

before(async () => {
  w = await startWarden();
  iam = new IAMClient(w.clientConfig);
  rootKms = new KMSClient({ ...w.clientConfig, region: 'us-east-1' });
});
after(async () => {
  rootKms.destroy();
  await w.stop();
});

/** A multi-Region primary key in us-east-1 under the default key policy (the account's IAM policies decide). */
async function newPrimary(): Promise<string> {
  const created = await rootKms.send(new CreateKeyCommand({ MultiRegion: true }));
  return created.KeyMetadata!.KeyId!;
}

async function deniedWith(call: Promise<unknown>, message: string) {
  await assert.rejects(call, (err: any) => {
    assert.equal(err.name, 'AccessDeniedException', err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.equal(err.message, message);
    return true;
  });
}

const REPLICATE: Statement = { Effect: 'Allow', Action: 'kms:ReplicateKey', Resource: '*' };

function createKeyIn(region: string): Statement {
  return {
    Effect: 'Allow',
    Action: 'kms:CreateKey',
    Resource: '*',
    Condition: { StringEquals: { 'aws:RequestedRegion': region } },
  };
}

describe('ReplicateKey authorization', () => {
  test('kms:ReplicateKey on the primary is not enough: kms:CreateKey is needed too', async () => {
    const keyId = await newPrimary();
    const user = await newKmsUser(w, iam, 'replicate-only', REPLICATE);
    await deniedWith(
      user.kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' })),
      `User: ${user.arn} is not authorized to perform: kms:CreateKey on resource: * because no identity-based ` +
        'policy allows the kms:CreateKey action',
    );
    user.kms.destroy();
  });

  test('kms:CreateKey is decided in the replica Region (aws:RequestedRegion), not the caller’s', async () => {
    const keyId = await newPrimary();
    const eastOnly = await newKmsUser(w, iam, 'create-east-only', REPLICATE, createKeyIn('us-east-1'));
    await deniedWith(
      eastOnly.kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' })),
      `User: ${eastOnly.arn} is not authorized to perform: kms:CreateKey on resource: * because no identity-based ` +
        'policy allows the kms:CreateKey action',
    );
    eastOnly.kms.destroy();

    const westAllowed = await newKmsUser(w, iam, 'create-west', REPLICATE, createKeyIn('us-west-2'));
    const out = await westAllowed.kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' }));
    assert.equal(out.ReplicaKeyMetadata!.KeyId, keyId);
    assert.match(out.ReplicaKeyMetadata!.Arn!, /^arn:aws:kms:us-west-2:/);
    westAllowed.kms.destroy();
  });

  test('tagging the replica needs kms:TagResource on it in the replica Region', async () => {
    const keyId = await newPrimary();
    const replicaArn = `arn:aws:kms:us-west-2:${w.accountId}:key/${keyId}`;
    const tags = [{ TagKey: 'team', TagValue: 'blue' }];
    const untagging = await newKmsUser(w, iam, 'replicate-no-tag', REPLICATE, createKeyIn('us-west-2'));
    await deniedWith(
      untagging.kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2', Tags: tags })),
      `User: ${untagging.arn} is not authorized to perform: kms:TagResource on resource: ${replicaArn} because no ` +
        'identity-based policy allows the kms:TagResource action',
    );
    // Without Tags the same caller replicates: TagResource is asked for only when the replica is tagged.
    await untagging.kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' }));
    untagging.kms.destroy();

    const otherKey = await newPrimary();
    const tagging = await newKmsUser(w, iam, 'replicate-tag', REPLICATE, createKeyIn('eu-west-1'), {
      Effect: 'Allow',
      Action: 'kms:TagResource',
      Resource: 'arn:aws:kms:eu-west-1:*:key/*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' } },
    });
    await tagging.kms.send(new ReplicateKeyCommand({ KeyId: otherKey, ReplicaRegion: 'eu-west-1', Tags: tags }));
    const west = new KMSClient({ ...w.clientConfig, region: 'eu-west-1' });
    const listed = await west.send(new ListResourceTagsCommand({ KeyId: otherKey }));
    assert.deepEqual(listed.Tags, tags);
    west.destroy();
    tagging.kms.destroy();
  });
});

describe('UpdatePrimaryRegion authorization', () => {
  /** A primary key in us-east-1 and its replica in us-west-2, the replica under `replicaPolicy` if given. */
  async function primaryWithReplica(replicaPolicy?: string): Promise<string> {
    const keyId = await newPrimary();
    await rootKms.send(
      new ReplicateKeyCommand({
        KeyId: keyId,
        ReplicaRegion: 'us-west-2',
        ...(replicaPolicy === undefined ? {} : { Policy: replicaPolicy }),
      }),
    );
    return keyId;
  }

  async function primaryRegionOf(keyId: string): Promise<string | undefined> {
    const described = await rootKms.send(new DescribeKeyCommand({ KeyId: keyId }));
    return described.KeyMetadata!.MultiRegionConfiguration!.PrimaryKey!.Region;
  }

  test('kms:UpdatePrimaryRegion on the primary key alone is not enough: the replica key must allow it too', async () => {
    const keyId = await primaryWithReplica();
    const replicaArn = `arn:aws:kms:us-west-2:${w.accountId}:key/${keyId}`;
    const eastOnly = await newKmsUser(w, iam, 'update-primary-east', {
      Effect: 'Allow',
      Action: 'kms:UpdatePrimaryRegion',
      Resource: 'arn:aws:kms:us-east-1:*:key/*',
    });
    await deniedWith(
      eastOnly.kms.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-west-2' })),
      `User: ${eastOnly.arn} is not authorized to perform: kms:UpdatePrimaryRegion on resource: ${replicaArn} ` +
        'because no identity-based policy allows the kms:UpdatePrimaryRegion action',
    );
    assert.equal(await primaryRegionOf(keyId), 'us-east-1');
    eastOnly.kms.destroy();

    const both = await newKmsUser(w, iam, 'update-primary-both', {
      Effect: 'Allow',
      Action: 'kms:UpdatePrimaryRegion',
      Resource: ['arn:aws:kms:us-east-1:*:key/*', 'arn:aws:kms:us-west-2:*:key/*'],
    });
    await both.kms.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-west-2' }));
    assert.equal(await primaryRegionOf(keyId), 'us-west-2');
    both.kms.destroy();
  });

  test('the replica key’s own key policy decides its half', async () => {
    // The replica's policy delegates some actions to IAM, kms:UpdatePrimaryRegion not among them.
    const keyId = await primaryWithReplica(
      policyDocument({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${w.accountId}:root` },
        Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'],
        Resource: '*',
      }),
    );
    const replicaArn = `arn:aws:kms:us-west-2:${w.accountId}:key/${keyId}`;
    const user = await newKmsUser(w, iam, 'update-primary-any', {
      Effect: 'Allow',
      Action: 'kms:UpdatePrimaryRegion',
      Resource: '*',
    });
    await deniedWith(
      user.kms.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-west-2' })),
      `User: ${user.arn} is not authorized to perform: kms:UpdatePrimaryRegion on resource: ${replicaArn} ` +
        'because no resource-based policy allows the kms:UpdatePrimaryRegion action',
    );
    assert.equal(await primaryRegionOf(keyId), 'us-east-1');
    user.kms.destroy();
  });

  test('the replica’s half is decided in its Region (aws:RequestedRegion)', async () => {
    const keyId = await primaryWithReplica();
    const replicaArn = `arn:aws:kms:us-west-2:${w.accountId}:key/${keyId}`;
    const eastRequests = await newKmsUser(w, iam, 'update-primary-requested-east', {
      Effect: 'Allow',
      Action: 'kms:UpdatePrimaryRegion',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    });
    await deniedWith(
      eastRequests.kms.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-west-2' })),
      `User: ${eastRequests.arn} is not authorized to perform: kms:UpdatePrimaryRegion on resource: ${replicaArn} ` +
        'because no identity-based policy allows the kms:UpdatePrimaryRegion action',
    );
    eastRequests.kms.destroy();
  });
});
