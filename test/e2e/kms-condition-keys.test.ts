// A KMS key's own condition keys through the real server: its tags (aws:ResourceTag/*), its aliases
// (kms:ResourceAliases), kms:MultiRegion and the key facts, and kms:ViaService absent from direct calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  KMSClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import type { TestWarden } from '../helpers/warden.js';
import { newKey, newKmsUser, policyDocument, type Statement, withKmsWarden } from '../helpers/kms.js';

let w: TestWarden, iam: IAMClient, rootKms: KMSClient, account: string;
withKmsWarden((started) => ({ w, iam, rootKms, account } = started));

const plaintext = new TextEncoder().encode('abac');

/** A key made by root with the default key policy (it delegates to IAM) and these tags. */
async function taggedKey(tags: Record<string, string>): Promise<string> {
  const created = await rootKms.send(
    new CreateKeyCommand({ Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }),
  );
  return created.KeyMetadata!.Arn!;
}

const encrypt = (kms: KMSClient, keyArn: string) =>
  kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }));

/** The call is refused with KMS's AccessDeniedException and exactly this reason. */
async function deniedBecause(call: Promise<unknown>, user: string, action: string, key: string, reason: string) {
  await assert.rejects(call, (err: { name: string; message: string }) => {
    assert.equal(err.name, 'AccessDeniedException', err.message);
    assert.equal(err.message, `User: ${user} is not authorized to perform: ${action} on resource: ${key} ${reason}`);
    return true;
  });
}

const noIdentityPolicy = (action: string) => `because no identity-based policy allows the ${action} action`;

describe("a key's tags are aws:ResourceTag/* in identity and key policies", () => {
  test('an identity policy conditioned on the key tag follows the tag as it changes', async () => {
    const user = await newKmsUser(w, iam, 'abac-identity', {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/project': 'alpha' } },
    });
    const alpha = await taggedKey({ project: 'alpha' });
    const beta = await taggedKey({ project: 'beta' });
    await encrypt(user.kms, alpha);
    await deniedBecause(encrypt(user.kms, beta), user.arn, 'kms:Encrypt', beta, noIdentityPolicy('kms:Encrypt'));

    await rootKms.send(new TagResourceCommand({ KeyId: beta, Tags: [{ TagKey: 'project', TagValue: 'alpha' }] }));
    await encrypt(user.kms, beta);
    await rootKms.send(new UntagResourceCommand({ KeyId: beta, TagKeys: ['project'] }));
    await deniedBecause(encrypt(user.kms, beta), user.arn, 'kms:Encrypt', beta, noIdentityPolicy('kms:Encrypt'));
  });

  test('a key policy statement conditioned on the key tag', async () => {
    const user = await newKmsUser(w, iam, 'abac-key-policy');
    const key = await newKey(
      rootKms,
      policyDocument(
        {
          Sid: 'RootAdministers',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'ProdOnly',
          Effect: 'Allow',
          Principal: { AWS: user.arn },
          Action: 'kms:Encrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
        },
      ),
    );
    await rootKms.send(new TagResourceCommand({ KeyId: key.arn, Tags: [{ TagKey: 'env', TagValue: 'dev' }] }));
    await deniedBecause(
      encrypt(user.kms, key.arn),
      user.arn,
      'kms:Encrypt',
      key.arn,
      // Neither the key policy (its condition fails) nor any identity policy allows: KMS names the identity policy.
      noIdentityPolicy('kms:Encrypt'),
    );
    await rootKms.send(new TagResourceCommand({ KeyId: key.arn, Tags: [{ TagKey: 'env', TagValue: 'prod' }] }));
    await encrypt(user.kms, key.arn);
  });
});

describe("a key's aliases are kms:ResourceAliases", () => {
  test('an identity policy allowing keys by alias follows the alias', async () => {
    const user = await newKmsUser(w, iam, 'alias-abac', {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/app-*' } },
    });
    const first = (await newKey(rootKms)).arn;
    const second = (await newKey(rootKms)).arn;
    await deniedBecause(encrypt(user.kms, first), user.arn, 'kms:Encrypt', first, noIdentityPolicy('kms:Encrypt'));
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/app-one', TargetKeyId: first }));
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: second }));
    await encrypt(user.kms, first);
    await deniedBecause(encrypt(user.kms, second), user.arn, 'kms:Encrypt', second, noIdentityPolicy('kms:Encrypt'));

    // The alias moves to the second key: the permission moves with it.
    await rootKms.send(new UpdateAliasCommand({ AliasName: 'alias/app-one', TargetKeyId: second }));
    await encrypt(user.kms, second);
    await deniedBecause(encrypt(user.kms, first), user.arn, 'kms:Encrypt', first, noIdentityPolicy('kms:Encrypt'));
  });
});

describe("the key's facts and the caller's account", () => {
  test('kms:MultiRegion, kms:KeySpec, kms:KeyUsage, kms:KeyOrigin and kms:CallerAccount', async () => {
    const facts: Statement = {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: {
        Bool: { 'kms:MultiRegion': 'false' },
        StringEquals: {
          'kms:KeySpec': 'SYMMETRIC_DEFAULT',
          'kms:KeyUsage': 'ENCRYPT_DECRYPT',
          'kms:KeyOrigin': 'AWS_KMS',
          'kms:CallerAccount': account,
        },
      },
    };
    const user = await newKmsUser(w, iam, 'key-facts', facts);
    await encrypt(user.kms, (await newKey(rootKms)).arn);
    const multiRegion = (await rootKms.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.Arn!;
    await deniedBecause(
      encrypt(user.kms, multiRegion),
      user.arn,
      'kms:Encrypt',
      multiRegion,
      noIdentityPolicy('kms:Encrypt'),
    );
  });
});

describe('kms:ViaService is absent from direct calls (no Warden service calls KMS for a principal)', () => {
  test('a policy allowing only through a service denies a direct call; a Null check sees the key absent', async () => {
    const viaOnly = await newKmsUser(w, iam, 'via-only', {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'cloudtrail.us-east-1.amazonaws.com' } },
    });
    const key = (await newKey(rootKms)).arn;
    await deniedBecause(encrypt(viaOnly.kms, key), viaOnly.arn, 'kms:Encrypt', key, noIdentityPolicy('kms:Encrypt'));

    const direct = await newKmsUser(
      w,
      iam,
      'no-direct-decrypt',
      { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:ViaService': 'true' } } },
    );
    const sealed = await encrypt(direct.kms, key);
    await deniedBecause(
      direct.kms.send(new DecryptCommand({ KeyId: key, CiphertextBlob: sealed.CiphertextBlob })),
      direct.arn,
      'kms:Decrypt',
      key,
      'with an explicit deny in an identity-based policy',
    );
  });
});
