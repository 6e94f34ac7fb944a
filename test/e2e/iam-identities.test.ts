// IAM identities end to end with SDK v3: users, groups, roles, service-linked roles, instance profiles and tags.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  GetUserCommand,
  IAMClient,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListInstanceProfileTagsCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
  TagInstanceProfileCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagInstanceProfileCommand,
  UntagRoleCommand,
  UntagUserCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateGroupCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { insertAccessKey } from '../../src/auth/access-keys.js';
import { newAccessKeyId, newSecretAccessKey } from '../../src/aws/ids.js';
import { bumpPolicyEpoch } from '../../src/authz/policy-epoch.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** Asserts that promise rejects with AWS's error code, HTTP status and (when given) exact message. */
async function rejectsWith(promise: Promise<unknown>, name: string, status: number, message?: string | RegExp) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

describe('IAM identities end to end', () => {
  let w: TestWarden;
  let iam: IAMClient;
  const account = '123456789012';

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  const db = () => w.warden.runtime.store.db;

  describe('users', () => {
    test('CreateUser with a path and tags, then GetUser, ListUsers and UpdateUser', async () => {
      const created = await iam.send(
        new CreateUserCommand({ UserName: 'alice', Path: '/division/', Tags: [{ Key: 'team', Value: 'red' }] }),
      );
      const user = created.User!;
      assert.equal(user.UserName, 'alice');
      assert.equal(user.Path, '/division/');
      assert.equal(user.Arn, `arn:aws:iam::${account}:user/division/alice`);
      assert.match(user.UserId!, /^AIDA[A-Z0-9]{17}$/);
      assert.ok(user.CreateDate instanceof Date);
      assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'red' }]);

      const got = (await iam.send(new GetUserCommand({ UserName: 'ALICE' }))).User!;
      assert.equal(got.UserName, 'alice', 'names are looked up regardless of case');
      assert.equal(got.UserId, user.UserId);
      assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'red' }]);
      assert.equal(got.PermissionsBoundary, undefined);

      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      const inDivision = await iam.send(new ListUsersCommand({ PathPrefix: '/division/' }));
      assert.deepEqual(
        inDivision.Users!.map((u) => u.UserName),
        ['alice'],
      );
      assert.equal(inDivision.IsTruncated, false);
      assert.equal(inDivision.Users![0].Tags, undefined, 'ListUsers leaves tags out');
      const bob = (await iam.send(new GetUserCommand({ UserName: 'bob' }))).User!;
      assert.equal(bob.Path, '/');
      assert.equal(bob.Arn, `arn:aws:iam::${account}:user/bob`);

      await iam.send(new UpdateUserCommand({ UserName: 'alice', NewPath: '/division/east/' }));
      const moved = (await iam.send(new GetUserCommand({ UserName: 'alice' }))).User!;
      assert.equal(moved.Arn, `arn:aws:iam::${account}:user/division/east/alice`);
    });

    test('GetUser without a name answers for the caller: the root user is the account', async () => {
      const root = (await iam.send(new GetUserCommand({}))).User!;
      assert.equal(root.UserId, account);
      assert.equal(root.Arn, `arn:aws:iam::${account}:root`);
      assert.ok(root.CreateDate instanceof Date);
      assert.equal(root.UserName, undefined);
    });

    test("GetUser without a name, signed with an IAM user's key, answers for that user", async () => {
      const { runtime } = w.warden;
      const user = (await iam.send(new CreateUserCommand({ UserName: 'self-reader', Path: '/staff/' }))).User!;
      await db()
        .insertInto('iam_inline_policies')
        .values({
          account_id: account,
          entity_type: 'user',
          entity_lc: 'self-reader',
          policy_name: 'read-self',
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: user.Arn }],
          }),
        })
        .execute();
      await bumpPolicyEpoch(runtime.store.db, account);
      const credentials = { accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecretAccessKey() };
      await insertAccessKey(runtime.store.db, runtime.secrets, {
        ...credentials,
        accountId: account,
        userName: 'self-reader',
        principalId: user.UserId!,
        createdAt: Date.now(),
      });
      const asUser = new IAMClient({ ...w.clientConfig, credentials });
      const self = (await asUser.send(new GetUserCommand({}))).User!;
      assert.equal(self.UserName, 'self-reader');
      assert.equal(self.UserId, user.UserId);
      assert.equal(self.Arn, `arn:aws:iam::${account}:user/staff/self-reader`);
    });

    test('names are unique regardless of case: EntityAlreadyExists (409)', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'Carol' }));
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'carol' })),
        'EntityAlreadyExistsException',
        409,
        'User with name carol already exists.',
      );
      await iam.send(new CreateUserCommand({ UserName: 'dave' }));
      await rejectsWith(
        iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'CAROL' })),
        'EntityAlreadyExistsException',
        409,
        'User with name CAROL already exists.',
      );
      // A change of case only is a rename onto itself.
      await iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'Dave' }));
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'dave' }))).User!.UserName, 'Dave');
    });

    test('unknown users are NoSuchEntity (404) in IAM words', async () => {
      await rejectsWith(
        iam.send(new GetUserCommand({ UserName: 'nobody' })),
        'NoSuchEntityException',
        404,
        'The user with name nobody cannot be found.',
      );
      await rejectsWith(
        iam.send(new DeleteUserCommand({ UserName: 'nobody' })),
        'NoSuchEntityException',
        404,
        'The user with name nobody cannot be found.',
      );
      await rejectsWith(
        iam.send(new UpdateUserCommand({ UserName: 'nobody', NewPath: '/x/' })),
        'NoSuchEntityException',
        404,
        'The user with name nobody cannot be found.',
      );
    });

    test('concurrent CreateUser of one name: exactly one succeeds, the rest are EntityAlreadyExists', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => iam.send(new CreateUserCommand({ UserName: i % 2 ? 'racer' : 'RACER' }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'EntityAlreadyExistsException');
      }
      const listed = (await iam.send(new ListUsersCommand({}))).Users!.filter(
        (u) => u.UserName!.toLowerCase() === 'racer',
      );
      assert.equal(listed.length, 1);
    });

    test('ListUsers pages with MaxItems and Marker', async () => {
      for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) {
        await iam.send(new CreateUserCommand({ UserName: n, Path: '/paged/' }));
      }
      const seen: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const page = await iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: marker }));
        pages++;
        assert.ok(page.Users!.length <= 2);
        seen.push(...page.Users!.map((u) => u.UserName!));
        marker = page.IsTruncated ? page.Marker : undefined;
        if (page.IsTruncated) assert.ok(page.Marker);
      } while (marker);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['p1', 'p2', 'p3', 'p4', 'p5']);
    });

    test('a permissions boundary must be an attachable managed policy; it is returned by GetUser', async () => {
      await rejectsWith(
        iam.send(
          new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: `arn:aws:iam::${account}:policy/missing` }),
        ),
        'NoSuchEntityException',
        404,
        `Scope ARN: arn:aws:iam::${account}:policy/missing does not exist or is not attachable.`,
      );
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: 'not-an-arn-at-all-really' })),
        'ValidationError',
        400,
        'Invalid ARN:  Could not be parsed!',
      );
      const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
      const created = await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
      const expected = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary };
      assert.deepEqual(created.User!.PermissionsBoundary, expected);
      assert.deepEqual(
        (await iam.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary,
        expected,
      );
    });

    test('TagUser, UntagUser (keys regardless of case) and ListUserTags; at most 50 tags', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'tagged' }));
      await iam.send(
        new TagUserCommand({
          UserName: 'tagged',
          Tags: [
            { Key: 'env', Value: 'prod' },
            { Key: 'Owner', Value: 'ops' },
          ],
        }),
      );
      await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'ENV', Value: 'dev' }] }));
      let tags = (await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags!;
      assert.deepEqual(tags, [
        { Key: 'ENV', Value: 'dev' },
        { Key: 'Owner', Value: 'ops' },
      ]);
      await iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['owner'] }));
      tags = (await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags!;
      assert.deepEqual(tags, [{ Key: 'ENV', Value: 'dev' }]);

      const many = Array.from({ length: 45 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: many }));
      const more = Array.from({ length: 5 }, (_, i) => ({ Key: `m${i}`, Value: 'v' }));
      await rejectsWith(
        iam.send(new TagUserCommand({ UserName: 'tagged', Tags: more })),
        'LimitExceededException',
        409,
      );
      const page = await iam.send(new ListUserTagsCommand({ UserName: 'tagged', MaxItems: 40 }));
      assert.equal(page.Tags!.length, 40);
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListUserTagsCommand({ UserName: 'tagged', Marker: page.Marker }));
      assert.equal(rest.Tags!.length, 6);
      await rejectsWith(
        iam.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })),
        'NoSuchEntityException',
        404,
        'The user with name ghost cannot be found.',
      );
    });

    test('UpdateUser renames carry access keys, groups, policies, tags, password and MFA along', async () => {
      const { runtime } = w.warden;
      const created = (await iam.send(new CreateUserCommand({ UserName: 'erin', Tags: [{ Key: 'a', Value: '1' }] })))
        .User!;
      await iam.send(new CreateGroupCommand({ GroupName: 'renamers' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'renamers', UserName: 'erin' }));
      const keyId = newAccessKeyId('AKIA');
      await insertAccessKey(runtime.store.db, runtime.secrets, {
        accessKeyId: keyId,
        secretAccessKey: newSecretAccessKey(),
        accountId: account,
        userName: 'erin',
        principalId: created.UserId!,
        createdAt: Date.now(),
      });
      const entity = { account_id: account, entity_type: 'user' as const, entity_lc: 'erin' };
      await db()
        .insertInto('iam_attachments')
        .values({ ...entity, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })
        .execute();
      await db()
        .insertInto('iam_inline_policies')
        .values({ ...entity, policy_name: 'inline', document: '{}' })
        .execute();
      await db()
        .insertInto('iam_login_profiles')
        .values({
          account_id: account,
          user_lc: 'erin',
          password_hash: 'x',
          password_reset_required: 0,
          created_at: 0,
          password_changed_at: 0,
        })
        .execute();
      await db()
        .insertInto('iam_mfa_devices')
        .values({
          serial_number: `arn:aws:iam::${account}:mfa/erin-phone`,
          account_id: account,
          device_name: 'erin-phone',
          path: '/',
          seed_wrapped: 'x',
          user_lc: 'erin',
          enabled_at: 0,
          last_step: null,
          created_at: 0,
          drift_steps: 0,
        })
        .execute();

      await iam.send(new UpdateUserCommand({ UserName: 'erin', NewUserName: 'Erin2', NewPath: '/moved/' }));
      await rejectsWith(
        iam.send(new GetUserCommand({ UserName: 'erin' })),
        'NoSuchEntityException',
        404,
        'The user with name erin cannot be found.',
      );
      const renamed = (await iam.send(new GetUserCommand({ UserName: 'erin2' }))).User!;
      assert.equal(renamed.UserName, 'Erin2');
      assert.equal(renamed.UserId, created.UserId, 'a rename keeps the unique id');
      assert.equal(renamed.Arn, `arn:aws:iam::${account}:user/moved/Erin2`);
      assert.deepEqual(renamed.Tags, [{ Key: 'a', Value: '1' }]);
      const groups = (await iam.send(new ListGroupsForUserCommand({ UserName: 'Erin2' }))).Groups!;
      assert.deepEqual(
        groups.map((g) => g.GroupName),
        ['renamers'],
      );
      const members = (await iam.send(new GetGroupCommand({ GroupName: 'renamers' }))).Users!;
      assert.deepEqual(
        members.map((u) => u.UserName),
        ['Erin2'],
      );
      const key = await db()
        .selectFrom('access_keys')
        .select('user_name')
        .where('access_key_id', '=', keyId)
        .executeTakeFirst();
      assert.equal(key?.user_name, 'Erin2');
      for (const table of ['iam_attachments', 'iam_inline_policies'] as const) {
        const rows = await db()
          .selectFrom(table)
          .select('entity_lc')
          .where('account_id', '=', account)
          .where('entity_type', '=', 'user')
          .execute();
        assert.ok(rows.some((r) => r.entity_lc === 'erin2') && !rows.some((r) => r.entity_lc === 'erin'), table);
      }
      for (const table of ['iam_login_profiles', 'iam_mfa_devices'] as const) {
        const rows = await db().selectFrom(table).select('user_lc').where('account_id', '=', account).execute();
        assert.ok(rows.some((r) => r.user_lc === 'erin2') && !rows.some((r) => r.user_lc === 'erin'), table);
      }

      // DeleteUser refuses while anything still hangs off the user, naming each dependent in turn.
      const steps: [string, () => Promise<unknown>][] = [
        [
          'Cannot delete entity, must delete access keys first.',
          () => db().deleteFrom('access_keys').where('access_key_id', '=', keyId).execute(),
        ],
        [
          'Cannot delete entity, must delete login profile first.',
          () => db().deleteFrom('iam_login_profiles').where('user_lc', '=', 'erin2').execute(),
        ],
        [
          'Cannot delete entity, must delete MFA device first.',
          () => db().deleteFrom('iam_mfa_devices').where('user_lc', '=', 'erin2').execute(),
        ],
        [
          'Cannot delete entity, must delete policies first.',
          () => db().deleteFrom('iam_inline_policies').where('entity_lc', '=', 'erin2').execute(),
        ],
        [
          'Cannot delete entity, must detach all policies first.',
          () => db().deleteFrom('iam_attachments').where('entity_lc', '=', 'erin2').execute(),
        ],
        [
          'Cannot delete entity, must remove users from group first.',
          () => iam.send(new RemoveUserFromGroupCommand({ GroupName: 'renamers', UserName: 'erin2' })),
        ],
      ];
      for (const [message, clear] of steps) {
        await rejectsWith(
          iam.send(new DeleteUserCommand({ UserName: 'Erin2' })),
          'DeleteConflictException',
          409,
          message,
        );
        await clear();
      }
      await iam.send(new DeleteUserCommand({ UserName: 'Erin2' }));
      await rejectsWith(
        iam.send(new GetUserCommand({ UserName: 'Erin2' })),
        'NoSuchEntityException',
        404,
        'The user with name Erin2 cannot be found.',
      );
      const leftTags = await db()
        .selectFrom('iam_tags')
        .selectAll()
        .where('resource_type', '=', 'user')
        .where('resource_key', '=', 'erin2')
        .execute();
      assert.deepEqual(leftTags, [], 'deleting a user deletes its tags');
    });
  });

  describe('groups', () => {
    test('CreateGroup, GetGroup with paginated members, UpdateGroup rename, ListGroups, DeleteGroup', async () => {
      const group = (await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/ops/' }))).Group!;
      assert.match(group.GroupId!, /^AGPA[A-Z0-9]{17}$/);
      assert.equal(group.Arn, `arn:aws:iam::${account}:group/ops/admins`);
      await rejectsWith(
        iam.send(new CreateGroupCommand({ GroupName: 'ADMINS' })),
        'EntityAlreadyExistsException',
        409,
        'Group with name ADMINS already exists.',
      );
      for (const u of ['g-ann', 'g-ben', 'g-cat']) {
        await iam.send(new CreateUserCommand({ UserName: u }));
        await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: u }));
      }
      // Adding a member twice changes nothing.
      await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'G-ANN' }));
      const first = await iam.send(new GetGroupCommand({ GroupName: 'admins', MaxItems: 2 }));
      assert.equal(first.Group!.GroupName, 'admins');
      assert.deepEqual(
        first.Users!.map((u) => u.UserName),
        ['g-ann', 'g-ben'],
      );
      assert.equal(first.IsTruncated, true);
      const second = await iam.send(new GetGroupCommand({ GroupName: 'admins', Marker: first.Marker }));
      assert.deepEqual(
        second.Users!.map((u) => u.UserName),
        ['g-cat'],
      );
      assert.equal(second.IsTruncated, false);

      await db()
        .insertInto('iam_attachments')
        .values({
          account_id: account,
          entity_type: 'group',
          entity_lc: 'admins',
          policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        })
        .execute();
      await iam.send(new UpdateGroupCommand({ GroupName: 'admins', NewGroupName: 'Operators', NewPath: '/eng/' }));
      const renamed = await iam.send(new GetGroupCommand({ GroupName: 'operators' }));
      assert.equal(renamed.Group!.GroupName, 'Operators');
      assert.equal(renamed.Group!.GroupId, group.GroupId);
      assert.equal(renamed.Group!.Arn, `arn:aws:iam::${account}:group/eng/Operators`);
      assert.equal(renamed.Users!.length, 3, 'members follow the rename');
      const attached = await db()
        .selectFrom('iam_attachments')
        .select('entity_lc')
        .where('entity_type', '=', 'group')
        .execute();
      assert.deepEqual(attached, [{ entity_lc: 'operators' }]);
      await rejectsWith(
        iam.send(new GetGroupCommand({ GroupName: 'admins' })),
        'NoSuchEntityException',
        404,
        'The group with name admins cannot be found.',
      );
      const listed = await iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }));
      assert.deepEqual(
        listed.Groups!.map((g) => g.GroupName),
        ['Operators'],
      );
      const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: 'g-ben' }));
      assert.deepEqual(
        forUser.Groups!.map((g) => g.GroupName),
        ['Operators'],
      );

      await rejectsWith(
        iam.send(new DeleteGroupCommand({ GroupName: 'Operators' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must remove users from group first.',
      );
      for (const u of ['g-ann', 'g-ben', 'g-cat']) {
        await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Operators', UserName: u }));
      }
      await rejectsWith(
        iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Operators', UserName: 'g-ann' })),
        'NoSuchEntityException',
        404,
        'The user with name g-ann cannot be found.',
      );
      await db()
        .insertInto('iam_inline_policies')
        .values({ account_id: account, entity_type: 'group', entity_lc: 'operators', policy_name: 'p', document: '{}' })
        .execute();
      await rejectsWith(
        iam.send(new DeleteGroupCommand({ GroupName: 'Operators' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must delete policies first.',
      );
      await db().deleteFrom('iam_inline_policies').where('entity_type', '=', 'group').execute();
      await rejectsWith(
        iam.send(new DeleteGroupCommand({ GroupName: 'Operators' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must detach all policies first.',
      );
      await db().deleteFrom('iam_attachments').where('entity_type', '=', 'group').execute();
      await iam.send(new DeleteGroupCommand({ GroupName: 'Operators' }));
      await rejectsWith(
        iam.send(new GetGroupCommand({ GroupName: 'Operators' })),
        'NoSuchEntityException',
        404,
        'The group with name Operators cannot be found.',
      );
    });

    test('a user belongs to at most 10 groups: LimitExceeded in IAM words', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'joiner' }));
      for (let i = 0; i < 11; i++) await iam.send(new CreateGroupCommand({ GroupName: `quota-${i}` }));
      for (let i = 0; i < 10; i++) {
        await iam.send(new AddUserToGroupCommand({ GroupName: `quota-${i}`, UserName: 'joiner' }));
      }
      await rejectsWith(
        iam.send(new AddUserToGroupCommand({ GroupName: 'quota-10', UserName: 'joiner' })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for GroupsPerUser: 10',
      );
      // Re-adding an existing membership is still fine at the quota.
      await iam.send(new AddUserToGroupCommand({ GroupName: 'quota-3', UserName: 'joiner' }));
      await rejectsWith(
        iam.send(new AddUserToGroupCommand({ GroupName: 'quota-10', UserName: 'nobody' })),
        'NoSuchEntityException',
        404,
        'The user with name nobody cannot be found.',
      );
      await rejectsWith(
        iam.send(new AddUserToGroupCommand({ GroupName: 'no-group', UserName: 'joiner' })),
        'NoSuchEntityException',
        404,
        'The group with name no-group cannot be found.',
      );
    });
  });

  describe('roles', () => {
    test('CreateRole, GetRole, ListRoles: trust policy URL-encoded, MaxSessionDuration, tags, RoleLastUsed', async () => {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: 'web',
          Path: '/app/',
          AssumeRolePolicyDocument: TRUST,
          Description: 'web servers',
          MaxSessionDuration: 7200,
          Tags: [{ Key: 'tier', Value: 'front' }],
        }),
      );
      const role = created.Role!;
      assert.match(role.RoleId!, /^AROA[A-Z0-9]{17}$/);
      assert.equal(role.Arn, `arn:aws:iam::${account}:role/app/web`);
      assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(TRUST));
      assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), JSON.parse(TRUST));
      assert.equal(role.Description, 'web servers');
      assert.equal(role.MaxSessionDuration, undefined, 'CreateRole does not echo MaxSessionDuration');
      assert.deepEqual(role.Tags, [{ Key: 'tier', Value: 'front' }]);

      const got = (await iam.send(new GetRoleCommand({ RoleName: 'WEB' }))).Role!;
      assert.equal(got.RoleName, 'web');
      assert.equal(got.MaxSessionDuration, 7200);
      assert.deepEqual(got.RoleLastUsed, {});
      assert.deepEqual(got.Tags, [{ Key: 'tier', Value: 'front' }]);

      await iam.send(new CreateRoleCommand({ RoleName: 'batch', AssumeRolePolicyDocument: TRUST }));
      const listed = await iam.send(new ListRolesCommand({ PathPrefix: '/app/' }));
      assert.deepEqual(
        listed.Roles!.map((r) => r.RoleName),
        ['web'],
      );
      assert.equal(listed.Roles![0].MaxSessionDuration, 7200);
      assert.equal(listed.Roles![0].Tags, undefined, 'ListRoles leaves tags out');
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'batch' }))).Role!.MaxSessionDuration, 3600);

      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'Web', AssumeRolePolicyDocument: TRUST })),
        'EntityAlreadyExistsException',
        409,
        'Role with name Web already exists.',
      );
      await rejectsWith(
        iam.send(new GetRoleCommand({ RoleName: 'nope' })),
        'NoSuchEntityException',
        404,
        'The role with name nope cannot be found.',
      );
    });

    test('a percent-encoded trust policy is accepted as its decoded JSON', async () => {
      await iam.send(
        new CreateRoleCommand({ RoleName: 'encoded', AssumeRolePolicyDocument: encodeURIComponent(TRUST) }),
      );
      const got = (await iam.send(new GetRoleCommand({ RoleName: 'encoded' }))).Role!;
      assert.equal(decodeURIComponent(got.AssumeRolePolicyDocument!), TRUST);
    });

    test('trust policies are validated: MalformedPolicyDocument and the 2048-character quota', async () => {
      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{"Version": "2012-10-17", ' })),
        'MalformedPolicyDocumentException',
        400,
        'This policy contains invalid Json',
      );
      const s3Trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' }],
      });
      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: s3Trust })),
        'MalformedPolicyDocumentException',
        400,
        'AssumeRole policy may only specify STS AssumeRole actions.',
      );
      const big = JSON.stringify({
        Version: '2012-10-17',
        Statement: Array.from({ length: 40 }, (_, i) => ({
          Sid: `S${i}`,
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        })),
      });
      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: big })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for ACLSizePerRole: 2048',
      );
      await rejectsWith(
        iam.send(new GetRoleCommand({ RoleName: 'bad' })),
        'NoSuchEntityException',
        404,
        'The role with name bad cannot be found.',
      );
    });

    test('MaxSessionDuration outside 3600–43200 is a ValidationError in AWS words', async () => {
      await rejectsWith(
        iam.send(
          new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 100 }),
        ),
        'ValidationError',
        400,
        "1 validation error detected: Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
      );
      await iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: TRUST }));
      await rejectsWith(
        iam.send(new UpdateRoleCommand({ RoleName: 'long', MaxSessionDuration: 50000 })),
        'ValidationError',
        400,
        "1 validation error detected: Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
      );
    });

    test('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'changing', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new UpdateRoleCommand({ RoleName: 'changing', Description: 'first', MaxSessionDuration: 43200 }));
      let got = (await iam.send(new GetRoleCommand({ RoleName: 'changing' }))).Role!;
      assert.equal(got.Description, 'first');
      assert.equal(got.MaxSessionDuration, 43200);
      const described = await iam.send(
        new UpdateRoleDescriptionCommand({ RoleName: 'changing', Description: 'second' }),
      );
      assert.equal(described.Role!.Description, 'second');
      assert.equal(described.Role!.MaxSessionDuration, 43200);

      const lambdaTrust = TRUST.replace('ec2.amazonaws.com', 'lambda.amazonaws.com');
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'changing', PolicyDocument: lambdaTrust }));
      got = (await iam.send(new GetRoleCommand({ RoleName: 'changing' }))).Role!;
      assert.equal(decodeURIComponent(got.AssumeRolePolicyDocument!), lambdaTrust);
      await rejectsWith(
        iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'changing', PolicyDocument: 'not json' })),
        'MalformedPolicyDocumentException',
        400,
        'This policy contains invalid Json',
      );
      await rejectsWith(
        iam.send(new UpdateRoleCommand({ RoleName: 'ghost', Description: 'x' })),
        'NoSuchEntityException',
        404,
        'The role with name ghost cannot be found.',
      );
    });

    test('TagRole, UntagRole and ListRoleTags', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'tagged-role', AssumeRolePolicyDocument: TRUST }));
      await iam.send(
        new TagRoleCommand({
          RoleName: 'tagged-role',
          Tags: [
            { Key: 'b', Value: '2' },
            { Key: 'a', Value: '1' },
          ],
        }),
      );
      await iam.send(new UntagRoleCommand({ RoleName: 'tagged-role', TagKeys: ['B'] }));
      const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged-role' }));
      assert.deepEqual(tags.Tags, [{ Key: 'a', Value: '1' }]);
      assert.equal(tags.IsTruncated, false);
    });

    test('DeleteRole refuses while the role is in an instance profile or has policies', async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'doomed',
          AssumeRolePolicyDocument: TRUST,
          Tags: [{ Key: 'x', Value: 'y' }],
        }),
      );
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'doomed-profile' }));
      await iam.send(
        new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'doomed-profile', RoleName: 'doomed' }),
      );
      await rejectsWith(
        iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must remove roles from instance profile first.',
      );
      await iam.send(
        new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'doomed-profile', RoleName: 'doomed' }),
      );
      const entity = { account_id: account, entity_type: 'role' as const, entity_lc: 'doomed' };
      await db()
        .insertInto('iam_attachments')
        .values({ ...entity, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })
        .execute();
      await rejectsWith(
        iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must detach all policies first.',
      );
      await db().deleteFrom('iam_attachments').where('entity_lc', '=', 'doomed').execute();
      await db()
        .insertInto('iam_inline_policies')
        .values({ ...entity, policy_name: 'p', document: '{}' })
        .execute();
      await rejectsWith(
        iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must delete policies first.',
      );
      await db().deleteFrom('iam_inline_policies').where('entity_lc', '=', 'doomed').execute();
      await iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
      await rejectsWith(
        iam.send(new GetRoleCommand({ RoleName: 'doomed' })),
        'NoSuchEntityException',
        404,
        'The role with name doomed cannot be found.',
      );
      const tags = await db()
        .selectFrom('iam_tags')
        .selectAll()
        .where('resource_type', '=', 'role')
        .where('resource_key', '=', 'doomed')
        .execute();
      assert.deepEqual(tags, []);
    });
  });

  describe('service-linked roles', () => {
    test('CreateServiceLinkedRole builds the role, its trust policy and attaches the service policy', async () => {
      const created = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' }));
      const role = created.Role!;
      assert.equal(role.RoleName, 'AWSServiceRoleForAmazonGuardDuty');
      assert.equal(role.Path, '/aws-service-role/guardduty.amazonaws.com/');
      assert.equal(
        role.Arn,
        `arn:aws:iam::${account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      );
      assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'guardduty.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      const attached = await db()
        .selectFrom('iam_attachments')
        .select('policy_arn')
        .where('entity_type', '=', 'role')
        .where('entity_lc', '=', 'awsserviceroleforamazonguardduty')
        .execute();
      assert.deepEqual(attached, [
        { policy_arn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonGuardDutyServiceRolePolicy' },
      ]);

      await rejectsWith(
        iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' })),
        'InvalidInputException',
        400,
        'Service role name AWSServiceRoleForAmazonGuardDuty has been taken in this account, please try a different suffix.',
      );
      await rejectsWith(
        iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForAmazonGuardDuty' })),
        'UnmodifiableEntityException',
        400,
        "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonGuardDuty' - this role is only modifiable by AWS",
      );
      await rejectsWith(
        iam.send(
          new UpdateAssumeRolePolicyCommand({ RoleName: 'AWSServiceRoleForAmazonGuardDuty', PolicyDocument: TRUST }),
        ),
        'UnmodifiableEntityException',
        400,
        "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonGuardDuty' - this role is only modifiable by AWS",
      );
    });

    test('CustomSuffix only where the service allows it', async () => {
      await rejectsWith(
        iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'cloudtrail.amazonaws.com', CustomSuffix: 'x' })),
        'InvalidInputException',
        400,
        'Custom suffix is not allowed for cloudtrail.amazonaws.com',
      );
      const role = (
        await iam.send(
          new CreateServiceLinkedRoleCommand({
            AWSServiceName: 'autoscaling.amazonaws.com',
            CustomSuffix: 'fleet',
            Description: 'for the fleet',
          }),
        )
      ).Role!;
      assert.equal(role.RoleName, 'AWSServiceRoleForAutoScaling_fleet');
      assert.equal(role.Description, 'for the fleet');
      await rejectsWith(
        iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'no-such-service.amazonaws.com' })),
        'InvalidInputException',
        400,
      );
    });

    test('DeleteServiceLinkedRole completes at once: GetServiceLinkedRoleDeletionStatus is SUCCEEDED', async () => {
      await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'inspector2.amazonaws.com' }));
      const { DeletionTaskId } = await iam.send(
        new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAmazonInspector2' }),
      );
      assert.match(
        DeletionTaskId!,
        /^task\/aws-service-role\/inspector2\.amazonaws\.com\/AWSServiceRoleForAmazonInspector2\/[0-9a-f-]{36}$/,
      );
      const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
      assert.equal(status.Status, 'SUCCEEDED');
      await rejectsWith(
        iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonInspector2' })),
        'NoSuchEntityException',
        404,
        'The role with name AWSServiceRoleForAmazonInspector2 cannot be found.',
      );
      const attached = await db()
        .selectFrom('iam_attachments')
        .selectAll()
        .where('entity_lc', '=', 'awsserviceroleforamazoninspector2')
        .execute();
      assert.deepEqual(attached, []);
      await rejectsWith(
        iam.send(
          new GetServiceLinkedRoleDeletionStatusCommand({
            DeletionTaskId: DeletionTaskId!.replace(/[0-9a-f-]{36}$/, '00000000-0000-0000-0000-000000000000'),
          }),
        ),
        'NoSuchEntityException',
        404,
      );
      // The same service's role can be created again afterwards.
      await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'inspector2.amazonaws.com' }));
    });
  });

  describe('instance profiles', () => {
    test('lifecycle: create, add one role only, get, list, tags, remove, delete', async () => {
      const created = (
        await iam.send(
          new CreateInstanceProfileCommand({
            InstanceProfileName: 'app',
            Path: '/ec2/',
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        )
      ).InstanceProfile!;
      assert.match(created.InstanceProfileId!, /^AIPA[A-Z0-9]{17}$/);
      assert.equal(created.Arn, `arn:aws:iam::${account}:instance-profile/ec2/app`);
      assert.deepEqual(created.Roles, []);
      await rejectsWith(
        iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'APP' })),
        'EntityAlreadyExistsException',
        409,
        'Instance Profile APP already exists.',
      );
      await rejectsWith(
        iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'missing' })),
        'NoSuchEntityException',
        404,
        'Instance Profile missing cannot be found.',
      );

      await iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new CreateRoleCommand({ RoleName: 'app-role-2', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app-role' }));
      await rejectsWith(
        iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app-role-2' })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
      );
      const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'App' }))).InstanceProfile!;
      assert.deepEqual(
        got.Roles!.map((r) => r.RoleName),
        ['app-role'],
      );
      assert.equal(decodeURIComponent(got.Roles![0].AssumeRolePolicyDocument!), TRUST);
      assert.deepEqual(got.Tags, [{ Key: 'k', Value: 'v' }]);

      const listed = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/ec2/' }));
      assert.deepEqual(
        listed.InstanceProfiles!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)]),
        [['app', ['app-role']]],
      );
      const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role' }));
      assert.deepEqual(
        forRole.InstanceProfiles!.map((p) => p.InstanceProfileName),
        ['app'],
      );

      await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'app', Tags: [{ Key: 'z', Value: '1' }] }));
      await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'app', TagKeys: ['k'] }));
      const tags = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'app' }));
      assert.deepEqual(tags.Tags, [{ Key: 'z', Value: '1' }]);

      await rejectsWith(
        iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'app' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must remove roles from instance profile first.',
      );
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app-role' }));
      await rejectsWith(
        iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app-role' })),
        'NoSuchEntityException',
        404,
        'The role with name app-role cannot be found.',
      );
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'app' }));
      await rejectsWith(
        iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'app' })),
        'NoSuchEntityException',
        404,
        'Instance Profile app cannot be found.',
      );
      assert.deepEqual(
        (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role' }))).InstanceProfiles,
        [],
      );
    });
  });
});
