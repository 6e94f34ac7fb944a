import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import { iamPrefixes, loadActionCatalog, type ActionCatalog } from './action-catalog.js';
import { SERVICES } from '../../test/helpers/registry.js';
import type { AccountDirectory, RoleFacts, UserFacts } from '../core/authorization.js';
import { operationPlan } from './operation-plan.js';
import { resolveChecks, resourceOverrides, type ResolvedCheck } from './resolve-resources.js';

const ACCOUNT = '111122223333';
const alice: CallerIdentity = {
  type: 'IAMUser',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalId: 'AIDAALICE',
  userName: 'alice',
};

const users: Record<string, UserFacts> = {
  bob: {
    name: 'Bob',
    path: '/staff/',
    id: 'AIDABOB',
    boundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Bound`,
    tags: { team: 'x' },
  },
};
const roles: Record<string, RoleFacts> = {
  deployer: {
    name: 'deployer',
    path: '/ci/',
    id: 'AROADEPLOYER',
    boundaryArn: null,
    tags: { env: 'prod' },
    trustPolicy: '{"Version":"2012-10-17","Statement":[]}',
    serviceLinked: false,
  },
};

/** A directory over fixed entities, standing in for the store. */
const directory = {
  user: async (n: string) => users[n.toLowerCase()] ?? null,
  role: async (n: string) => roles[n.toLowerCase()] ?? null,
  group: async (n: string) => (n === 'admins' ? { name: 'admins', path: '/ops/' } : null),
  policy: async () => ({ name: 'P', path: '/', tags: { owner: 'sec' } }),
  accessKeyOwner: async (k: string) => (k === 'AKIABOB' ? 'bob' : null),
} as unknown as AccountDirectory;

let catalog: ActionCatalog;
before(async () => {
  catalog = await loadActionCatalog(iamPrefixes(SERVICES));
});

async function resolve(
  service: ModelName,
  operation: string,
  input: Record<string, unknown>,
  identity: CallerIdentity = alice,
  region = 'us-east-1',
): Promise<ResolvedCheck[]> {
  const plan = operationPlan(catalog, service, operation);
  return resolveChecks(
    { identity, partition: 'aws', region, operation, input, directory: async () => directory },
    plan,
    resourceOverrides(SERVICES),
  );
}

function arns(checks: ResolvedCheck[]): string[][] {
  return checks.map((c) => [c.action, ...c.resources.map((r) => r.arn)]);
}

describe('IAM resources', () => {
  test('a created user is named by the path in the request', async () => {
    const checks = await resolve('iam', 'CreateUser', { UserName: 'carol', Path: '/dev/' });
    assert.deepEqual(arns(checks), [['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/dev/carol`]]);
    assert.equal(checks[0]?.resources[0]?.display, `arn:aws:iam::${ACCOUNT}:user/dev/carol`);
  });

  test('tagging what is created needs the Tag action on it too', async () => {
    const checks = await resolve('iam', 'CreateUser', { UserName: 'dan', Tags: [{ Key: 'k', Value: 'v' }] });
    assert.deepEqual(arns(checks), [
      ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/dan`],
      ['iam:TagUser', `arn:aws:iam::${ACCOUNT}:user/dan`],
    ]);
    const oidc = await resolve('iam', 'CreateOpenIDConnectProvider', {
      Url: 'https://id.example.com',
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    assert.deepEqual(arns(oidc), [
      ['iam:CreateOpenIDConnectProvider', `arn:aws:iam::${ACCOUNT}:oidc-provider/id.example.com`],
      ['iam:TagOpenIDConnectProvider', `arn:aws:iam::${ACCOUNT}:oidc-provider/id.example.com`],
    ]);
  });

  test('an existing user is named by its stored path and name, and IAM messages say "user <name>"', async () => {
    const [check] = await resolve('iam', 'DeleteUser', { UserName: 'BOB' });
    assert.ok(check);
    assert.equal(check.resources[0]?.arn, `arn:aws:iam::${ACCOUNT}:user/staff/Bob`);
    assert.equal(check.resources[0]?.display, 'user BOB');
    assert.deepEqual(check.resources[0]?.entity?.tags, { team: 'x' });
    assert.equal(check.resources[0]?.entity?.boundaryArn, `arn:aws:iam::${ACCOUNT}:policy/Bound`);
  });

  test('a user that does not exist is named at the root path', async () => {
    const [check] = await resolve('iam', 'GetUser', { UserName: 'ghost' });
    assert.ok(check);
    assert.equal(check.resources[0]?.arn, `arn:aws:iam::${ACCOUNT}:user/ghost`);
  });

  test('leaving the user name out acts on the caller', async () => {
    const [check] = await resolve('iam', 'CreateAccessKey', {});
    assert.ok(check);
    assert.equal(check.resources[0]?.arn, alice.arn);
    assert.equal(check.resources[0]?.display, 'user alice');
    const [pw] = await resolve('iam', 'ChangePassword', { OldPassword: 'a', NewPassword: 'b' });
    assert.ok(pw);
    assert.equal(pw.resources[0]?.arn, alice.arn);
  });

  test('listings are authorized on the path they list', async () => {
    assert.deepEqual(arns(await resolve('iam', 'ListUsers', {})), [['iam:ListUsers', `arn:aws:iam::${ACCOUNT}:user/`]]);
    const [roles] = await resolve('iam', 'ListRoles', { PathPrefix: '/ci/' });
    assert.ok(roles);
    assert.equal(roles.resources[0]?.arn, `arn:aws:iam::${ACCOUNT}:role/ci/`);
    const [policies] = await resolve('iam', 'ListPolicies', {});
    assert.ok(policies);
    assert.equal(policies.resources[0]?.display, 'policy path /');
  });

  test('policies named by ARN keep the ARN, and IAM messages say "policy <arn>"', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/team/P`;
    const [check] = await resolve('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: '{}' });
    assert.ok(check);
    assert.equal(check.resources[0]?.arn, arn);
    assert.equal(check.resources[0]?.display, `policy ${arn}`);
    assert.deepEqual(check.resources[0]?.entity?.tags, { owner: 'sec' });
    const [created] = await resolve('iam', 'CreatePolicy', { PolicyName: 'Q', Path: '/x/', PolicyDocument: '{}' });
    assert.ok(created);
    assert.equal(created.resources[0]?.arn, `arn:aws:iam::${ACCOUNT}:policy/x/Q`);
    assert.equal(created.resources[0]?.display, 'policy Q');
  });

  test('attaching a policy is authorized on the user, group or role, not on the policy', async () => {
    const policy = `arn:aws:iam::${ACCOUNT}:policy/P`;
    assert.deepEqual(arns(await resolve('iam', 'AttachUserPolicy', { UserName: 'bob', PolicyArn: policy })), [
      ['iam:AttachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/staff/Bob`],
    ]);
    const [group] = await resolve('iam', 'AddUserToGroup', { GroupName: 'admins', UserName: 'alice' });
    assert.ok(group);
    assert.equal(group.resources[0]?.arn, `arn:aws:iam::${ACCOUNT}:group/ops/admins`);
    assert.equal(group.resources[0]?.display, 'group admins');
  });

  test('renaming a user needs the permission on the old and the new name', async () => {
    const [check] = await resolve('iam', 'UpdateUser', { UserName: 'bob', NewUserName: 'robert' });
    assert.ok(check);
    assert.deepEqual(
      check.resources.map((r) => r.arn),
      [`arn:aws:iam::${ACCOUNT}:user/staff/Bob`, `arn:aws:iam::${ACCOUNT}:user/staff/robert`],
    );
  });

  test("GetAccessKeyLastUsed is authorized on the key's owner", async () => {
    const [check] = await resolve('iam', 'GetAccessKeyLastUsed', { AccessKeyId: 'AKIABOB' });
    assert.ok(check);
    assert.equal(check.resources[0]?.arn, `arn:aws:iam::${ACCOUNT}:user/staff/Bob`);
  });
});

describe('other services', () => {
  test('an action without resource types is authorized on *', async () => {
    assert.deepEqual(arns(await resolve('cloudtrail', 'LookupEvents', {})), [['cloudtrail:LookupEvents', '*']]);
    assert.deepEqual(arns(await resolve('sts', 'GetCallerIdentity', {})), [['sts:GetCallerIdentity', '*']]);
  });

  test('a trail is named from its name in the signing region, or by the ARN given', async () => {
    const [byName] = await resolve('cloudtrail', 'StartLogging', { Name: 'audit' }, alice, 'eu-west-1');
    assert.ok(byName);
    assert.equal(byName.resources[0]?.arn, `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/audit`);
    const arn = 'arn:aws:cloudtrail:us-west-2:444455556666:trail/other';
    const [byArn] = await resolve('cloudtrail', 'StartLogging', { Name: arn });
    assert.ok(byArn);
    assert.equal(byArn.resources[0]?.arn, arn);
  });

  test('tagging acts on each resource the input names by ARN', async () => {
    const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit`;
    const [check] = await resolve('cloudtrail', 'AddTags', { ResourceId: arn, TagsList: [] });
    assert.ok(check);
    assert.deepEqual(
      check.resources.map((r) => r.arn),
      [arn],
    );
  });

  test('passing a role to CloudTrail needs iam:PassRole on it, for cloudtrail.amazonaws.com', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/ci/deployer`;
    const checks = await resolve('cloudtrail', 'CreateTrail', {
      Name: 't',
      S3BucketName: 'b',
      CloudWatchLogsRoleArn: role,
    });
    assert.deepEqual(arns(checks), [
      ['cloudtrail:CreateTrail', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t`],
      ['iam:PassRole', role],
    ]);
    assert.deepEqual(checks[1]?.context, { 'iam:PassedToService': 'cloudtrail.amazonaws.com' });
    assert.equal((await resolve('cloudtrail', 'CreateTrail', { Name: 't', S3BucketName: 'b' })).length, 1);
  });

  test('KMS aliases name both the alias and the key; ReEncrypt needs both of its actions', async () => {
    const checks = await resolve('kms', 'CreateAlias', { AliasName: 'alias/app', TargetKeyId: '1234abcd' });
    assert.deepEqual(arns(checks), [
      [
        'kms:CreateAlias',
        `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`,
        `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`,
      ],
    ]);
    const reencrypt = await resolve('kms', 'ReEncrypt', {
      CiphertextBlob: 'x',
      SourceKeyId: 'src',
      DestinationKeyId: 'dst',
    });
    assert.deepEqual(arns(reencrypt), [
      ['kms:ReEncryptFrom', `arn:aws:kms:us-east-1:${ACCOUNT}:key/src`],
      ['kms:ReEncryptTo', `arn:aws:kms:us-east-1:${ACCOUNT}:key/dst`],
    ]);
  });

  test('AssumeRole acts on the role, carrying its trust policy and tags', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/ci/deployer`;
    const checks = await resolve('sts', 'AssumeRole', { RoleArn: role, RoleSessionName: 's' });
    assert.deepEqual(arns(checks), [['sts:AssumeRole', role]]);
    assert.equal(checks[0]?.resources[0]?.entity?.trustPolicy, roles.deployer?.trustPolicy);
    assert.deepEqual(checks[0]?.resources[0]?.entity?.tags, { env: 'prod' });
  });

  test('a federation token with session tags needs sts:TagSession too', async () => {
    const checks = await resolve('sts', 'GetFederationToken', { Name: 'fed', Tags: [{ Key: 'a', Value: 'b' }] });
    assert.deepEqual(arns(checks), [
      ['sts:GetFederationToken', `arn:aws:sts::${ACCOUNT}:federated-user/fed`],
      ['sts:TagSession', '*'],
    ]);
  });
});
