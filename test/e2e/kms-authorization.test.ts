// KMS authorization through the real server: key policies, IAM policies and grants decide together, as in KMS.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateGrantCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import type { TestWarden } from '../helpers/warden.js';
import { newKey as keyOf, newKmsUser, policyDocument as doc, type Statement, withKmsWarden } from '../helpers/kms.js';

const newUser = (name: string, ...statements: Statement[]) => newKmsUser(w, iam, name, ...statements);
const newKey = (policy?: string) => keyOf(rootKms, policy);

let w: TestWarden, iam: IAMClient, rootKms: KMSClient, account: string;
withKmsWarden((started) => ({ w, iam, rootKms, account } = started));

const ALLOW_KMS: Statement = { Effect: 'Allow', Action: 'kms:*', Resource: '*' };
const plaintext = new TextEncoder().encode('secret');

/** A key policy that keeps the account root in charge (so the lockout check passes) plus the given statements. */
function keyPolicy(...statements: Statement[]): string {
  const admin = {
    Sid: 'RootAdministers',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:CreateAlias'],
    Resource: '*',
  };
  return doc(admin, ...statements);
}

async function denied(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  return p.then(
    () => assert.fail('expected AccessDeniedException'),
    (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'AccessDeniedException', e.message);
      return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
    },
  );
}

