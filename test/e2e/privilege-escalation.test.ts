// The known IAM privilege-escalation paths: each is denied unless a policy grants that very action on that resource.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let root: IAMClient;
let account: string;

before(async () => {
  w = await startWarden();
  root = new IAMClient(w.clientConfig);
  account = w.accountId;
});
after(async () => {
  await w.stop();
});

type Statement = Record<string, unknown>;

function doc(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const TRUST_EC2 = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

interface Attacker {
  name: string;
  arn: string;
  iam: IAMClient;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Replaces the attacker's one inline policy. */
  grant(...statements: Statement[]): Promise<void>;
}

async function attacker(name: string, ...statements: Statement[]): Promise<Attacker> {
  const created = await root.send(new CreateUserCommand({ UserName: name }));
  const key = await root.send(new CreateAccessKeyCommand({ UserName: name }));
  const credentials = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  const grant = async (...s: Statement[]) => {
    await root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'granted', PolicyDocument: doc(...s) }));
  };
  await grant({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }, ...statements);
  return { name, arn: created.User!.Arn!, iam: new IAMClient({ ...w.clientConfig, credentials }), credentials, grant };
}

async function deniedWith(p: Promise<unknown>): Promise<string> {
  const err = (await p.then(
    () => assert.fail('expected AccessDenied'),
    (e: { name: string; message: string }) => e,
  )) as { name: string; message: string };
  assert.match(err.name, /^AccessDenied(Exception)?$/, `${err.name}: ${err.message}`);
  return err.message;
}

