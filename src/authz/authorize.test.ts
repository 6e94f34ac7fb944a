import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../aws/error.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type { Runtime } from '../core/runtime.js';
import {
  decodeAuthorizationMessage,
  makeTestContext,
  makeTestRuntime,
  rootIdentity,
} from '../../test/helpers/registry.js';
import type { Store } from '../store/store.js';
import { storeBackends } from '../../test/helpers/stores.js';
import { authorize } from './authorize.js';
import { bumpPolicyEpoch } from './policy-epoch.js';
import { AUTHORIZATION_MESSAGE_HEADER } from './denial.js';

const ACCOUNT = '111122223333';
const alice: CallerIdentity = {
  type: 'IAMUser',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalId: 'AIDAALICEEXAMPLE0001',
  userName: 'alice',
};

async function seedUser(store: Store, policy: object): Promise<void> {
  await store.db
    .insertInto('iam_users')
    .values({
      account_id: ACCOUNT,
      name_lc: 'alice',
      user_name: 'alice',
      user_id: alice.principalId,
      path: '/',
      created_at: Date.now(),
      permissions_boundary_arn: null,
      password_last_used: null,
    })
    .execute();
  await setPolicy(store, policy);
}

async function setPolicy(store: Store, policy: object): Promise<void> {
  await store.db.deleteFrom('iam_inline_policies').where('account_id', '=', ACCOUNT).execute();
  await store.db
    .insertInto('iam_inline_policies')
    .values({
      account_id: ACCOUNT,
      entity_type: 'user',
      entity_lc: 'alice',
      policy_name: 'p',
      document: JSON.stringify({ Version: '2012-10-17', Statement: policy }),
    })
    .execute();
}

function call(
  runtime: Runtime,
  service: ModelName,
  operation: string,
  input: Record<string, unknown> = {},
  identity = alice,
) {
  return authorize(makeTestContext({ runtime, identity, service, operation }), input);
}

