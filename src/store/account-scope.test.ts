// The account scope: every query it builds reads, changes or deletes the bound account's rows only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountScope, onSameAccount } from './account-scope.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { storeBackendsWith } from '../../test/helpers/test-stores.js';

const A = '111111111111';
const B = '222222222222';

function trail(name: string) {
  return {
    name,
    arn: `arn:aws:cloudtrail:us-east-1:x:trail/${name}`,
    home_region: 'us-east-1',
    s3_bucket_name: 'bucket',
    s3_key_prefix: null,
    include_global_service_events: 1,
    is_multi_region_trail: 0,
    is_organization_trail: 0,
    log_file_validation_enabled: 0,
    kms_key_id: null,
    is_logging: 0,
    start_logging_time: null,
    stop_logging_time: null,
    latest_delivery_time: null,
    delivered_seq: 0,
    created_at: 1,
  };
}

for (const backend of storeBackendsWith(CORE_MIGRATIONS)) {
  test(
    `${backend.name}: a scope sees, changes and deletes its own account's rows only`,
    { skip: backend.skip },
    async () => {
      const store = await backend.open();
      try {
        for (const id of [A, B]) {
          await store.db
            .insertInto('accounts')
            .values({ id, email: `${id}@example.com`, name: id, status: 'ACTIVE', created_at: 1 })
            .execute();
        }
        const a = accountScope(store.db, A);
        const b = accountScope(store.db, B);
        await a.insertInto('trails').values(trail('shared')).execute();
        await b
          .insertInto('trails')
          .values([trail('shared'), trail('b-only')])
          .execute();

        const names = async (scope: typeof a) =>
          (await scope.selectFrom('trails').select('name').orderBy('name').execute()).map((r) => r.name);
        assert.deepEqual(await names(a), ['shared']);
        assert.deepEqual(await names(b), ['b-only', 'shared']);
        // An alias is what the filter names.
        const aliased = await a.selectFrom('trails as t').select('t.account_id').execute();
        assert.deepEqual(aliased, [{ account_id: A }]);
        // A join keyed by account: B's rows of the same name never pair with A's.
        const joined = await a
          .selectFrom('trails as t')
          .innerJoin('trails as u', (j) => onSameAccount(j, 't', 'u').onRef('t.name', '=', 'u.name'))
          .select(['t.name', 'u.account_id'])
          .execute();
        assert.deepEqual(joined, [{ name: 'shared', account_id: A }]);

        await a.updateTable('trails').set({ is_logging: 1 }).where('name', '=', 'shared').execute();
        const logging = await store.db
          .selectFrom('trails')
          .select(['account_id', 'is_logging'])
          .orderBy('account_id')
          .execute();
        assert.deepEqual(
          logging.map((r) => [r.account_id, r.is_logging]),
          [
            [A, 1],
            [B, 0],
            [B, 0],
          ],
        );

        await a.deleteFrom('trails').execute();
        assert.deepEqual(await names(a), []);
        assert.deepEqual(await names(b), ['b-only', 'shared']);
      } finally {
        await store.close();
      }
    },
  );
}
