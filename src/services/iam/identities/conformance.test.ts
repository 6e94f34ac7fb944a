// Identity handlers against responses recorded from real AWS (aws-recorded/iam.snapshot.json): roles and
// service-linked roles must come back with the same members, values and error messages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsError } from '../../../aws/error.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { Store } from '../../../store/store.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { RequestContext } from '../../../core/runtime.js';
import { iamHandlers as h } from '../index.js';
import { accountScope } from '../../../store/account-scope.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SNAPSHOT = join(resolve(REPO_ROOT, '../shared/conformance'), 'aws-recorded', 'iam.snapshot.json');
const ACCOUNT = '123456789012';
const RECORDED_ACCOUNT = '111111111111';

type Recorded = Record<string, unknown>;
type Snapshot = Record<string, { 'recorded-content': Record<string, Recorded> }>;

function snapshotSkipReason(): string | false {
  if (existsSync(SNAPSHOT) || process.env.CI === 'true') return false;
  return `recorded AWS responses not found at ${SNAPSHOT}`;
}

/** Recorded entries by the test's short name (after `::`), e.g. `TestRoles::test_role_with_tags`. */
function entries(snapshot: Snapshot, prefix: string): [string, Record<string, Recorded>][] {
  return Object.entries(snapshot)
    .map(
      ([key, value]) =>
        [key.slice(key.indexOf('::') + 2), value['recorded-content']] as [string, Record<string, Recorded>],
    )
    .filter(([name]) => name.startsWith(prefix));
}

/** The parameter of a parametrised test name: `test_x[acm.amazonaws.com]` → `acm.amazonaws.com`. */
const param = (name: string) => /\[(.+)\]$/.exec(name)?.[1] ?? '';

/**
 * Asserts a handler's Role has exactly the recorded members with the recorded values. Placeholders stand for
 * what AWS generated (ids, dates); `names` maps the other placeholders to the values this test used.
 */
function assertRoleMatches(actual: Record<string, unknown>, recorded: Recorded, names: Record<string, string>): void {
  const fill = (text: string) =>
    Object.entries({ '<partition>': 'aws', [RECORDED_ACCOUNT]: ACCOUNT, ...names }).reduce(
      (out, [from, to]) => out.split(from).join(to),
      text,
    );
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(recorded).sort(), 'the same members');
  for (const [member, expected] of Object.entries(recorded)) {
    const value = actual[member];
    if (member === 'AssumeRolePolicyDocument') {
      assert.deepEqual(JSON.parse(decodeURIComponent(value as string)), expected, member);
    } else if (member === 'CreateDate') {
      assert.ok(value instanceof Date, member);
    } else if (member === 'RoleLastUsed' && Object.keys(expected as object).length > 0) {
      // AWS recorded a role its service had already used; a role just created here has not been.
      assert.equal(typeof value, 'object', member);
    } else if (member === 'RoleId') {
      assert.match(value as string, /^AROA[A-Z0-9]{17}$/);
    } else if (typeof expected === 'string') {
      assert.equal(value, fill(expected), member);
    } else {
      assert.deepEqual(value, expected, member);
    }
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.httpStatus, status);
    assert.equal(err.message, message);
    return true;
  });
}

