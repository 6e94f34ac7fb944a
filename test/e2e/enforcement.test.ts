// Enforcement through the real server: every call is authorized by the caller's policies, with AWS's denials.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DecodeAuthorizationMessageCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
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

interface User {
  name: string;
  arn: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A new user with an access key, created by the root user, and its inline policy if given. */
async function newUser(name: string, ...statements: Statement[]): Promise<User> {
  const created = await root.send(new CreateUserCommand({ UserName: name }));
  const key = await root.send(new CreateAccessKeyCommand({ UserName: name }));
  if (statements.length > 0) {
    await root.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: doc(...statements) }),
    );
  }
  return {
    name,
    arn: created.User!.Arn!,
    credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
  };
}

function iamAs(user: User, region = 'us-east-1'): IAMClient {
  return new IAMClient({ ...w.clientConfig, region, credentials: user.credentials });
}

interface AwsFailure {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
  $response?: { headers: Record<string, string> };
}

async function failure(p: Promise<unknown>): Promise<AwsFailure> {
  return p.then(
    () => assert.fail('expected the call to be denied'),
    (e: AwsFailure) => e,
  );
}

function denied(user: User, action: string, resource: string | undefined, reason: string): string {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  return `User: ${user.arn} is not authorized to perform: ${action}${on} ${reason}`;
}

const noIdentityPolicy = (action: string) => `because no identity-based policy allows the ${action} action`;

describe('a user without policies', () => {
  let nobody: User;
  before(async () => {
    nobody = await newUser('nobody');
  });

  test('is denied IAM calls with AWS’s AccessDenied (403) and exact message', async () => {
    const list = await failure(iamAs(nobody).send(new ListUsersCommand({})));
    assert.equal(list.name, 'AccessDenied');
    assert.equal(list.$metadata.httpStatusCode, 403);
    assert.equal(
      list.message,
      denied(nobody, 'iam:ListUsers', `arn:aws:iam::${account}:user/`, noIdentityPolicy('iam:ListUsers')),
    );
    const create = await failure(iamAs(nobody).send(new CreateUserCommand({ UserName: 'bob' })));
    assert.equal(create.name, 'AccessDenied');
    assert.equal(
      create.message,
      denied(nobody, 'iam:CreateUser', `arn:aws:iam::${account}:user/bob`, noIdentityPolicy('iam:CreateUser')),
    );
    const self = await failure(iamAs(nobody).send(new GetUserCommand({})));
    assert.equal(self.message, denied(nobody, 'iam:GetUser', 'user nobody', noIdentityPolicy('iam:GetUser')));
  });

  test('is denied JSON-protocol services with AccessDeniedException', async () => {
    const trail = await failure(
      new CloudTrailClient({ ...w.clientConfig, credentials: nobody.credentials }).send(new LookupEventsCommand({})),
    );
    assert.equal(trail.name, 'AccessDeniedException');
    assert.equal(trail.$metadata.httpStatusCode, 400);
    assert.equal(
      trail.message,
      denied(nobody, 'cloudtrail:LookupEvents', undefined, noIdentityPolicy('cloudtrail:LookupEvents')),
    );
    const org = await failure(
      new OrganizationsClient({ ...w.clientConfig, credentials: nobody.credentials }).send(
        new DescribeOrganizationCommand({}),
      ),
    );
    assert.equal(org.name, 'AccessDeniedException');
    assert.equal(org.$metadata.httpStatusCode, 400);
    assert.equal(
      org.message,
      denied(nobody, 'organizations:DescribeOrganization', '*', noIdentityPolicy('organizations:DescribeOrganization')),
    );
  });

  test('may still ask who it is', async () => {
    const me = await new STSClient({ ...w.clientConfig, credentials: nobody.credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(me.Arn, nobody.arn);
  });

  test('gets a sealed explanation that only a principal allowed sts:DecodeAuthorizationMessage can open', async () => {
    const err = await failure(iamAs(nobody).send(new CreateUserCommand({ UserName: 'eve' })));
    const encoded = err.$response?.headers['x-warden-authorization-message'];
    assert.ok(encoded, 'the denial carries an encoded authorization message');
    const self = await failure(
      new STSClient({ ...w.clientConfig, credentials: nobody.credentials }).send(
        new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }),
      ),
    );
    assert.equal(self.name, 'AccessDenied');
    const decoded = await new STSClient(w.clientConfig).send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }),
    );
    const message = JSON.parse(decoded.DecodedMessage!);
    assert.equal(message.allowed, false);
    assert.equal(message.explicitDeny, false);
    assert.equal(message.context.action, 'iam:CreateUser');
    assert.equal(message.context.resource, `arn:aws:iam::${account}:user/eve`);
    assert.equal(message.context.principal.arn, nobody.arn);
    assert.deepEqual(message.matchedStatements.items, []);
  });
});

