// A session is bound to its role's (or user's) unique id: it never inherits a new principal of the same name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateRoleCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateGrantCommand, CreateKeyCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { administratorKeys } from '../helpers/administrator.js';
import { allow, clients, policy, rejects, role, sessionKeys, trust, userWithKey, type Keys } from './sts-fixtures.js';

const plaintext = new Uint8Array([1, 2, 3]);

describe('sessions of a deleted principal', () => {
  let w: TestWarden;
  let root: IAMClient;
  let rootKms: KMSClient;
  let account: string;

  before(async () => {
    w = await startWarden();
    root = new IAMClient(w.clientConfig);
    rootKms = new KMSClient(w.clientConfig);
    account = w.accountId;
  });
  after(async () => {
    await w.stop();
  });

  const kms = (keys: Keys) => new KMSClient({ ...w.clientConfig, credentials: keys });

  async function deleteRole(name: string, policyName: string): Promise<void> {
    await root.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
    await root.send(new DeleteRoleCommand({ RoleName: name }));
  }

  test('a session of a deleted role gains nothing from a new role of the same name', async () => {
    const first = await role(
      root,
      'deploy',
      trust({ AWS: `arn:aws:iam::${account}:root` }),
      policy(allow('iam:GetUser')),
    );
    // AWS refuses AssumeRole to the root user: an administrator of the account assumes the role.
    const adminSts = new STSClient({ ...w.clientConfig, credentials: await administratorKeys(w) });
    const assumed = await adminSts.send(new AssumeRoleCommand({ RoleArn: first.arn, RoleSessionName: 'old' }));
    const old = sessionKeys(assumed.Credentials);
    const oldArn = `arn:aws:sts::${account}:assumed-role/deploy/old`;
    assert.equal(assumed.AssumedRoleUser!.AssumedRoleId, `${first.roleId}:old`);

    await deleteRole('deploy', 'permissions');
    // The new role: same name and ARN, a new unique id, and far wider permissions.
    const second = await root.send(
      new CreateRoleCommand({
        RoleName: 'deploy',
        AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${account}:root` }),
      }),
    );
    assert.equal(second.Role!.Arn, first.arn);
    assert.notEqual(second.Role!.RoleId, first.roleId);
    await root.send(
      new PutRolePolicyCommand({
        RoleName: 'deploy',
        PolicyName: 'wide',
        PolicyDocument: policy(allow(['iam:ListUsers', 'kms:*'])),
      }),
    );
    // A key whose policy names the new role (by its ARN), and a grant to the new role on another key.
    const named = await rootKms.send(
      new CreateKeyCommand({
        Policy: policy(
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Allow', Principal: { AWS: first.arn }, Action: 'kms:Encrypt', Resource: '*' },
        ),
      }),
    );
    const granted = await rootKms.send(
      new CreateKeyCommand({
        Policy: policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: ['kms:PutKeyPolicy', 'kms:CreateGrant'],
          Resource: '*',
        }),
      }),
    );
    await rootKms.send(
      new CreateGrantCommand({
        KeyId: granted.KeyMetadata!.KeyId!,
        GranteePrincipal: first.arn,
        Operations: ['Encrypt'],
      }),
    );

    // The new role's own sessions have all of it.
    const fresh = sessionKeys(
      (await adminSts.send(new AssumeRoleCommand({ RoleArn: first.arn, RoleSessionName: 'new' }))).Credentials,
    );
    await clients(w, fresh).iam.send(new ListUsersCommand({}));
    await kms(fresh).send(new EncryptCommand({ KeyId: named.KeyMetadata!.KeyId!, Plaintext: plaintext }));
    await kms(fresh).send(new EncryptCommand({ KeyId: granted.KeyMetadata!.KeyId!, Plaintext: plaintext }));

    // The old session: its role (by id) has no policy left, so every call is denied, as AWS evaluates a session's
    // permissions on each request.
    await rejects(
      clients(w, old).iam.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      `User: ${oldArn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${account}:user/ ` +
        'because no identity-based policy allows the iam:ListUsers action',
    );
    await rejects(
      clients(w, old).iam.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      'User: arn:aws:sts::123456789012:assumed-role/deploy/old is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action',
    );
    await rejects(
      kms(old).send(new ListKeysCommand({})),
      'AccessDeniedException',
      400,
      'User: arn:aws:sts::123456789012:assumed-role/deploy/old is not authorized to perform: kms:ListKeys on resource: * because no identity-based policy allows the kms:ListKeys action',
    );
    // Nor do a key policy or a grant naming the role's ARN (now the new role's) reach it.
    await rejects(
      kms(old).send(new EncryptCommand({ KeyId: named.KeyMetadata!.KeyId!, Plaintext: plaintext })),
      'AccessDeniedException',
      400,
    );
    await rejects(
      kms(old).send(new EncryptCommand({ KeyId: granted.KeyMetadata!.KeyId!, Plaintext: plaintext })),
      'AccessDeniedException',
      400,
    );
    // It still authenticates: GetCallerIdentity needs no permission and names the old role's id.
    const who = await clients(w, old).sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.UserId, `${first.roleId}:old`);
  });

  test('a session of a deleted user gains nothing from a new user of the same name', async () => {
    const alice = await userWithKey(root, 'alice', policy(allow(['sts:GetSessionToken'])));
    const session = sessionKeys((await clients(w, alice).sts.send(new GetSessionTokenCommand({}))).Credentials);
    await root.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'own' }));
    const keys = await root.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    for (const k of keys.AccessKeyMetadata ?? []) {
      await root.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: k.AccessKeyId! }));
    }
    await root.send(new DeleteUserCommand({ UserName: 'alice' }));

    const reborn = await userWithKey(root, 'alice', policy(allow('kms:ListKeys')));
    assert.notEqual(reborn.userId, alice.userId);
    await kms(reborn).send(new ListKeysCommand({}));
    await rejects(
      kms(session).send(new ListKeysCommand({})),
      'AccessDeniedException',
      400,
      `User: ${alice.arn} is not authorized to perform: kms:ListKeys on resource: * ` +
        'because no identity-based policy allows the kms:ListKeys action',
    );
    await root.send(
      new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'more', PolicyDocument: policy(allow('kms:*')) }),
    );
    await rejects(
      kms(session).send(new ListKeysCommand({})),
      'AccessDeniedException',
      400,
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: kms:ListKeys on resource: * because no identity-based policy allows the kms:ListKeys action',
    );
  });
});