describe('KMS authorization', () => {
  test('the default key policy lets an identity policy allowing kms:* use the key', async () => {
    const user = await newUser('default-user', ALLOW_KMS);
    const key = await newKey();
    const sealed = await user.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext }));
    const opened = await user.kms.send(new DecryptCommand({ KeyId: key.id, CiphertextBlob: sealed.CiphertextBlob }));
    assert.deepEqual(opened.Plaintext, plaintext);
  });

  test('a key policy that does not delegate to the account denies with AWS message, whatever IAM allows', async () => {
    const user = await newUser('undelegated-user', ALLOW_KMS);
    const key = await newKey(keyPolicy());
    const err = await denied(user.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext })));
    assert.equal(err.status, 400);
    assert.equal(
      err.message,
      `User: ${user.arn} is not authorized to perform: kms:Encrypt on resource: ${key.arn} ` +
        'because no resource-based policy allows the kms:Encrypt action',
    );
    // Without the identity policy too: no policy at all allows it.
    const bare = await newUser('undelegated-bare');
    await denied(bare.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext })));
  });

  test('a key policy naming the user allows without an identity policy; its explicit Deny wins over IAM', async () => {
    const named = await newUser('named-user');
    const key = await newKey(
      keyPolicy({ Effect: 'Allow', Principal: { AWS: named.arn }, Action: ['kms:Encrypt'], Resource: '*' }),
    );
    await named.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext }));
    // The key policy binds the account's root user too: it names the account for other actions only.
    await denied(rootKms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext })));

    const strong = await newUser('denied-user', ALLOW_KMS);
    const guarded = await newKey(
      doc(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: strong.arn }, Action: 'kms:Encrypt', Resource: '*' },
      ),
    );
    const err = await denied(strong.kms.send(new EncryptCommand({ KeyId: guarded.id, Plaintext: plaintext })));
    assert.equal(
      err.message,
      `User: ${strong.arn} is not authorized to perform: kms:Encrypt on resource: ${guarded.arn} ` +
        'with an explicit deny in a resource-based policy',
    );
  });

  test('a grant allows exactly its operations, its constraints enforced; never over an explicit deny', async () => {
    const user = await newUser('grantee-user');
    const key = await newKey(keyPolicy());
    await denied(user.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext })));
    await rootKms.send(
      new CreateGrantCommand({ KeyId: key.id, GranteePrincipal: user.arn, Operations: ['Encrypt', 'Decrypt'] }),
    );
    const sealed = await user.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext }));
    const opened = await user.kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
    assert.deepEqual(opened.Plaintext, plaintext);
    const err = await denied(user.kms.send(new GenerateDataKeyCommand({ KeyId: key.id, KeySpec: 'AES_256' })));
    assert.match(err.message, /kms:GenerateDataKey on resource: .* because no resource-based policy allows/);

    const constrainedUser = await newUser('constrained-user');
    await rootKms.send(
      new CreateGrantCommand({
        KeyId: key.id,
        GranteePrincipal: constrainedUser.arn,
        Operations: ['Encrypt'],
        Constraints: { EncryptionContextEquals: { tenant: 'a' } },
      }),
    );
    const ctxA = { tenant: 'a' };
    await constrainedUser.kms.send(
      new EncryptCommand({ KeyId: key.id, Plaintext: plaintext, EncryptionContext: ctxA }),
    );
    await denied(constrainedUser.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext })));
    await denied(
      constrainedUser.kms.send(
        new EncryptCommand({ KeyId: key.id, Plaintext: plaintext, EncryptionContext: { tenant: 'b' } }),
      ),
    );

    const deniedUser = await newUser('grant-vs-deny');
    const guarded = await newKey(
      keyPolicy({ Effect: 'Deny', Principal: { AWS: deniedUser.arn }, Action: 'kms:Encrypt', Resource: '*' }),
    );
    await rootKms.send(
      new CreateGrantCommand({ KeyId: guarded.id, GranteePrincipal: deniedUser.arn, Operations: ['Encrypt'] }),
    );
    const err2 = await denied(deniedUser.kms.send(new EncryptCommand({ KeyId: guarded.id, Plaintext: plaintext })));
    assert.match(err2.message, /with an explicit deny in a resource-based policy$/);
  });

  test('an alias resolves to its key: a Deny on the key ARN cannot be sidestepped through it', async () => {
    const user = await newUser('alias-user', ALLOW_KMS, { Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' });
    const key = await newKey();
    const aliasUser = await newUser('alias-user-2', ALLOW_KMS);
    const keyDeny = { Effect: 'Deny', Action: 'kms:Encrypt', Resource: key.arn };
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'alias-user-2', PolicyName: 'deny', PolicyDocument: doc(keyDeny) }),
    );
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/sidestep', TargetKeyId: key.id }));
    for (const keyId of ['alias/sidestep', `arn:aws:kms:us-east-1:${account}:alias/sidestep`]) {
      const err = await denied(aliasUser.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })));
      assert.equal(
        err.message,
        `User: ${aliasUser.arn} is not authorized to perform: kms:Encrypt on resource: ${key.arn} ` +
          'with an explicit deny in an identity-based policy',
      );
    }
    await denied(user.kms.send(new EncryptCommand({ KeyId: 'alias/sidestep', Plaintext: plaintext })));
    // kms:RequestAlias is in the context of a request through an alias.
    const viaAlias = await newUser('request-alias-user', {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:RequestAlias': 'alias/sidestep' } },
    });
    await viaAlias.kms.send(new EncryptCommand({ KeyId: 'alias/sidestep', Plaintext: plaintext }));
    await denied(viaAlias.kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: plaintext })));
  });

  test('Decrypt without a KeyId is authorized against the key of the ciphertext', async () => {
    const open = await newKey();
    const closed = await newKey(keyPolicy());
    const user = await newUser('blob-user', ALLOW_KMS);
    const fromOpen = await user.kms.send(new EncryptCommand({ KeyId: open.id, Plaintext: plaintext }));
    const opened = await user.kms.send(new DecryptCommand({ CiphertextBlob: fromOpen.CiphertextBlob }));
    assert.deepEqual(opened.Plaintext, plaintext);

    await rootKms.send(
      new PutKeyPolicyCommand({
        KeyId: closed.id,
        PolicyName: 'default',
        Policy: keyPolicy({ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'kms:Encrypt', Resource: '*' }),
      }),
    );
    const fromClosed = await user.kms.send(new EncryptCommand({ KeyId: closed.id, Plaintext: plaintext }));
    const err = await denied(user.kms.send(new DecryptCommand({ CiphertextBlob: fromClosed.CiphertextBlob })));
    assert.equal(
      err.message,
      `User: ${user.arn} is not authorized to perform: kms:Decrypt on resource: ${closed.arn} ` +
        'because no resource-based policy allows the kms:Decrypt action',
    );
  });

  test('a key that does not exist is NotFound, not AccessDenied', async () => {
    const user = await newUser('missing-key-user', ALLOW_KMS);
    await assert.rejects(
      user.kms.send(new EncryptCommand({ KeyId: '11111111-2222-3333-4444-555555555555', Plaintext: plaintext })),
      (e: { name: string }) => e.name === 'NotFoundException',
    );
  });
});
