// Identity handlers on both store backends: per-account quotas, one winner per contested name, GetUser's caller.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../aws/error.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { Store } from '../../../store/store.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { RequestContext } from '../../../core/runtime.js';
import { iamHandlers as h } from '../index.js';
import { ensureServiceLinkedRole } from './service-linked-roles.js';
import { readPolicyEpoch } from '../../../authz/policy-epoch.js';
import type { CallerIdentity } from '../../../aws/identity.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    return true;
  });
}

/** count rows built by row(i), in batches of a size one INSERT statement can carry. */
function* batches<T>(count: number, row: (i: number) => T): Generator<T[]> {
  for (let start = 0; start < count; start += 200) {
    yield Array.from({ length: Math.min(200, count - start) }, (_, k) => row(start + k));
  }
}

for (const backend of storeBackends()) {
  describe(`identity quotas and races on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let ctx: (accountId?: string) => RequestContext;
    before(async () => {
      store = await backend.open();
      const runtime = makeTestRuntime(store);
      ctx = (accountId = ACCOUNT) => makeTestContext({ runtime, service: 'iam', accountId, region: 'us-east-1' });
    });
    after(async () => {
      await store?.close();
    });

    test('5000 users, 300 groups, 1000 roles and 1000 instance profiles per account', async () => {
      const base = { account_id: ACCOUNT, path: '/', created_at: 0 };
      for (const rows of batches(5000, (i) => ({
        ...base,
        name_lc: `u${i}`,
        user_name: `u${i}`,
        user_id: `AIDAFILL${i}`,
        permissions_boundary_arn: null,
        password_last_used: null,
      }))) {
        await store.db.insertInto('iam_users').values(rows).execute();
      }
      await rejectsWith(
        h.CreateUser!(ctx(), { UserName: 'one-more' }),
        'LimitExceeded',
        'Cannot exceed quota for UsersPerAccount: 5000',
      );
      // The quota is per account: another account still has room.
      await h.CreateUser!(ctx(OTHER), { UserName: 'one-more' });

      for (const rows of batches(300, (i) => ({
        ...base,
        name_lc: `g${i}`,
        group_name: `g${i}`,
        group_id: `AGPAFILL${i}`,
      }))) {
        await store.db.insertInto('iam_groups').values(rows).execute();
      }
      await rejectsWith(
        h.CreateGroup!(ctx(), { GroupName: 'one-more' }),
        'LimitExceeded',
        'Cannot exceed quota for GroupsPerAccount: 300',
      );

      for (const rows of batches(1000, (i) => ({
        ...base,
        name_lc: `r${i}`,
        role_name: `r${i}`,
        role_id: `AROAFILL${i}`,
        assume_role_policy_document: TRUST,
        description: null,
        max_session_duration: 3600,
        permissions_boundary_arn: null,
        service_linked_to: null,
        last_used_at: null,
        last_used_region: null,
      }))) {
        await store.db.insertInto('iam_roles').values(rows).execute();
      }
      await rejectsWith(
        h.CreateRole!(ctx(), { RoleName: 'one-more', AssumeRolePolicyDocument: TRUST }),
        'LimitExceeded',
        'Cannot exceed quota for RolesPerAccount: 1000',
      );
      // Service-linked roles count against the same quota.
      await rejectsWith(
        h.CreateServiceLinkedRole!(ctx(), { AWSServiceName: 'guardduty.amazonaws.com' }),
        'LimitExceeded',
        'Cannot exceed quota for RolesPerAccount: 1000',
      );

      for (const rows of batches(1000, (i) => ({
        ...base,
        name_lc: `p${i}`,
        instance_profile_name: `p${i}`,
        instance_profile_id: `AIPAFILL${i}`,
      }))) {
        await store.db.insertInto('iam_instance_profiles').values(rows).execute();
      }
      await rejectsWith(
        h.CreateInstanceProfile!(ctx(), { InstanceProfileName: 'one-more' }),
        'LimitExceeded',
        'Cannot exceed quota for InstanceProfilesPerAccount: 1000',
      );
    });

    test('GetUser without a name answers for the calling IAM user, and refuses other non-user callers', async () => {
      const created = await h.CreateUser!(ctx(OTHER), { UserName: 'Caller', Path: '/team/' });
      const asUser: CallerIdentity = {
        type: 'IAMUser',
        accountId: OTHER,
        partition: 'aws',
        arn: `arn:aws:iam::${OTHER}:user/team/Caller`,
        principalId: created.User!.UserId,
        userName: 'Caller',
      };
      const runtime = makeTestRuntime(store);
      const self = await h.GetUser!(makeTestContext({ runtime, service: 'iam', identity: asUser }), {});
      assert.equal(self.User.UserId, created.User!.UserId);
      assert.equal(self.User.Arn, asUser.arn);
      const asRole: CallerIdentity = {
        type: 'AssumedRole',
        accountId: OTHER,
        partition: 'aws',
        arn: `arn:aws:sts::${OTHER}:assumed-role/r/s`,
        principalId: 'AROAEXAMPLEEXAMPLE12:s',
      };
      await rejectsWith(
        h.GetUser!(makeTestContext({ runtime, service: 'iam', identity: asRole }), {}),
        'ValidationError',
        'Must specify userName when calling with non-User credentials',
      );
    });

    test('at most 50 tags on an identity, counted after merging', async () => {
      const tags = (n: number, prefix = 'k') =>
        Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));
      await rejectsWith(
        h.CreateUser!(ctx(OTHER), { UserName: 'too-many', Tags: tags(51) }),
        'LimitExceeded',
        'The number of tags has reached the maximum limit.',
      );
      await h.CreateRole!(ctx(OTHER), { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, Tags: tags(50) });
      // Overwriting existing keys (regardless of case) does not add to the count.
      await h.TagRole!(ctx(OTHER), { RoleName: 'tagged', Tags: tags(10, 'K') });
      await rejectsWith(
        h.TagRole!(ctx(OTHER), { RoleName: 'tagged', Tags: tags(1, 'new') }),
        'LimitExceeded',
        'The number of tags has reached the maximum limit.',
      );
      assert.equal((await h.ListRoleTags!(ctx(OTHER), { RoleName: 'tagged' })).Tags.length, 50);
    });
  });

  describe(`concurrent identity writes from two nodes on ${backend.name}`, { skip: backend.skip }, () => {
    let nodes: Store[];
    let ctxOn: (node: Store) => RequestContext;
    before(async () => {
      nodes = await backend.openNodes(2);
      ctxOn = (node) =>
        makeTestContext({ runtime: makeTestRuntime(node), service: 'iam', accountId: ACCOUNT, region: 'us-east-1' });
    });
    after(async () => {
      for (const node of nodes ?? []) await node.close();
    });

    test('one name created on both nodes at once: exactly one succeeds, the other is EntityAlreadyExists', async () => {
      for (const [kind, create] of [
        ['user', (n: Store, i: number) => h.CreateUser!(ctxOn(n), { UserName: i % 2 ? 'Race' : 'race' })],
        ['group', (n: Store, i: number) => h.CreateGroup!(ctxOn(n), { GroupName: i % 2 ? 'Race' : 'race' })],
        [
          'role',
          (n: Store, i: number) =>
            h.CreateRole!(ctxOn(n), { RoleName: i % 2 ? 'Race' : 'race', AssumeRolePolicyDocument: TRUST }),
        ],
        ['instance profile', (n: Store) => h.CreateInstanceProfile!(ctxOn(n), { InstanceProfileName: 'race' })],
      ] as const) {
        const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => create(nodes[i % 2], i)));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, kind);
        for (const r of results) {
          if (r.status === 'rejected') {
            assert.ok(r.reason instanceof AwsError, String(r.reason));
            assert.equal(r.reason.code, 'EntityAlreadyExists', kind);
          }
        }
      }
    });

    test('ensureServiceLinkedRole from two nodes at once yields one role, and moves the policy epoch', async () => {
      const before = await readPolicyEpoch(nodes[0].db, ACCOUNT);
      const roles = await Promise.all(
        [0, 1, 0, 1].map((i) =>
          ensureServiceLinkedRole(nodes[i], { accountId: ACCOUNT, service: 'organizations.amazonaws.com' }),
        ),
      );
      assert.equal(new Set(roles.map((r) => r.role_id)).size, 1);
      assert.equal(roles[0].role_name, 'AWSServiceRoleForOrganizations');
      assert.equal(roles[0].path, '/aws-service-role/organizations.amazonaws.com/');
      assert.notEqual(await readPolicyEpoch(nodes[1].db, ACCOUNT), before);
      const again = await ensureServiceLinkedRole(nodes[1], {
        accountId: ACCOUNT,
        service: 'organizations.amazonaws.com',
      });
      assert.equal(again.role_id, roles[0].role_id);
    });

    test('a user added to the same group on both nodes at once ends up a member once', async () => {
      await h.CreateUser!(ctxOn(nodes[0]), { UserName: 'member' });
      await h.CreateGroup!(ctxOn(nodes[0]), { GroupName: 'club' });
      const results = await Promise.allSettled(
        nodes.flatMap((n) => [0, 1].map(() => h.AddUserToGroup!(ctxOn(n), { GroupName: 'club', UserName: 'member' }))),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
      );
      const group = await h.GetGroup!(ctxOn(nodes[1]), { GroupName: 'club' });
      assert.deepEqual(
        group.Users.map((u) => u.UserName),
        ['member'],
      );
    });
  });
}