describe('policies grant exactly what they say', () => {
  test('an Allow of iam:ListUsers allows listing and nothing else; its removal takes effect at once', async () => {
    const lister = await newUser('lister', { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
    const users = await iamAs(lister).send(new ListUsersCommand({}));
    assert.ok(users.Users!.some((u) => u.UserName === 'lister'));
    const create = await failure(iamAs(lister).send(new CreateUserCommand({ UserName: 'not-allowed' })));
    assert.equal(create.name, 'AccessDenied');

    await root.send(new DeleteUserPolicyCommand({ UserName: 'lister', PolicyName: 'inline' }));
    const after = await failure(iamAs(lister).send(new ListUsersCommand({})));
    assert.equal(after.name, 'AccessDenied');
  });

  test('a resource-scoped Allow covers only the resources it names', async () => {
    const teamAdmin = await newUser('team-admin', {
      Effect: 'Allow',
      Action: 'iam:CreateUser',
      Resource: `arn:aws:iam::${account}:user/team-*`,
    });
    const made = await iamAs(teamAdmin).send(new CreateUserCommand({ UserName: 'team-x' }));
    assert.equal(made.User!.UserName, 'team-x');
    const other = await failure(iamAs(teamAdmin).send(new CreateUserCommand({ UserName: 'ops-x' })));
    assert.equal(
      other.message,
      denied(teamAdmin, 'iam:CreateUser', `arn:aws:iam::${account}:user/ops-x`, noIdentityPolicy('iam:CreateUser')),
    );
  });

  test('an explicit Deny beats any Allow, and names the managed policy that denied', async () => {
    const guarded = await newUser('guarded', { Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    await iamAs(guarded).send(new ListUsersCommand({}));
    const policy = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'DenyUserCreation',
        PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }),
      }),
    );
    await root.send(new AttachUserPolicyCommand({ UserName: 'guarded', PolicyArn: policy.Policy!.Arn }));
    const err = await failure(iamAs(guarded).send(new CreateUserCommand({ UserName: 'blocked' })));
    assert.equal(
      err.message,
      denied(
        guarded,
        'iam:CreateUser',
        `arn:aws:iam::${account}:user/blocked`,
        `with an explicit deny in an identity-based policy: ${policy.Policy!.Arn}`,
      ),
    );
    await iamAs(guarded).send(new ListUsersCommand({}));

    // An inline Deny is not named.
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'guarded',
        PolicyName: 'no-list',
        PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }),
      }),
    );
    const list = await failure(iamAs(guarded).send(new ListUsersCommand({})));
    assert.equal(
      list.message,
      denied(
        guarded,
        'iam:ListUsers',
        `arn:aws:iam::${account}:user/`,
        'with an explicit deny in an identity-based policy',
      ),
    );
  });

  test("a group's policies count for its members", async () => {
    const member = await newUser('member');
    await root.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await root.send(
      new PutGroupPolicyCommand({
        GroupName: 'readers',
        PolicyName: 'read',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }),
      }),
    );
    assert.equal((await failure(iamAs(member).send(new GetUserCommand({})))).name, 'AccessDenied');
    await root.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'member' }));
    const me = await iamAs(member).send(new GetUserCommand({}));
    assert.equal(me.User!.UserName, 'member');
  });

  test('a permissions boundary limits what the identity policies allow', async () => {
    const bounded = await newUser('bounded', { Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    const boundary = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'ListOnly',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:List*', 'iam:Get*'], Resource: '*' }),
      }),
    );
    await root.send(
      new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: boundary.Policy!.Arn }),
    );
    await iamAs(bounded).send(new ListUsersCommand({}));
    const err = await failure(iamAs(bounded).send(new CreateUserCommand({ UserName: 'beyond' })));
    assert.equal(
      err.message,
      denied(
        bounded,
        'iam:CreateUser',
        `arn:aws:iam::${account}:user/beyond`,
        'because no permissions boundary allows the iam:CreateUser action',
      ),
    );
  });
});

describe('conditions decide with the request context', () => {
  test('aws:SourceIp', async () => {
    const local = await newUser('from-loopback', {
      Effect: 'Allow',
      Action: 'iam:ListUsers',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } },
    });
    await iamAs(local).send(new ListUsersCommand({}));
    const remote = await newUser('from-office', {
      Effect: 'Allow',
      Action: 'iam:ListUsers',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });
    assert.equal((await failure(iamAs(remote).send(new ListUsersCommand({})))).name, 'AccessDenied');
  });

  test('aws:RequestedRegion', async () => {
    const regional = await newUser('eu-only', {
      Effect: 'Allow',
      Action: 'iam:ListUsers',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    });
    await iamAs(regional, 'eu-west-1').send(new ListUsersCommand({}));
    assert.equal((await failure(iamAs(regional, 'us-east-1').send(new ListUsersCommand({})))).name, 'AccessDenied');
  });

  test('aws:RequestTag', async () => {
    const tagger = await newUser('tagger', {
      Effect: 'Allow',
      Action: ['iam:CreateUser', 'iam:TagUser'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' } },
    });
    const blue = await iamAs(tagger).send(
      new CreateUserCommand({ UserName: 'blue-1', Tags: [{ Key: 'team', Value: 'blue' }] }),
    );
    assert.equal(blue.User!.UserName, 'blue-1');
    const red = await failure(
      iamAs(tagger).send(new CreateUserCommand({ UserName: 'red-1', Tags: [{ Key: 'team', Value: 'red' }] })),
    );
    assert.equal(red.name, 'AccessDenied');
    assert.equal(
      (await failure(iamAs(tagger).send(new CreateUserCommand({ UserName: 'untagged' })))).name,
      'AccessDenied',
    );
  });
});

test('a denial is in the audit trail with its errorCode and message', async () => {
  const auditee = await newUser('auditee');
  const err = await failure(iamAs(auditee).send(new ListUsersCommand({})));
  const trail = new CloudTrailClient(w.clientConfig);
  let record: Record<string, unknown> | undefined;
  for (let i = 0; i < 50 && record === undefined; i++) {
    const events = await trail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'auditee' }] }),
    );
    const hit = events.Events?.find((e) => e.EventName === 'ListUsers');
    if (hit) record = JSON.parse(hit.CloudTrailEvent!);
    else await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(record, 'the denied call was recorded');
  assert.equal(record.errorCode, 'AccessDenied');
  assert.equal(record.errorMessage, err.message);
  assert.equal((record.userIdentity as Record<string, unknown>).arn, auditee.arn);
});