describe('identity handlers against recorded AWS responses', { skip: snapshotSkipReason() }, () => {
  if (!existsSync(SNAPSHOT)) {
    test('the recording is present', () => assert.fail(`recorded AWS responses missing at ${SNAPSHOT} (CI=true)`));
    return;
  }
  const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;

  for (const backend of storeBackends()) {
    describe(`on ${backend.name}`, { skip: backend.skip }, () => {
      let store: Store;
      let ctx: () => RequestContext;
      before(async () => {
        store = await backend.open();
        const runtime = makeTestRuntime(store);
        ctx = () => makeTestContext({ runtime, service: 'iam', accountId: ACCOUNT, region: 'us-east-1' });
      });
      after(async () => {
        await store?.close();
      });

      const attachedPolicies = async (roleName: string) =>
        (
          await accountScope(store.db, ACCOUNT)
            .selectFrom('iam_attachments')
            .select('policy_arn')
            .where('entity_type', '=', 'role')
            .where('entity_lc', '=', roleName.toLowerCase())
            .execute()
        ).map((r) => r.policy_arn);

      test('every recorded service-linked role: name, path, trust policy, description and attached policy', async () => {
        const lifecycles = entries(snapshot, 'TestIAMServiceRoles::test_service_role_lifecycle[');
        assert.ok(lifecycles.length >= 70);
        for (const [name, content] of lifecycles) {
          const service = param(name);
          await h.CreateServiceLinkedRole!(ctx(), { AWSServiceName: service });
          const recorded = (content['describe-response'] as { Role: Recorded }).Role;
          const roleName = recorded.RoleName as string;
          const got = await h.GetRole!(ctx(), { RoleName: roleName });
          assertRoleMatches(got.Role as unknown as Record<string, unknown>, recorded, {});
          const policies = (content['attached-role-policies'] as { AttachedPolicies: { PolicyArn: string }[] })
            .AttachedPolicies;
          assert.deepEqual(
            await attachedPolicies(roleName),
            policies.map((p) => p.PolicyArn.replace('<partition>', 'aws')),
            service,
          );
        }
      });

      test('CustomSuffix: refused in AWS words where the service takes none, appended where it does', async () => {
        for (const [name, content] of entries(
          snapshot,
          'TestIAMServiceRoles::test_service_role_lifecycle_custom_suffix_not_allowed[',
        )) {
          const error = (content['custom-suffix-not-allowed'] as { Error: { Code: string; Message: string } }).Error;
          await rejectsWith(
            h.CreateServiceLinkedRole!(ctx(), { AWSServiceName: param(name), CustomSuffix: 'suffix' }),
            error.Code,
            400,
            error.Message,
          );
        }
        for (const [name, content] of entries(
          snapshot,
          'TestIAMServiceRoles::test_service_role_lifecycle_custom_suffix[',
        )) {
          const recorded = (content['describe-response'] as { Role: Recorded }).Role;
          const created = await h.CreateServiceLinkedRole!(ctx(), { AWSServiceName: param(name), CustomSuffix: 'abc' });
          const got = await h.GetRole!(ctx(), { RoleName: created.Role!.RoleName });
          assertRoleMatches(got.Role as unknown as Record<string, unknown>, recorded, { '<suffix>': 'abc' });
        }
      });

      test('a taken service role name and the deletion task, as recorded', async () => {
        const taken = entries(snapshot, 'TestIAMServiceRoles::test_service_role_already_exists')[0][1];
        const error = (taken['role-already-exists-error'] as { Error: { Code: string; Message: string } }).Error;
        // batch.amazonaws.com's role exists since the lifecycle test above.
        await rejectsWith(
          h.CreateServiceLinkedRole!(ctx(), { AWSServiceName: 'batch.amazonaws.com' }),
          error.Code,
          400,
          error.Message,
        );

        const deletion = entries(snapshot, 'TestIAMServiceRoles::test_service_role_deletion')[0][1];
        const recordedId = (deletion['service-linked-role-deletion-response'] as { DeletionTaskId: string })
          .DeletionTaskId;
        const { DeletionTaskId } = await h.DeleteServiceLinkedRole!(ctx(), { RoleName: 'AWSServiceRoleForBatch' });
        const pattern = recordedId.replace('<uuid>', '[0-9a-f-]{36}').replace(/\./g, '\\.');
        assert.match(DeletionTaskId, new RegExp(`^${pattern}$`));
        const status = await h.GetServiceLinkedRoleDeletionStatus!(ctx(), { DeletionTaskId });
        assert.equal(
          status.Status,
          (deletion['service-linked-role-deletion-status-response'] as { Status: string }).Status,
        );
        assert.deepEqual(await attachedPolicies('AWSServiceRoleForBatch'), []);
      });

      test('CreateRole, GetRole and ListRoles return the recorded members', async () => {
        const content = entries(snapshot, 'TestIAMIntegrations::test_create_describe_role')[0][1];
        const created = (content['create_role_result'] as { Role: Recorded }).Role;
        const path = '/recorded-path/';
        const names = { '<role-name:1>': 'recorded-role', '/<path-prefix>/': path };
        const out = await h.CreateRole!(ctx(), {
          RoleName: 'recorded-role',
          Path: path,
          AssumeRolePolicyDocument: JSON.stringify(created.AssumeRolePolicyDocument),
        });
        assertRoleMatches(out.Role as unknown as Record<string, unknown>, created, names);
        const got = await h.GetRole!(ctx(), { RoleName: 'recorded-role' });
        assertRoleMatches(
          got.Role as unknown as Record<string, unknown>,
          (content['get_role_result'] as { Role: Recorded }).Role,
          names,
        );
        const listed = await h.ListRoles!(ctx(), { PathPrefix: path });
        const recordedList = content['list_roles_result'] as { Roles: Recorded[]; IsTruncated: boolean };
        assert.equal(listed.IsTruncated, recordedList.IsTruncated);
        assert.equal(listed.Roles.length, 1);
        assertRoleMatches(listed.Roles[0] as unknown as Record<string, unknown>, recordedList.Roles[0], names);
      });

      test('a role with tags: tags in CreateRole and GetRole, not in ListRoles', async () => {
        const content = entries(snapshot, 'TestRoles::test_role_with_tags')[0][1];
        const created = (content['create-role-response'] as { Role: Recorded }).Role;
        const names = { '<role-name:1>': 'tagged-recorded' };
        const out = await h.CreateRole!(ctx(), {
          RoleName: 'tagged-recorded',
          Path: created.Path as string,
          AssumeRolePolicyDocument: JSON.stringify(created.AssumeRolePolicyDocument),
          Tags: created.Tags as { Key: string; Value: string }[],
        });
        assertRoleMatches(out.Role as unknown as Record<string, unknown>, created, names);
        const got = await h.GetRole!(ctx(), { RoleName: 'tagged-recorded' });
        assertRoleMatches(
          got.Role as unknown as Record<string, unknown>,
          (content['get-role-response'] as { Role: Recorded }).Role,
          names,
        );
        const listed = await h.ListRoles!(ctx(), { PathPrefix: created.Path as string });
        const recordedList = (content['list-role-response'] as { Roles: Recorded[] }).Roles;
        assertRoleMatches(listed.Roles[0] as unknown as Record<string, unknown>, recordedList[0], names);
      });
    });
  }
});
