// IAM policies end to end with SDK v3: managed policies and versions, inline policies, attachments, boundaries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  type Policy,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const ACCOUNT = '123456789012';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** An identity policy allowing the given actions on everything. */
function allow(...actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
}

/** A valid policy whose size (white space not counted) is exactly `size` characters. */
function policyOfSize(size: number): string {
  const base = allow('s3:GetObject');
  const padded = (n: number) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'x'.repeat(n), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
  const overhead = padded(1).length - 1;
  assert.ok(size > overhead && size > base.length);
  return padded(size - overhead);
}

const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

/**
 * Asserts AWS's error: `code` is the wire code (err.Code); SDK v3 names modeled errors after their shape
 * (NoSuchEntity → NoSuchEntityException) and unmodeled ones after the code itself.
 */
async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.Code, code, err.message);
    assert.ok([code, `${code}Exception`].includes(err.name), err.name);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

describe('IAM policies end to end', () => {
  let w: TestWarden;
  let iam: IAMClient;

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  const createPolicy = async (name: string, document = allow('s3:GetObject'), path?: string): Promise<Policy> =>
    (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document, Path: path }))).Policy!;

  describe('customer managed policies', () => {
    test('CreatePolicy returns the policy as AWS does, GetPolicy adds Description and Tags', async () => {
      const created = (
        await iam.send(
          new CreatePolicyCommand({
            PolicyName: 'ReadBuckets',
            Path: '/team/',
            PolicyDocument: allow('s3:GetObject'),
            Description: 'reads buckets',
            Tags: [{ Key: 'owner', Value: 'alice' }],
          }),
        )
      ).Policy!;
      assert.equal(created.PolicyName, 'ReadBuckets');
      assert.equal(created.Arn, policyArn('ReadBuckets', '/team/'));
      assert.match(created.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
      assert.equal(created.Path, '/team/');
      assert.equal(created.DefaultVersionId, 'v1');
      assert.equal(created.AttachmentCount, 0);
      assert.equal(created.PermissionsBoundaryUsageCount, 0);
      assert.equal(created.IsAttachable, true);
      assert.ok(created.CreateDate instanceof Date);
      assert.deepEqual(created.UpdateDate, created.CreateDate);

      const got = (await iam.send(new GetPolicyCommand({ PolicyArn: created.Arn }))).Policy!;
      assert.equal(got.PolicyId, created.PolicyId);
      assert.equal(got.Description, 'reads buckets');
      assert.deepEqual(got.Tags, [{ Key: 'owner', Value: 'alice' }]);

      const listed = (await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/team/' }))).Policies!;
      assert.deepEqual(
        listed.map((p) => p.PolicyName),
        ['ReadBuckets'],
      );
      assert.equal(listed[0].Description, undefined, 'ListPolicies leaves out Description');
      assert.equal(listed[0].Tags, undefined, 'ListPolicies leaves out Tags');
    });

    test('policy names are unique per account regardless of case and path', async () => {
      await createPolicy('Dup');
      await rejectsWith(
        createPolicy('DUP', allow('s3:GetObject'), '/other/'),
        'EntityAlreadyExists',
        409,
        'A policy called DUP already exists. Duplicate names are not allowed.',
      );
    });

    test('documents are validated: MalformedPolicyDocument with AWS messages', async () => {
      await rejectsWith(createPolicy('Bad1', '{not json'), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
      const withPrincipal = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
      });
      await rejectsWith(
        createPolicy('Bad2', withPrincipal),
        'MalformedPolicyDocument',
        400,
        'Policy document should not specify a principal.',
      );
    });

    test('the policy size quota counts characters without white space', async () => {
      const fits = policyOfSize(6144);
      await createPolicy('JustFits', fits.replace(/,/g, ',\n      '));
      await rejectsWith(
        createPolicy('TooBig', policyOfSize(6145)),
        'LimitExceeded',
        409,
        'Cannot exceed quota for PolicySize: 6144',
      );
    });

    test('TagPolicy, UntagPolicy and ListPolicyTags', async () => {
      const policy = await createPolicy('Tagged');
      await iam.send(
        new TagPolicyCommand({
          PolicyArn: policy.Arn,
          Tags: [
            { Key: 'b', Value: '2' },
            { Key: 'a', Value: '1' },
          ],
        }),
      );
      await iam.send(new TagPolicyCommand({ PolicyArn: policy.Arn, Tags: [{ Key: 'a', Value: 'one' }] }));
      const tags = await iam.send(new ListPolicyTagsCommand({ PolicyArn: policy.Arn }));
      assert.deepEqual(tags.Tags, [
        { Key: 'a', Value: 'one' },
        { Key: 'b', Value: '2' },
      ]);
      assert.equal(tags.IsTruncated, false);
      await iam.send(new UntagPolicyCommand({ PolicyArn: policy.Arn, TagKeys: ['A'] }));
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: policy.Arn }))).Tags, [
        { Key: 'b', Value: '2' },
      ]);
      await rejectsWith(
        iam.send(new TagPolicyCommand({ PolicyArn: policyArn('NoSuchPolicy'), Tags: [{ Key: 'k', Value: 'v' }] })),
        'NoSuchEntity',
        404,
        `Policy ${policyArn('NoSuchPolicy')} was not found.`,
      );
    });

    test('a policy that does not exist is NoSuchEntity; text that is no ARN is a ValidationError', async () => {
      const missing = policyArn('non-existent-policy');
      await rejectsWith(
        iam.send(new DeletePolicyCommand({ PolicyArn: missing })),
        'NoSuchEntity',
        404,
        `Policy ${missing} was not found.`,
      );
      await rejectsWith(
        iam.send(new GetPolicyCommand({ PolicyArn: missing })),
        'NoSuchEntity',
        404,
        `Policy ${missing} was not found.`,
      );
      await rejectsWith(
        iam.send(new GetPolicyCommand({ PolicyArn: 'longer-than-twenty-chars-policy-name' })),
        'ValidationError',
        400,
        'Invalid ARN:  Could not be parsed!',
      );
      // Another account's policy is as invisible as a missing one.
      const foreign = 'arn:aws:iam::210987654321:policy/ReadBuckets';
      await rejectsWith(
        iam.send(new GetPolicyCommand({ PolicyArn: foreign })),
        'NoSuchEntity',
        404,
        'Policy arn:aws:iam::210987654321:policy/ReadBuckets was not found.',
      );
    });
  });

  describe('policy versions', () => {
    test('versions v2..v5, the quota of five, defaults, and ids never reused', async () => {
      const arn = (await createPolicy('Versioned', allow('s3:GetObject'))).Arn!;
      for (let i = 2; i <= 5; i++) {
        const v = (
          await iam.send(
            new CreatePolicyVersionCommand({
              PolicyArn: arn,
              PolicyDocument: allow(`s3:Action${i}`),
              SetAsDefault: i === 3,
            }),
          )
        ).PolicyVersion!;
        assert.equal(v.VersionId, `v${i}`);
        assert.equal(v.IsDefaultVersion, i === 3);
        assert.equal(v.Document, undefined, 'CreatePolicyVersion does not echo the document');
      }
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v3');
      await rejectsWith(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:Action6') })),
        'LimitExceeded',
        409,
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      );

      const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
      assert.deepEqual(
        listed.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document]),
        [
          ['v5', false, undefined],
          ['v4', false, undefined],
          ['v3', true, undefined],
          ['v2', false, undefined],
          ['v1', false, undefined],
        ],
      );
      const page = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }));
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: page.Marker }));
      assert.deepEqual(
        rest.Versions!.map((v) => v.VersionId),
        ['v3', 'v2', 'v1'],
      );

      await rejectsWith(
        iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })),
        'DeleteConflict',
        409,
        'Cannot delete the default version of a policy.',
      );
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
      const next = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:X') }));
      assert.equal(next.PolicyVersion!.VersionId, 'v6', 'version ids are never reused');

      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
      const v6 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }))).PolicyVersion!;
      assert.equal(v6.IsDefaultVersion, true);
      assert.equal(decodeURIComponent(v6.Document!), allow('s3:X'));
      await rejectsWith(
        iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })),
        'NoSuchEntity',
        404,
        `Policy ${arn} version v2 does not exist or is not attachable.`,
      );
      await rejectsWith(
        iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })),
        'NoSuchEntity',
        404,
        'Policy arn:aws:iam::123456789012:policy/Versioned version v9 does not exist or is not attachable.',
      );

      await rejectsWith(
        iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
        'DeleteConflict',
        409,
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
      for (const v of ['v1', 'v3', 'v4', 'v5']) {
        await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
      }
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
      await rejectsWith(
        iam.send(new GetPolicyCommand({ PolicyArn: arn })),
        'NoSuchEntity',
        404,
        'Policy arn:aws:iam::123456789012:policy/Versioned was not found.',
      );
    });

    test('concurrent CreatePolicyVersion calls never pass the quota nor share an id', async () => {
      const arn = (await createPolicy('Raced')).Arn!;
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow(`s3:Race${i}`) })),
        ),
      );
      const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.PolicyVersion!.VersionId] : []));
      assert.deepEqual(ids.sort(), ['v2', 'v3', 'v4', 'v5']);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal((r.reason as { Code?: string }).Code, 'LimitExceeded');
      }
    });

    test('GetPolicyVersion returns the document URL-encoded, exactly as submitted', async () => {
      // The document AWS recorded in TestIAMPolicyEncoding: a resource that itself holds percent-encoding.
      const document = JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['apigatway:PUT'],
              Resource: [
                'arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Faaeeieije',
              ],
            },
          ],
        },
        null,
        2,
      );
      const arn = (await createPolicy('Encoded', document)).Arn!;
      const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion!;
      assert.equal(v1.Document, encodeURIComponent(document));
      assert.equal(decodeURIComponent(v1.Document!), document);
      assert.match(v1.Document!, /^%7B%0A%20%20%22Version%22/);
    });

    test('CreatePolicyVersion validates the document', async () => {
      const arn = (await createPolicy('VersionValidation')).Arn!;
      await rejectsWith(
        iam.send(
          new CreatePolicyVersionCommand({
            PolicyArn: arn,
            PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }),
          }),
        ),
        'MalformedPolicyDocument',
        400,
        'Policy statement must contain actions.',
      );
      await rejectsWith(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policyOfSize(6145) })),
        'LimitExceeded',
        409,
        'Cannot exceed quota for PolicySize: 6144',
      );
    });
  });

  describe('inline policies', () => {
    before(async () => {
      await iam.send(new CreateUserCommand({ UserName: 'inline-user' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'inline-group' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'inline-role', AssumeRolePolicyDocument: TRUST }));
    });

    test('Put/Get/List/Delete on a user, documents URL-encoded on the way out', async () => {
      const document = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::a%2Fb/*' }],
      });
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'b-policy', PolicyDocument: document }),
      );
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'INLINE-USER', PolicyName: 'a-policy', PolicyDocument: allow('sqs:*') }),
      );
      const got = await iam.send(new GetUserPolicyCommand({ UserName: 'Inline-User', PolicyName: 'b-policy' }));
      assert.equal(got.UserName, 'inline-user', 'the name as created');
      assert.equal(got.PolicyName, 'b-policy');
      assert.equal(got.PolicyDocument, encodeURIComponent(document));
      assert.equal(decodeURIComponent(got.PolicyDocument!), document);

      const listed = await iam.send(new ListUserPoliciesCommand({ UserName: 'inline-user' }));
      assert.deepEqual(listed.PolicyNames, ['a-policy', 'b-policy']);
      assert.equal(listed.IsTruncated, false);

      // Put replaces a policy of the same name.
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'a-policy', PolicyDocument: allow('sns:*') }),
      );
      const replaced = await iam.send(new GetUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'a-policy' }));
      assert.equal(decodeURIComponent(replaced.PolicyDocument!), allow('sns:*'));

      await iam.send(new DeleteUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'a-policy' }));
      await rejectsWith(
        iam.send(new GetUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'a-policy' })),
        'NoSuchEntity',
        404,
        'The user policy with name a-policy cannot be found.',
      );
      await rejectsWith(
        iam.send(new DeleteUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'a-policy' })),
        'NoSuchEntity',
        404,
        'The user policy with name a-policy cannot be found.',
      );
    });

    test('groups and roles have the same operations', async () => {
      await iam.send(
        new PutGroupPolicyCommand({ GroupName: 'inline-group', PolicyName: 'g', PolicyDocument: allow('ec2:*') }),
      );
      const group = await iam.send(new GetGroupPolicyCommand({ GroupName: 'inline-group', PolicyName: 'g' }));
      assert.equal(group.GroupName, 'inline-group');
      assert.equal(decodeURIComponent(group.PolicyDocument!), allow('ec2:*'));
      assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'inline-group' }))).PolicyNames, [
        'g',
      ]);
      await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'inline-group', PolicyName: 'g' }));
      assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'inline-group' }))).PolicyNames, []);

      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'r', PolicyDocument: allow('ecr:*') }),
      );
      const role = await iam.send(new GetRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'r' }));
      assert.equal(role.RoleName, 'inline-role');
      assert.equal(decodeURIComponent(role.PolicyDocument!), allow('ecr:*'));
      assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline-role' }))).PolicyNames, ['r']);
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'r' }));
      await rejectsWith(
        iam.send(new GetRolePolicyCommand({ RoleName: 'inline-role', PolicyName: 'r' })),
        'NoSuchEntity',
        404,
        'The role policy with name r cannot be found.',
      );
    });

    test('documents are validated and the entity must exist', async () => {
      await rejectsWith(
        iam.send(
          new PutUserPolicyCommand({
            UserName: 'inline-user',
            PolicyName: 'bad',
            PolicyDocument: JSON.stringify({
              Version: '2008-10-17',
              Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
            }),
          }),
        ),
        'MalformedPolicyDocument',
        400,
        'Policy document must be version 2012-10-17 or greater.',
      );
      await rejectsWith(
        iam.send(new PutUserPolicyCommand({ UserName: 'ghost', PolicyName: 'p', PolicyDocument: allow('s3:*') })),
        'NoSuchEntity',
        404,
        'The user with name ghost cannot be found.',
      );
      await rejectsWith(
        iam.send(new ListRolePoliciesCommand({ RoleName: 'ghost' })),
        'NoSuchEntity',
        404,
        'The role with name ghost cannot be found.',
      );
      await rejectsWith(
        iam.send(new GetGroupPolicyCommand({ GroupName: 'ghost', PolicyName: 'p' })),
        'NoSuchEntity',
        404,
        'The group with name ghost cannot be found.',
      );
    });

    test('the inline size quota is the total of the entity’s inline policies: user 2048, group 5120, role 10240', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'size-user' }));
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'size-user', PolicyName: 'one', PolicyDocument: policyOfSize(1024) }),
      );
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'size-user', PolicyName: 'two', PolicyDocument: policyOfSize(1024) }),
      );
      await rejectsWith(
        iam.send(
          new PutUserPolicyCommand({ UserName: 'size-user', PolicyName: 'three', PolicyDocument: allow('s3:*') }),
        ),
        'LimitExceeded',
        409,
        'Maximum policy size of 2048 bytes exceeded for user size-user',
      );
      // Replacing a policy counts its new size, not both.
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'size-user', PolicyName: 'two', PolicyDocument: policyOfSize(1000) }),
      );

      await iam.send(new CreateGroupCommand({ GroupName: 'size-group' }));
      await iam.send(
        new PutGroupPolicyCommand({ GroupName: 'size-group', PolicyName: 'g', PolicyDocument: policyOfSize(5120) }),
      );
      await rejectsWith(
        iam.send(
          new PutGroupPolicyCommand({ GroupName: 'size-group', PolicyName: 'h', PolicyDocument: allow('s3:*') }),
        ),
        'LimitExceeded',
        409,
        'Maximum policy size of 5120 bytes exceeded for group size-group',
      );

      await iam.send(new CreateRoleCommand({ RoleName: 'size-role', AssumeRolePolicyDocument: TRUST }));
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'size-role', PolicyName: 'r', PolicyDocument: policyOfSize(6000) }),
      );
      await rejectsWith(
        iam.send(
          new PutRolePolicyCommand({ RoleName: 'size-role', PolicyName: 's', PolicyDocument: policyOfSize(4300) }),
        ),
        'LimitExceeded',
        409,
        'Maximum policy size of 10240 bytes exceeded for role size-role',
      );
    });
  });

  describe('attachments', () => {
    before(async () => {
      await iam.send(new CreateUserCommand({ UserName: 'att-user', Path: '/eng/' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'att-group' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'att-role', AssumeRolePolicyDocument: TRUST }));
    });

    test('attach to a user, group and role; counts, lists and ListEntitiesForPolicy follow', async () => {
      const arn = (await createPolicy('Attachable', allow('s3:*'), '/shared/')).Arn!;
      await iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn })); // twice is once
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'att-group', PolicyArn: arn }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'att-role', PolicyArn: arn }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: ADMIN }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 3);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!.AttachmentCount, 1);

      const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'att-user' }));
      assert.deepEqual(attached.AttachedPolicies, [
        { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN },
        { PolicyName: 'Attachable', PolicyArn: arn },
      ]);
      assert.equal(attached.IsTruncated, false);
      const shared = await iam.send(
        new ListAttachedUserPoliciesCommand({ UserName: 'att-user', PathPrefix: '/shared/' }),
      );
      assert.deepEqual(
        shared.AttachedPolicies!.map((p) => p.PolicyName),
        ['Attachable'],
      );
      assert.deepEqual(
        (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'att-group' }))).AttachedPolicies,
        [{ PolicyName: 'Attachable', PolicyArn: arn }],
      );
      assert.deepEqual(
        (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'att-role' }))).AttachedPolicies,
        [{ PolicyName: 'Attachable', PolicyArn: arn }],
      );

      const user = (await iam.send(new GetUserCommand({ UserName: 'att-user' }))).User!;
      const role = (await iam.send(new GetRoleCommand({ RoleName: 'att-role' }))).Role!;
      const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual(entities.PolicyUsers, [{ UserName: 'att-user', UserId: user.UserId }]);
      assert.deepEqual(entities.PolicyRoles, [{ RoleName: 'att-role', RoleId: role.RoleId }]);
      assert.equal(entities.PolicyGroups!.length, 1);
      assert.equal(entities.PolicyGroups![0].GroupName, 'att-group');
      assert.equal(entities.IsTruncated, false);
      const onlyRoles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
      assert.deepEqual([onlyRoles.PolicyUsers, onlyRoles.PolicyGroups], [[], []]);
      assert.equal(onlyRoles.PolicyRoles!.length, 1);
      const eng = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: '/eng/' }));
      assert.deepEqual([eng.PolicyUsers!.length, eng.PolicyGroups!.length, eng.PolicyRoles!.length], [1, 0, 0]);
      const paged = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2 }));
      assert.equal(paged.IsTruncated, true);
      const restPage = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, Marker: paged.Marker }));
      assert.equal(restPage.PolicyRoles!.length + restPage.PolicyUsers!.length + restPage.PolicyGroups!.length, 1);

      await rejectsWith(
        iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
        'DeleteConflict',
        409,
        'Cannot delete a policy attached to entities.',
      );
      await iam.send(new DetachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn }));
      await iam.send(new DetachGroupPolicyCommand({ GroupName: 'att-group', PolicyArn: arn }));
      await iam.send(new DetachRolePolicyCommand({ RoleName: 'att-role', PolicyArn: arn }));
      await iam.send(new DetachUserPolicyCommand({ UserName: 'att-user', PolicyArn: ADMIN }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 0);
      await rejectsWith(
        iam.send(new DetachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn })),
        'NoSuchEntity',
        404,
        `Policy ${arn} was not found.`,
      );
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    });

    test('attaching what is not a policy, or to what does not exist', async () => {
      const missing = `${policyArn('Attachable')}123`;
      await rejectsWith(
        iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: missing })),
        'NoSuchEntity',
        404,
        `Policy ${missing} does not exist or is not attachable.`,
      );
      await rejectsWith(
        iam.send(new AttachRolePolicyCommand({ RoleName: 'att-role', PolicyArn: 'Attachable-but-just-a-name' })),
        'ValidationError',
        400,
        'Invalid ARN:  Could not be parsed!',
      );
      await rejectsWith(
        iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: ADMIN })),
        'NoSuchEntity',
        404,
        'The user with name ghost cannot be found.',
      );
      await rejectsWith(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'att-role',
            PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonGuardDutyServiceRolePolicy',
          }),
        ),
        'PolicyNotAttachable',
        400,
        'Cannot attach a Service Role Policy to a Customer Role.',
      );
    });

    test('at most 10 managed policies per user', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'busy-user' }));
      for (let i = 0; i < 10; i++) {
        const arn = (await createPolicy(`Quota${i}`)).Arn!;
        await iam.send(new AttachUserPolicyCommand({ UserName: 'busy-user', PolicyArn: arn }));
      }
      await rejectsWith(
        iam.send(new AttachUserPolicyCommand({ UserName: 'busy-user', PolicyArn: ADMIN })),
        'LimitExceeded',
        409,
        'Cannot exceed quota for PoliciesPerUser: 10',
      );
      const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'busy-user', MaxItems: 4 }));
      assert.equal(page.AttachedPolicies!.length, 4);
      assert.equal(page.IsTruncated, true);
      assert.ok(page.Marker);
    });

    test('service-linked roles are AWS’s to change', async () => {
      const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' })))
        .Role!;
      const message = `Cannot perform the operation on the protected role '${role.RoleName}' - this role is only modifiable by AWS`;
      await rejectsWith(
        iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: ADMIN })),
        'UnmodifiableEntity',
        400,
        message,
      );
      await rejectsWith(
        iam.send(new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: 'p', PolicyDocument: allow('s3:*') })),
        'UnmodifiableEntity',
        400,
        message,
      );
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }));
      assert.deepEqual(attached.AttachedPolicies, [
        {
          PolicyName: 'AmazonGuardDutyServiceRolePolicy',
          PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonGuardDutyServiceRolePolicy',
        },
      ]);
    });
  });

  describe('permissions boundaries', () => {
    test('Put/Delete on users and roles, counted in PermissionsBoundaryUsageCount', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'bounded-user' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'bounded-role', AssumeRolePolicyDocument: TRUST }));
      const arn = (await createPolicy('Boundary', allow('s3:*'))).Arn!;
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-user', PermissionsBoundary: arn }));
      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded-role', PermissionsBoundary: arn }));

      const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
      assert.equal(policy.PermissionsBoundaryUsageCount, 2);
      assert.equal(policy.AttachmentCount, 0);
      const user = (await iam.send(new GetUserCommand({ UserName: 'bounded-user' }))).User!;
      assert.equal(user.PermissionsBoundary?.PermissionsBoundaryArn, arn);

      const asBoundary = await iam.send(
        new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }),
      );
      assert.deepEqual(
        asBoundary.PolicyUsers!.map((u) => u.UserName),
        ['bounded-user'],
      );
      assert.deepEqual(
        asBoundary.PolicyRoles!.map((r) => r.RoleName),
        ['bounded-role'],
      );
      const asPermissions = await iam.send(
        new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy' }),
      );
      assert.deepEqual([asPermissions.PolicyUsers, asPermissions.PolicyRoles], [[], []]);

      const boundaries = await iam.send(
        new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }),
      );
      assert.deepEqual(
        boundaries.Policies!.map((p) => p.PolicyName),
        ['Boundary'],
      );

      await rejectsWith(
        iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
        'DeleteConflict',
        409,
        'Cannot delete a policy attached to entities.',
      );
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded-user' }));
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded-role' }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.PermissionsBoundaryUsageCount, 0);
      assert.equal(
        (await iam.send(new GetUserCommand({ UserName: 'bounded-user' }))).User!.PermissionsBoundary,
        undefined,
      );
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    });

    test('the boundary policy must exist', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'unbounded' }));
      const missing = policyArn('NoBoundary');
      await rejectsWith(
        iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'unbounded', PermissionsBoundary: missing })),
        'NoSuchEntity',
        404,
        `Scope ARN: ${missing} does not exist or is not attachable.`,
      );
      await rejectsWith(
        iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'ghost', PermissionsBoundary: ADMIN })),
        'NoSuchEntity',
        404,
        'The role with name ghost cannot be found.',
      );
    });
  });

  describe('AWS-managed policies and ListPolicies', () => {
    test('Scope=AWS lists AdministratorAccess; its document is AWS’s; Local leaves it out', async () => {
      /** Every page of ListPolicies in the given scope. */
      const listAll = async (Scope?: 'AWS' | 'Local') => {
        const policies: Policy[] = [];
        let Marker: string | undefined;
        for (let page = 0; page < 100; page++) {
          const out = await iam.send(new ListPoliciesCommand({ Scope, MaxItems: 1000, Marker }));
          policies.push(...out.Policies!);
          if (!out.IsTruncated) return policies;
          Marker = out.Marker;
        }
        assert.fail('ListPolicies did not end');
      };
      const aws = await listAll('AWS');
      const admin = aws.find((p) => p.PolicyName === 'AdministratorAccess');
      assert.ok(admin);
      assert.equal(admin.Arn, ADMIN);
      assert.equal(admin.Path, '/');
      assert.equal(admin.DefaultVersionId, 'v1');
      assert.ok(aws.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')));
      for (const name of ['ReadOnlyAccess', 'SecurityAudit', 'PowerUserAccess', 'AWSKeyManagementServicePowerUser']) {
        assert.ok(
          aws.some((p) => p.PolicyName === name),
          name,
        );
      }

      const local = await listAll('Local');
      assert.ok(local.every((p) => p.Arn!.startsWith(`arn:aws:iam::${ACCOUNT}:policy/`)));
      const all = await listAll();
      assert.equal(all.length, aws.length + local.length);

      const got = (await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!;
      assert.equal(got.CreateDate!.toISOString(), '2015-02-06T18:39:46.000Z');
      const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })))
        .PolicyVersion!;
      assert.deepEqual(JSON.parse(decodeURIComponent(version.Document!)), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      });
    });

    test('OnlyAttached, PathPrefix and pagination', async () => {
      await iam.send(new CreateGroupCommand({ GroupName: 'lp-group' }));
      const arn = (await createPolicy('ListedAttached', allow('s3:*'), '/listing/')).Arn!;
      await createPolicy('ListedIdle', allow('s3:*'), '/listing/');
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'lp-group', PolicyArn: arn }));
      await iam.send(
        new AttachGroupPolicyCommand({ GroupName: 'lp-group', PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit' }),
      );

      const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true, PathPrefix: '/listing/' }));
      assert.deepEqual(
        attached.Policies!.map((p) => [p.PolicyName, p.AttachmentCount]),
        [['ListedAttached', 1]],
      );
      const awsAttached = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
      assert.deepEqual(
        awsAttached.Policies!.map((p) => p.PolicyName),
        ['AmazonGuardDutyServiceRolePolicy', 'SecurityAudit'], // the first on the service-linked role made above
      );

      const first = await iam.send(new ListPoliciesCommand({ PathPrefix: '/listing/', MaxItems: 1 }));
      assert.equal(first.IsTruncated, true);
      const second = await iam.send(new ListPoliciesCommand({ PathPrefix: '/listing/', Marker: first.Marker }));
      assert.equal(second.IsTruncated, false);
      assert.deepEqual(
        [...first.Policies!, ...second.Policies!].map((p) => p.PolicyName),
        ['ListedAttached', 'ListedIdle'],
      );
    });

    test('AWS-managed policies cannot be changed or deleted by the account', async () => {
      const denied = (action: string) =>
        `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: iam:${action} on resource: policy ${ADMIN} because no resource-based policy allows the iam:${action} action`;
      await rejectsWith(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN, PolicyDocument: allow('s3:*') })),
        'AccessDenied',
        403,
        denied('CreatePolicyVersion'),
      );
      await rejectsWith(
        iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN })),
        'AccessDenied',
        403,
        denied('DeletePolicy'),
      );
      await rejectsWith(
        iam.send(new TagPolicyCommand({ PolicyArn: ADMIN, Tags: [{ Key: 'k', Value: 'v' }] })),
        'AccessDenied',
        403,
        denied('TagPolicy'),
      );
      await rejectsWith(
        iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })),
        'AccessDenied',
        403,
      );
    });

    test('ARNs follow the partition of the request: arn:aws-cn in China regions', async () => {
      const cn = new IAMClient({ ...w.clientConfig, region: 'cn-north-1' });
      const cnAdmin = 'arn:aws-cn:iam::aws:policy/AdministratorAccess';
      const got = (await cn.send(new GetPolicyCommand({ PolicyArn: cnAdmin }))).Policy!;
      assert.equal(got.Arn, cnAdmin);
      await cn.send(new CreateUserCommand({ UserName: 'cn-user' }));
      await cn.send(new AttachUserPolicyCommand({ UserName: 'cn-user', PolicyArn: cnAdmin }));
      assert.deepEqual((await cn.send(new ListAttachedUserPoliciesCommand({ UserName: 'cn-user' }))).AttachedPolicies, [
        { PolicyName: 'AdministratorAccess', PolicyArn: cnAdmin },
      ]);
      // The same attachment, seen from the aws partition.
      assert.deepEqual(
        (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'cn-user' }))).AttachedPolicies,
        [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      );
      // An ARN of another partition names nothing here.
      await rejectsWith(
        cn.send(new AttachUserPolicyCommand({ UserName: 'cn-user', PolicyArn: ADMIN })),
        'NoSuchEntity',
        404,
        `Policy ${ADMIN} does not exist or is not attachable.`,
      );
      const created = (
        await cn.send(new CreatePolicyCommand({ PolicyName: 'ChinaPolicy', PolicyDocument: allow('s3:*') }))
      ).Policy!;
      assert.equal(created.Arn, `arn:aws-cn:iam::${ACCOUNT}:policy/ChinaPolicy`);
      assert.equal(
        (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn('ChinaPolicy') }))).Policy!.PolicyId,
        created.PolicyId,
      );
    });
  });

  describe('policies of group members', () => {
    test('a user’s group attachments show in ListEntitiesForPolicy as the group', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'member' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'members' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'members', UserName: 'member' }));
      const arn = (await createPolicy('MembersPolicy')).Arn!;
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'members', PolicyArn: arn }));
      const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual(
        entities.PolicyGroups!.map((g) => g.GroupName),
        ['members'],
      );
      assert.deepEqual(entities.PolicyUsers, []);
    });
  });
});
