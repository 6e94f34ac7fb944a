// The shipped AWS-managed policies: valid documents, derived read-only lists, and idempotent seeding on both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../../store/store.js';
import { storeBackends } from '../../../store/test-stores.js';
import { policyDocumentError } from '../policy-validation.js';
import { awsManagedDocumentText, awsManagedPolicies, awsManagedPolicyId, ensureAwsManagedPolicies } from './seed.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function actionsOf(name: string): string[] {
  const policy = awsManagedPolicies().find((p) => p.name === name);
  assert.ok(policy, `${name} is shipped`);
  const doc = policy.document as { Statement: { Action: string | string[] }[] };
  return doc.Statement.flatMap((s) => s.Action);
}

/** Whether an Action entry (exact or `prefix*`) covers the action. */
const covers = (entry: string, action: string) =>
  entry.endsWith('*') ? action.startsWith(entry.slice(0, -1)) : entry === action;

describe('shipped AWS-managed policies', () => {
  test('every document is a valid identity policy', () => {
    for (const policy of awsManagedPolicies()) {
      assert.equal(policyDocumentError(awsManagedDocumentText(policy), 'identity'), undefined, policy.name);
    }
  });

  test('the policies the brief names are all there, service-linked ones under aws-service-role/', () => {
    const byName = new Map(awsManagedPolicies().map((p) => [p.name, p]));
    for (const name of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'IAMFullAccess', 'SecurityAudit']) {
      assert.equal(byName.get(name)?.path, '/', name);
    }
    for (const name of ['AmazonGuardDutyServiceRolePolicy', 'CloudTrailServiceRolePolicy']) {
      assert.equal(byName.get(name)?.path, '/aws-service-role/', name);
    }
  });

  test('ReadOnlyAccess reads everything and writes nothing', () => {
    const actions = actionsOf('ReadOnlyAccess');
    for (const read of ['iam:GetUser', 'iam:ListRoles', 'kms:DescribeKey', 's3:GetObject', 'guardduty:ListDetectors']) {
      assert.ok(
        actions.some((a) => covers(a, read)),
        read,
      );
    }
    for (const write of ['iam:CreateUser', 'kms:Decrypt', 's3:PutObject', 'iam:PassRole', 'sts:AssumeRole']) {
      assert.ok(!actions.some((a) => covers(a, write)), write);
    }
  });

  test('SecurityAudit reads configuration, not data', () => {
    const actions = actionsOf('SecurityAudit');
    for (const read of ['iam:ListUsers', 's3:GetBucketPolicy', 'kms:DescribeKey', 'cloudtrail:DescribeTrails']) {
      assert.ok(
        actions.some((a) => covers(a, read)),
        read,
      );
    }
    for (const data of ['s3:GetObject', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'iam:CreateUser']) {
      assert.ok(!actions.some((a) => covers(a, data)), data);
    }
  });

  test('policy ids are fixed per ARN and shaped like AWS ids', () => {
    assert.equal(awsManagedPolicyId(ADMIN), awsManagedPolicyId(ADMIN));
    assert.match(awsManagedPolicyId(ADMIN), /^ANPA[A-Z0-9]{17}$/);
    assert.notEqual(awsManagedPolicyId(ADMIN), awsManagedPolicyId('arn:aws:iam::aws:policy/ReadOnlyAccess'));
  });
});

for (const backend of storeBackends()) {
  describe(`ensureAwsManagedPolicies (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(async () => {
      await store?.close();
    });

    const count = async (table: 'iam_policies' | 'iam_policy_versions') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('seeds every policy with its one default version, and again changes nothing', async () => {
      await ensureAwsManagedPolicies(store);
      const shipped = awsManagedPolicies().length;
      assert.equal(await count('iam_policies'), shipped);
      assert.equal(await count('iam_policy_versions'), shipped);
      const admin = await store.db.selectFrom('iam_policies').selectAll().where('arn', '=', ADMIN).executeTakeFirst();
      assert.equal(admin?.account_id, 'aws');
      assert.equal(admin?.default_version_id, 'v1');
      assert.equal(admin?.next_version, 2);
      assert.equal(Number(admin?.created_at), Date.parse('2015-02-06T18:39:46Z'));
      await Promise.all([ensureAwsManagedPolicies(store), ensureAwsManagedPolicies(store)]);
      assert.equal(await count('iam_policies'), shipped);
      assert.equal(await count('iam_policy_versions'), shipped);
    });

    test('a stored copy that drifted from the shipped one is put back in place', async () => {
      await store.db
        .updateTable('iam_policy_versions')
        .set({ document: '{"Version":"2012-10-17","Statement":[]}' })
        .where('policy_arn', '=', ADMIN)
        .execute();
      await ensureAwsManagedPolicies(store);
      const version = await store.db
        .selectFrom('iam_policy_versions')
        .select('document')
        .where('policy_arn', '=', ADMIN)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(version.document).Statement[0].Action, '*');
    });
  });
}