async function denial(p: Promise<void>): Promise<AwsError> {
  const err = await p.then(
    () => assert.fail('expected AccessDenied'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AwsError);
  return err;
}

for (const backend of storeBackends()) {
  describe(`authorize (${backend.name})`, { skip: backend.skip }, () => {
    test('an IAM change made through one node is enforced by every node on its next request', async () => {
      const [a, b] = await backend.openNodes(2);
      assert.ok(a && b);
      try {
        const nodeA = makeTestRuntime(a);
        await seedUser(b, [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]);
        // An IAM change moves the epoch in its own transaction (IAM's mutateIam); seeded rows move it here.
        await bumpPolicyEpoch(b.db, ACCOUNT);
        await call(nodeA, 'iam', 'ListUsers');

        await setPolicy(b, [
          { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:List*', Resource: '*' },
        ]);
        // Until the epoch moves the node keeps what it compiled (within the cache's lifetime).
        await call(nodeA, 'iam', 'ListUsers');
        await bumpPolicyEpoch(b.db, ACCOUNT);
        const err = await denial(call(nodeA, 'iam', 'ListUsers'));
        assert.equal(
          err.message,
          `User: ${alice.arn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ with an explicit deny in an identity-based policy`,
        );
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}

describe('authorize', () => {
  const backend = storeBackends()[0]!; // SQLite, always first and never skipped

  test('the root user is unrestricted in its own account; GetCallerIdentity needs no permission at all', async () => {
    const store = await backend.open();
    try {
      const runtime = makeTestRuntime(store);
      await call(runtime, 'iam', 'CreateUser', { UserName: 'x' }, rootIdentity(ACCOUNT));
      await seedUser(store, [{ Effect: 'Deny', Action: '*', Resource: '*' }]);
      await call(runtime, 'sts', 'GetCallerIdentity');
      await call(runtime, 'sts', 'GetSessionToken');
    } finally {
      await store.close();
    }
  });

  test('denials are AccessDenied for query services and AccessDeniedException for JSON ones, with a sealed explanation', async () => {
    const store = await backend.open();
    try {
      const runtime = makeTestRuntime(store);
      await seedUser(store, [{ Sid: 'Reader', Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }]);
      const iam = await denial(call(runtime, 'iam', 'CreateUser', { UserName: 'bob' }));
      assert.equal(iam.code, 'AccessDenied');
      assert.equal(iam.status, 403);
      assert.equal(
        iam.message,
        `User: ${alice.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/bob because no identity-based policy allows the iam:CreateUser action`,
      );
      const trail = await denial(call(runtime, 'cloudtrail', 'LookupEvents'));
      assert.equal(trail.code, 'AccessDeniedException');
      assert.equal(
        trail.message,
        `User: ${alice.arn} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
      );

      const encoded = iam.headers?.[AUTHORIZATION_MESSAGE_HEADER];
      assert.ok(encoded);
      const ctx = makeTestContext({ runtime, service: 'sts', operation: 'DecodeAuthorizationMessage' });
      const decoded = JSON.parse((await decodeAuthorizationMessage(ctx, { EncodedMessage: encoded })).DecodedMessage!);
      assert.equal(decoded.allowed, false);
      assert.equal(decoded.explicitDeny, false);
      assert.equal(decoded.context.action, 'iam:CreateUser');
      assert.equal(decoded.context.resource, `arn:aws:iam::${ACCOUNT}:user/bob`);
      assert.equal(decoded.context.principal.arn, alice.arn);
      const sourceIp = decoded.context.conditions.items.find((c: { key: string }) => c.key === 'aws:SourceIp');
      assert.deepEqual(sourceIp.values.items, [{ value: '127.0.0.1' }]);
      await assert.rejects(decodeAuthorizationMessage(ctx, { EncodedMessage: `${encoded}x` }), {
        code: 'InvalidAuthorizationMessageException',
      });
    } finally {
      await store.close();
    }
  });

  test('a role session is bounded by its role policies and its session policy', async () => {
    const store = await backend.open();
    try {
      const runtime = makeTestRuntime(store);
      const roleArn = `arn:aws:iam::${ACCOUNT}:role/ops/deployer`;
      await store.db
        .insertInto('iam_roles')
        .values({
          account_id: ACCOUNT,
          name_lc: 'deployer',
          role_name: 'deployer',
          role_id: 'AROADEPLOYEREXAMPLE1',
          path: '/ops/',
          created_at: Date.now(),
          assume_role_policy_document: '{"Version":"2012-10-17","Statement":[]}',
          description: null,
          max_session_duration: 3600,
          permissions_boundary_arn: null,
          service_linked_to: null,
          last_used_at: null,
          last_used_region: null,
        })
        .execute();
      await store.db
        .insertInto('iam_inline_policies')
        .values({
          account_id: ACCOUNT,
          entity_type: 'role',
          entity_lc: 'deployer',
          policy_name: 'work',
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListRoles', 'iam:CreateUser'], Resource: '*' },
            ],
          }),
        })
        .execute();
      const session = (policy?: object): CallerIdentity => ({
        type: 'AssumedRole',
        accountId: ACCOUNT,
        partition: 'aws',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
        principalId: 'AROADEPLOYEREXAMPLE1:ci',
        session: {
          kind: 'AssumeRole',
          issuer: { type: 'Role', principalId: 'AROADEPLOYEREXAMPLE1', arn: roleArn, accountId: ACCOUNT },
          creationDate: new Date(),
          expiration: new Date(Date.now() + 3600_000),
          mfaAuthenticated: false,
          ...(policy ? { policy: JSON.stringify(policy) } : {}),
        },
      });
      const unrestricted = session();
      await call(runtime, 'iam', 'ListRoles', {}, unrestricted);
      await call(runtime, 'iam', 'CreateUser', { UserName: 'x' }, unrestricted);
      const err = await denial(call(runtime, 'iam', 'GetUser', { UserName: 'x' }, unrestricted));
      assert.equal(
        err.message,
        `User: ${unrestricted.arn} is not authorized to perform: iam:GetUser on resource: user x because no identity-based policy allows the iam:GetUser action`,
      );

      const narrowed = session({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }],
      });
      await call(runtime, 'iam', 'ListRoles', {}, narrowed);
      const outside = await denial(call(runtime, 'iam', 'CreateUser', { UserName: 'y' }, narrowed));
      assert.equal(
        outside.message,
        `User: ${narrowed.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/y because no session policy allows the iam:CreateUser action`,
      );
    } finally {
      await store.close();
    }
  });
});