function message(who: Attacker, action: string, resource: string): string {
  return `User: ${who.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}

/** Admin rights are what every path below is after: the attacker has them once this succeeds. */
async function hasAdmin(who: Attacker): Promise<boolean> {
  return who.iam.send(new ListUsersCommand({})).then(
    () => true,
    () => false,
  );
}

describe('escalation through a policy attached to oneself', () => {
  test('CreatePolicyVersion (SetAsDefault) needs iam:CreatePolicyVersion on that policy', async () => {
    const mallory = await attacker('mallory-cpv');
    const policy = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'MalloryTools',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
      }),
    );
    const arn = policy.Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: mallory.name, PolicyArn: arn }));
    const attempt = () =>
      mallory.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ADMIN, SetAsDefault: true }));

    assert.equal(await deniedWith(attempt()), message(mallory, 'iam:CreatePolicyVersion', `policy ${arn}`));
    // A grant on another policy does not reach this one.
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:CreatePolicyVersion',
      Resource: `arn:aws:iam::${account}:policy/Other`,
    });
    await deniedWith(attempt());
    assert.equal(await hasAdmin(mallory), false);

    await mallory.grant({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: arn });
    await attempt();
    assert.equal(await hasAdmin(mallory), true, 'the new default version is enforced on the next request');
  });

  test('SetDefaultPolicyVersion needs iam:SetDefaultPolicyVersion on that policy', async () => {
    const mallory = await attacker('mallory-sdv');
    const policy = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'MalloryOld',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
      }),
    );
    const arn = policy.Policy!.Arn!;
    await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ADMIN, SetAsDefault: false }));
    await root.send(new AttachUserPolicyCommand({ UserName: mallory.name, PolicyArn: arn }));
    const attempt = () => mallory.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));

    assert.equal(await deniedWith(attempt()), message(mallory, 'iam:SetDefaultPolicyVersion', `policy ${arn}`));
    await mallory.grant({ Effect: 'Allow', Action: 'iam:SetDefaultPolicyVersion', Resource: arn });
    await attempt();
    assert.equal(await hasAdmin(mallory), true);
  });

  test('AttachUserPolicy on oneself needs the grant, and iam:PolicyARN limits which policy', async () => {
    const mallory = await attacker('mallory-attach');
    const admin = await root.send(new CreatePolicyCommand({ PolicyName: 'Admin', PolicyDocument: ADMIN }));
    const readOnly = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'ReadUsers',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }),
      }),
    );
    const attach = (arn: string) =>
      mallory.iam.send(new AttachUserPolicyCommand({ UserName: mallory.name, PolicyArn: arn }));

    assert.equal(
      await deniedWith(attach(admin.Policy!.Arn!)),
      message(mallory, 'iam:AttachUserPolicy', `user ${mallory.name}`),
    );
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:AttachUserPolicy',
      Resource: mallory.arn,
      Condition: { ArnEquals: { 'iam:PolicyARN': readOnly.Policy!.Arn } },
    });
    await deniedWith(attach(admin.Policy!.Arn!));
    assert.equal(await hasAdmin(mallory), false);
    await attach(readOnly.Policy!.Arn!);
    assert.equal(await hasAdmin(mallory), true, 'the attached read-only policy now allows ListUsers');
  });

  test('PutUserPolicy on oneself needs iam:PutUserPolicy on one’s own user', async () => {
    const mallory = await attacker('mallory-put');
    const attempt = () =>
      mallory.iam.send(new PutUserPolicyCommand({ UserName: mallory.name, PolicyName: 'pwn', PolicyDocument: ADMIN }));
    assert.equal(await deniedWith(attempt()), message(mallory, 'iam:PutUserPolicy', `user ${mallory.name}`));
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:PutUserPolicy',
      Resource: `arn:aws:iam::${account}:user/someone-else`,
    });
    await deniedWith(attempt());
    await mallory.grant({ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: mallory.arn });
    await attempt();
    assert.equal(await hasAdmin(mallory), true);
  });

  test('AddUserToGroup (oneself into an admin group) needs iam:AddUserToGroup on that group', async () => {
    const mallory = await attacker('mallory-group');
    await root.send(new CreateGroupCommand({ GroupName: 'admins' }));
    const adminGroupPolicy = await root.send(
      new CreatePolicyCommand({ PolicyName: 'AdminForGroup', PolicyDocument: ADMIN }),
    );
    await root.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: adminGroupPolicy.Policy!.Arn }));
    const attempt = () => mallory.iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: mallory.name }));

    assert.equal(await deniedWith(attempt()), message(mallory, 'iam:AddUserToGroup', 'group admins'));
    // A grant on the user is not a grant on the group.
    await mallory.grant({ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: mallory.arn });
    await deniedWith(attempt());
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:AddUserToGroup',
      Resource: `arn:aws:iam::${account}:group/admins`,
    });
    await attempt();
    assert.equal(await hasAdmin(mallory), true);
  });

  test('removing one’s own permissions boundary needs iam:DeleteUserPermissionsBoundary', async () => {
    const mallory = await attacker('mallory-pb', { Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    const boundary = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'NoBoundaryChanges',
        PolicyDocument: doc(
          { Effect: 'Allow', Action: '*', Resource: '*' },
          {
            Effect: 'Deny',
            Action: ['iam:DeleteUserPermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
            Resource: '*',
          },
        ),
      }),
    );
    await root.send(
      new PutUserPermissionsBoundaryCommand({ UserName: mallory.name, PermissionsBoundary: boundary.Policy!.Arn }),
    );
    const msg = await deniedWith(
      mallory.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: mallory.name })),
    );
    assert.equal(
      msg,
      `User: ${mallory.arn} is not authorized to perform: iam:DeleteUserPermissionsBoundary on resource: user ${mallory.name} with an explicit deny in a permissions boundary: ${boundary.Policy!.Arn}`,
    );
  });
});

describe('escalation through other principals', () => {
  test('CreateAccessKey for another user needs the grant on that user', async () => {
    const mallory = await attacker('mallory-keys');
    await root.send(new CreateUserCommand({ UserName: 'victim-keys' }));
    const attempt = () => mallory.iam.send(new CreateAccessKeyCommand({ UserName: 'victim-keys' }));
    assert.equal(await deniedWith(attempt()), message(mallory, 'iam:CreateAccessKey', 'user victim-keys'));
    // Managing one's own keys is not managing someone else's.
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:CreateAccessKey',
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    });
    await mallory.iam.send(new CreateAccessKeyCommand({}));
    await deniedWith(attempt());
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:CreateAccessKey',
      Resource: `arn:aws:iam::${account}:user/victim-keys`,
    });
    const key = await attempt();
    assert.equal(key.AccessKey!.UserName, 'victim-keys');
  });

  test('CreateLoginProfile and UpdateLoginProfile for another user need the grant on that user', async () => {
    const mallory = await attacker('mallory-console');
    await root.send(new CreateUserCommand({ UserName: 'victim-console' }));
    const create = () =>
      mallory.iam.send(new CreateLoginProfileCommand({ UserName: 'victim-console', Password: 'Str0ng!Passw0rd-1' }));
    assert.equal(await deniedWith(create()), message(mallory, 'iam:CreateLoginProfile', 'user victim-console'));
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:CreateLoginProfile',
      Resource: `arn:aws:iam::${account}:user/victim-console`,
    });
    await create();

    const update = () =>
      mallory.iam.send(new UpdateLoginProfileCommand({ UserName: 'victim-console', Password: 'An0ther!Passw0rd-2' }));
    assert.equal(await deniedWith(update()), message(mallory, 'iam:UpdateLoginProfile', 'user victim-console'));
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:UpdateLoginProfile',
      Resource: `arn:aws:iam::${account}:user/victim-console`,
    });
    await update();
  });

  test('UpdateAssumeRolePolicy and AttachRolePolicy on a role need the grant on that role', async () => {
    const mallory = await attacker('mallory-role');
    await root.send(new CreateRoleCommand({ RoleName: 'powerful', AssumeRolePolicyDocument: TRUST_EC2 }));
    const admin = await root.send(new CreatePolicyCommand({ PolicyName: 'AdminForRole', PolicyDocument: ADMIN }));
    const trustMe = doc({ Effect: 'Allow', Principal: { AWS: mallory.arn }, Action: 'sts:AssumeRole' });
    const retrust = () =>
      mallory.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'powerful', PolicyDocument: trustMe }));
    const attach = () =>
      mallory.iam.send(new AttachRolePolicyCommand({ RoleName: 'powerful', PolicyArn: admin.Policy!.Arn }));

    assert.equal(await deniedWith(retrust()), message(mallory, 'iam:UpdateAssumeRolePolicy', 'role powerful'));
    assert.equal(await deniedWith(attach()), message(mallory, 'iam:AttachRolePolicy', 'role powerful'));
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:UpdateAssumeRolePolicy',
      Resource: `arn:aws:iam::${account}:role/powerful`,
    });
    await retrust();
    await deniedWith(attach());
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:AttachRolePolicy',
      Resource: `arn:aws:iam::${account}:role/powerful`,
    });
    await attach();
  });

  test('creating users is limited by a required permissions boundary (iam:PermissionsBoundary)', async () => {
    const mallory = await attacker('mallory-create');
    const boundary = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'DelegatedBoundary',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }),
      }),
    );
    await mallory.grant({
      Effect: 'Allow',
      Action: 'iam:CreateUser',
      Resource: '*',
      Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary.Policy!.Arn } },
    });
    await deniedWith(mallory.iam.send(new CreateUserCommand({ UserName: 'unbounded-minion' })));
    const made = await mallory.iam.send(
      new CreateUserCommand({ UserName: 'bounded-minion', PermissionsBoundary: boundary.Policy!.Arn }),
    );
    assert.equal(made.User!.PermissionsBoundary?.PermissionsBoundaryArn, boundary.Policy!.Arn);
  });

  test('passing a role to a service needs iam:PassRole on it, for that service', async () => {
    const mallory = await attacker('mallory-pass', {
      Effect: 'Allow',
      Action: 'cloudtrail:CreateTrail',
      Resource: '*',
    });
    await root.send(new CreateRoleCommand({ RoleName: 'cwl-delivery', AssumeRolePolicyDocument: TRUST_EC2 }));
    const roleArn = `arn:aws:iam::${account}:role/cwl-delivery`;
    const trail = new CloudTrailClient({ ...w.clientConfig, credentials: mallory.credentials });
    const attempt = () =>
      trail.send(
        new CreateTrailCommand({
          Name: 'exfil',
          S3BucketName: 'mallory-bucket',
          CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${account}:log-group:x:*`,
          CloudWatchLogsRoleArn: roleArn,
        }),
      );
    assert.equal(await deniedWith(attempt()), message(mallory, 'iam:PassRole', roleArn));
    await mallory.grant(
      { Effect: 'Allow', Action: 'cloudtrail:CreateTrail', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: roleArn,
        Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      },
    );
    await deniedWith(attempt());
    await mallory.grant(
      { Effect: 'Allow', Action: 'cloudtrail:CreateTrail', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: roleArn,
        Condition: { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } },
      },
    );
    // Authorized now: whatever CloudTrail answers next, it is not an access denial.
    const outcome = await attempt().then(
      () => 'created',
      (e: { name: string }) => e.name,
    );
    assert.doesNotMatch(outcome, /AccessDenied/);
  });
});
