// loadUserPolicies/loadRolePolicies/loadGroupPolicies/loadManagedPolicyDocument over real stores: which documents
// apply, with which ids, and that the policy simulator loads exactly these.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../../store/store.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { ensureAwsManagedPolicies } from './aws-managed/seed.js';
import { loadSimulationSource, type SimulationPolicy } from '../simulation/policies.js';
import {
  loadGroupPolicies,
  loadManagedPolicyDocument,
  loadRolePolicies,
  loadUserPolicies,
  type PrincipalPolicyDoc,
} from './principal-policies.js';

const ACCOUNT = '111122223333';
const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const STORED = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** What identifies a policy to both loaders: its kind, managed ARN, the entity it comes through, and its text. */
const enforced = (d: PrincipalPolicyDoc) =>
  [d.type, d.type === 'managed' ? d.id : undefined, `${d.via.kind}:${d.via.name}`, JSON.parse(d.document)] as const;
const simulated = (p: SimulationPolicy) =>
  [p.kind, p.arn, `${p.via?.kind}:${p.via?.name}`, JSON.parse(JSON.stringify(p.compiled.document))] as const;

async function customerPolicy(store: Store, name: string, versions: Record<string, string>, defaultVersion: string) {
  await store.db
    .insertInto('iam_policies')
    .values({
      arn: STORED(name),
      account_id: ACCOUNT,
      name_lc: name.toLowerCase(),
      policy_name: name,
      policy_id: `ANPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
      path: '/',
      description: null,
      default_version_id: defaultVersion,
      next_version: Object.keys(versions).length + 1,
      created_at: 1,
      updated_at: 1,
    })
    .execute();
  for (const [versionId, document] of Object.entries(versions)) {
    await store.db
      .insertInto('iam_policy_versions')
      .values({ policy_arn: STORED(name), version_id: versionId, document, created_at: 1 })
      .execute();
  }
}

async function seed(store: Store): Promise<void> {
  await ensureAwsManagedPolicies(store);
  const db = store.db;
  await db
    .insertInto('iam_users')
    .values([
      {
        account_id: ACCOUNT,
        name_lc: 'alice',
        user_name: 'Alice',
        user_id: 'AIDAALICE',
        path: '/',
        created_at: 1,
        permissions_boundary_arn: STORED('Bound'),
        password_last_used: null,
      },
      {
        account_id: ACCOUNT,
        name_lc: 'bob',
        user_name: 'Bob',
        user_id: 'AIDABOB',
        path: '/',
        created_at: 1,
        permissions_boundary_arn: null,
        password_last_used: null,
      },
    ])
    .execute();
  await db
    .insertInto('iam_groups')
    .values([
      { account_id: ACCOUNT, name_lc: 'devs', group_name: 'Devs', group_id: 'AGPADEVS', path: '/', created_at: 1 },
      { account_id: ACCOUNT, name_lc: 'ops', group_name: 'Ops', group_id: 'AGPAOPS', path: '/', created_at: 1 },
    ])
    .execute();
  await db
    .insertInto('iam_group_members')
    .values([
      { account_id: ACCOUNT, group_lc: 'devs', user_lc: 'alice' },
      { account_id: ACCOUNT, group_lc: 'ops', user_lc: 'bob' },
    ])
    .execute();
  await db
    .insertInto('iam_roles')
    .values({
      account_id: ACCOUNT,
      name_lc: 'deployer',
      role_name: 'Deployer',
      role_id: 'AROADEPLOYER',
      path: '/ci/',
      created_at: 1,
      assume_role_policy_document: '{}',
      description: null,
      max_session_duration: 3600,
      permissions_boundary_arn: ADMIN,
      service_linked_to: null,
      last_used_at: null,
      last_used_region: null,
    })
    .execute();
  await customerPolicy(store, 'Shared', { v1: doc('s3:GetObject'), v2: doc('s3:PutObject') }, 'v2');
  await customerPolicy(store, 'Bound', { v1: doc('s3:*') }, 'v1');
  await db
    .insertInto('iam_attachments')
    .values([
      { account_id: ACCOUNT, entity_type: 'user', entity_lc: 'alice', policy_arn: STORED('Shared') },
      { account_id: ACCOUNT, entity_type: 'group', entity_lc: 'devs', policy_arn: STORED('Shared') },
      { account_id: ACCOUNT, entity_type: 'group', entity_lc: 'devs', policy_arn: ADMIN },
      { account_id: ACCOUNT, entity_type: 'role', entity_lc: 'deployer', policy_arn: STORED('Shared') },
    ])
    .execute();
  await db
    .insertInto('iam_inline_policies')
    .values([
      { account_id: ACCOUNT, entity_type: 'user', entity_lc: 'alice', policy_name: 'Mine', document: doc('sqs:*') },
      { account_id: ACCOUNT, entity_type: 'group', entity_lc: 'devs', policy_name: 'Team', document: doc('sns:*') },
      { account_id: ACCOUNT, entity_type: 'group', entity_lc: 'ops', policy_name: 'Pager', document: doc('ec2:*') },
      { account_id: ACCOUNT, entity_type: 'role', entity_lc: 'deployer', policy_name: 'Ship', document: doc('ecr:*') },
    ])
    .execute();
}

for (const backend of storeBackends()) {
  describe(`principal policies (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
      await seed(store);
    });
    after(async () => {
      await store?.close();
    });

    test("a user gets its own inline and managed policies, then each group's, each managed policy once", async () => {
      const docs = await loadUserPolicies(store.db, ACCOUNT, 'ALICE');
      assert.deepEqual(
        docs.identity.map((d) => [d.id, d.type, d.name, `${d.via.kind}:${d.via.name}`]),
        [
          ['inline:user:Alice:Mine', 'inline', 'Mine', 'user:Alice'],
          [STORED('Shared'), 'managed', 'Shared', 'user:Alice'],
          ['inline:group:Devs:Team', 'inline', 'Team', 'group:Devs'],
          [ADMIN, 'managed', 'AdministratorAccess', 'group:Devs'],
        ],
      );
      // Managed policies count by their default version.
      assert.equal(docs.identity[1].document, doc('s3:PutObject'));
      assert.equal(JSON.parse(docs.identity[3].document).Statement[0].Action, '*');
      assert.equal(docs.boundary?.id, STORED('Bound'));
      assert.equal(docs.boundary?.document, doc('s3:*'));
    });

    test('policies of groups the user is not in do not apply', async () => {
      const docs = await loadUserPolicies(store.db, ACCOUNT, 'bob');
      assert.deepEqual(
        docs.identity.map((d) => d.id),
        ['inline:group:Ops:Pager'],
      );
      assert.equal(docs.boundary, undefined);
    });

    test('managed policy ids carry the partition asked for', async () => {
      const docs = await loadUserPolicies(store.db, ACCOUNT, 'alice', 'aws-cn');
      assert.equal(docs.identity[1].id, `arn:aws-cn:iam::${ACCOUNT}:policy/Shared`);
      assert.equal(docs.identity[3].id, 'arn:aws-cn:iam::aws:policy/AdministratorAccess');
      assert.equal(docs.boundary?.id, `arn:aws-cn:iam::${ACCOUNT}:policy/Bound`);
    });

    test('a role gets its inline and attached policies and its boundary', async () => {
      const docs = await loadRolePolicies(store.db, ACCOUNT, 'deployer');
      assert.deepEqual(
        docs.identity.map((d) => d.id),
        ['inline:role:Deployer:Ship', STORED('Shared')],
      );
      assert.equal(docs.boundary?.id, ADMIN);
    });

    test('unknown principals and other accounts have no policies', async () => {
      const none = { identity: [], found: false };
      assert.deepEqual(await loadUserPolicies(store.db, ACCOUNT, 'nobody'), none);
      assert.deepEqual(await loadRolePolicies(store.db, ACCOUNT, 'nobody'), none);
      assert.deepEqual(await loadUserPolicies(store.db, '999999999999', 'alice'), none);
    });

    test('with a unique id, only the principal of that id counts (not a later one of the same name)', async () => {
      assert.equal((await loadUserPolicies(store.db, ACCOUNT, 'alice', 'aws', 'AIDAALICE')).found, true);
      assert.deepEqual(await loadUserPolicies(store.db, ACCOUNT, 'alice', 'aws', 'AIDAFORMER'), {
        identity: [],
        found: false,
      });
      const role = await loadRolePolicies(store.db, ACCOUNT, 'deployer', 'aws', 'AROADEPLOYER');
      assert.deepEqual([role.found, role.identity.length], [true, 2]);
      assert.deepEqual(await loadRolePolicies(store.db, ACCOUNT, 'deployer', 'aws', 'AROAFORMER'), {
        identity: [],
        found: false,
      });
    });

    test("a group's policies are the ones it lends its members", async () => {
      const viaDevs = (await loadUserPolicies(store.db, ACCOUNT, 'alice')).identity.filter(
        (d) => d.via.kind === 'group',
      );
      const devs = await loadGroupPolicies(store.db, ACCOUNT, 'Devs');
      assert.deepEqual(
        devs.map((d) => d.id),
        ['inline:group:Devs:Team', STORED('Shared'), ADMIN],
      );
      // Shared reaches Alice through her own attachment first, so her set has it once.
      assert.deepEqual(
        viaDevs,
        devs.filter((d) => d.id !== STORED('Shared')),
      );
    });

    test('the simulator evaluates exactly the policies enforcement loads', async () => {
      const user = await loadUserPolicies(store.db, ACCOUNT, 'alice');
      const userSource = await loadSimulationSource(store.db, `arn:aws:iam::${ACCOUNT}:user/Alice`, 'aws');
      assert.deepEqual(userSource.identity.map(simulated), user.identity.map(enforced));
      assert.deepEqual(userSource.boundary && simulated(userSource.boundary), user.boundary && enforced(user.boundary));
      const role = await loadRolePolicies(store.db, ACCOUNT, 'deployer');
      const roleSource = await loadSimulationSource(store.db, `arn:aws:iam::${ACCOUNT}:role/ci/Deployer`, 'aws');
      assert.deepEqual(roleSource.identity.map(simulated), role.identity.map(enforced));
      assert.deepEqual(roleSource.boundary && simulated(roleSource.boundary), role.boundary && enforced(role.boundary));
      const groupSource = await loadSimulationSource(store.db, `arn:aws:iam::${ACCOUNT}:group/Devs`, 'aws');
      const group = await loadGroupPolicies(store.db, ACCOUNT, 'Devs');
      assert.deepEqual(groupSource.identity.map(simulated), group.map(enforced));
      assert.equal(groupSource.boundary, undefined);
    });

    test('loadManagedPolicyDocument reads the default version, in any partition', async () => {
      assert.equal(await loadManagedPolicyDocument(store.db, STORED('Shared')), doc('s3:PutObject'));
      assert.equal(
        await loadManagedPolicyDocument(store.db, `arn:aws-us-gov:iam::${ACCOUNT}:policy/Shared`),
        doc('s3:PutObject'),
      );
      const admin = await loadManagedPolicyDocument(store.db, 'arn:aws-cn:iam::aws:policy/AdministratorAccess');
      assert.equal(JSON.parse(admin ?? '{}').Statement[0].Action, '*');
      assert.equal(await loadManagedPolicyDocument(store.db, STORED('Missing')), undefined);
      assert.equal(await loadManagedPolicyDocument(store.db, `arn:aws:iam::${ACCOUNT}:user/Alice`), undefined);
      assert.equal(await loadManagedPolicyDocument(store.db, 'not an arn'), undefined);
    });
  });
}
