// A test-mode reset keeps the AWS-managed catalogue (and the note that it is current) but drops the accounts' policies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../../../store/store.js';
import { storeBackends } from '../../../../../test/helpers/stores.js';
import { resetToFirstAccount } from '../../../../reset.js';
import { CATALOGUE_META_KEY, ensureAwsManagedPolicies } from './seed.js';

const ACCOUNT = '111122223333';
const OWN = `arn:aws:iam::${ACCOUNT}:policy/Own`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

for (const backend of storeBackends()) {
  describe(`test-mode reset and the AWS-managed catalogue (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
      await ensureAwsManagedPolicies(store);
    });
    after(async () => {
      await store?.close();
    });

    const snapshot = async () => ({
      policies: await store.db
        .selectFrom('iam_policies')
        .select(['arn', 'default_version_id'])
        .orderBy('arn')
        .execute(),
      versions: await store.db.selectFrom('iam_policy_versions').select(['policy_arn', 'version_id']).execute(),
      meta: await store.db.selectFrom('warden_meta').selectAll().orderBy('key').execute(),
    });

    test('the catalogue and its meta row survive; the account, its policies and attachments go back', async () => {
      await store.db
        .insertInto('accounts')
        .values({ id: ACCOUNT, email: 'a@example.com', name: 'a', status: 'ACTIVE', created_at: 1 })
        .execute();
      await store.db.insertInto('warden_meta').values({ key: 'first_account_id', value: ACCOUNT }).execute();
      const seeded = await snapshot();

      await store.db
        .insertInto('iam_policies')
        .values({
          arn: OWN,
          account_id: ACCOUNT,
          name_lc: 'own',
          policy_name: 'Own',
          policy_id: 'ANPAOWNOWNOWNOWNOWNOW',
          path: '/',
          description: null,
          default_version_id: 'v1',
          next_version: 2,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      await store.db
        .insertInto('iam_policy_versions')
        .values({ policy_arn: OWN, version_id: 'v1', document: '{}', created_at: 1 })
        .execute();
      await store.db
        .insertInto('iam_attachments')
        .values({ account_id: ACCOUNT, entity_type: 'user', entity_lc: 'alice', policy_arn: ADMIN })
        .execute();

      await resetToFirstAccount(store);
      const reset = await snapshot();
      assert.deepEqual(reset.policies, seeded.policies);
      assert.equal(reset.versions.length, seeded.versions.length);
      assert.deepEqual(reset.meta, seeded.meta);
      assert.ok(reset.meta.some((row) => row.key === CATALOGUE_META_KEY));
      assert.deepEqual(await store.db.selectFrom('iam_attachments').selectAll().execute(), []);
      assert.deepEqual(await store.db.selectFrom('accounts').select('id').execute(), [{ id: ACCOUNT }]);
    });
  });
}
