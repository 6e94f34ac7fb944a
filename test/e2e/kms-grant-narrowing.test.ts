// A grant that allows CreateGrant can only hand on less: child grants' operations a subset, constraints as strict.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateGrantCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
  ListGrantsCommand,
  type GrantConstraints,
  type GrantOperation,
} from '@aws-sdk/client-kms';
import type { TestWarden } from '../helpers/warden.js';
import { newKey, newKmsUser, policyDocument, withKmsWarden } from '../helpers/kms.js';

/** A user with an access key and no policy at all: whatever it may do on the key comes from grants. */
const newUser = (name: string) => newKmsUser(w, iam, name);

let w: TestWarden, iam: IAMClient, rootKms: KMSClient, account: string;
withKmsWarden((started) => ({ w, iam, rootKms, account } = started));

/** A key whose policy admits no one for anything but its administration: only grants open it. */
async function closedKey(): Promise<{ id: string; arn: string }> {
  const policy = policyDocument({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:CreateGrant', 'kms:ListGrants'],
    Resource: '*',
  });
  return newKey(rootKms, policy);
}

function grant(
  kms: KMSClient,
  KeyId: string,
  GranteePrincipal: string,
  Operations: GrantOperation[],
  Constraints?: GrantConstraints,
) {
  return kms.send(new CreateGrantCommand({ KeyId, GranteePrincipal, Operations, Constraints }));
}

async function deniedCreateGrant(p: Promise<unknown>, caller: string, key: string): Promise<void> {
  await assert.rejects(p, (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'AccessDeniedException', e.message);
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(
      e.message,
      `User: ${caller} is not authorized to perform: kms:CreateGrant on resource: ${key} ` +
        // The key policy leaves kms:CreateGrant to IAM, and the holder has no IAM policy: only a grant could allow.
        'because no identity-based policy allows the kms:CreateGrant action',
    );
    return true;
  });
}

async function grantCount(keyId: string): Promise<number> {
  return (await rootKms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.length;
}

describe('grants created under a grant', () => {
  test('may not add operations the parent grant lacks', async () => {
    const key = await closedKey();
    const holder = await newUser('holder');
    const accomplice = await newUser('accomplice');
    await grant(rootKms, key.id, holder.arn, ['CreateGrant', 'Decrypt']);
    const before = await grantCount(key.id);

    for (const wider of [
      ['Encrypt', 'GenerateDataKey', 'ReEncryptFrom'],
      ['Decrypt', 'Encrypt'],
      ['CreateGrant', 'Decrypt', 'RetireGrant'],
    ] as GrantOperation[][]) {
      await deniedCreateGrant(grant(holder.kms, key.id, accomplice.arn, wider), holder.arn, key.arn);
    }
    assert.equal(await grantCount(key.id), before, 'no wider grant was stored');
    await assert.rejects(
      accomplice.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: new Uint8Array([1]) })),
      (e: { name: string }) => e.name === 'AccessDeniedException',
    );

    // The same operations or fewer are fine, CreateGrant itself included.
    await grant(holder.kms, key.id, accomplice.arn, ['Decrypt']);
    await grant(holder.kms, key.id, accomplice.arn, ['CreateGrant', 'Decrypt']);
    assert.equal(await grantCount(key.id), before + 2);
  });

  test('must keep an EncryptionContextSubset constraint: adding pairs or moving to Equals narrows it', async () => {
    const key = await closedKey();
    const holder = await newUser('subset-holder');
    const other = await newUser('subset-other');
    await grant(rootKms, key.id, holder.arn, ['CreateGrant', 'Decrypt', 'DescribeKey'], {
      EncryptionContextSubset: { tenant: 'a' },
    });
    // The constraint binds cryptographic operations only: DescribeKey is not held to it (GrantConstraints).
    await holder.kms.send(new DescribeKeyCommand({ KeyId: key.id }));

    for (const looser of [
      undefined,
      { EncryptionContextSubset: { tenant: 'b' } },
      { EncryptionContextSubset: { env: 'prod' } },
      { EncryptionContextEquals: { env: 'prod' } },
    ] as (GrantConstraints | undefined)[]) {
      await deniedCreateGrant(grant(holder.kms, key.id, other.arn, ['Decrypt'], looser), holder.arn, key.arn);
    }
    await grant(holder.kms, key.id, other.arn, ['Decrypt'], { EncryptionContextSubset: { tenant: 'a' } });
    await grant(holder.kms, key.id, other.arn, ['Decrypt'], { EncryptionContextSubset: { tenant: 'a', env: 'x' } });
    await grant(holder.kms, key.id, other.arn, ['Decrypt'], { EncryptionContextEquals: { tenant: 'a', env: 'x' } });
  });

  test('must keep an EncryptionContextEquals constraint exactly', async () => {
    const key = await closedKey();
    const holder = await newUser('equals-holder');
    const other = await newUser('equals-other');
    await grant(rootKms, key.id, holder.arn, ['CreateGrant', 'Decrypt'], {
      EncryptionContextEquals: { tenant: 'a' },
    });
    for (const looser of [
      undefined,
      { EncryptionContextSubset: { tenant: 'a' } },
      { EncryptionContextEquals: { tenant: 'a', env: 'x' } },
      { EncryptionContextEquals: { tenant: 'b' } },
    ] as (GrantConstraints | undefined)[]) {
      await deniedCreateGrant(grant(holder.kms, key.id, other.arn, ['Decrypt'], looser), holder.arn, key.arn);
    }
    await grant(holder.kms, key.id, other.arn, ['Decrypt'], { EncryptionContextEquals: { tenant: 'a' } });
  });
});
