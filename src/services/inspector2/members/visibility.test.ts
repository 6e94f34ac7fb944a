// Inspector2's member rows on SQLite and PostgreSQL (migration 0145): an administrator's associated members per
// Region, in id order, ENABLED ones only, never another administrator's; one row per member and Region.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { accountScope } from '../../../store/account-scope.js';
import { associatedMemberIds } from './visibility.js';

const ADMIN = '111122223333';
const OTHER_ADMIN = '999988887777';

for (const backend of storeBackends()) {
  describe(`Inspector2 members on ${backend.name}`, { skip: backend.skip }, () => {
    test("an administrator's associated members, by Region, ENABLED only", async () => {
      const store = await backend.open();
      try {
        const add = (admin: string, region: string, member: string, relationship = 'ENABLED') =>
          accountScope(store.db, admin)
            .insertInto('inspector2_members')
            .values({ region, member_account_id: member, relationship, created_at: 1, updated_at: 1 })
            .execute();
        await add(ADMIN, 'us-east-1', '222200000002');
        await add(ADMIN, 'us-east-1', '222200000001');
        await add(ADMIN, 'us-east-1', '222200000003', 'REMOVED');
        await add(ADMIN, 'eu-west-1', '222200000004');
        await add(OTHER_ADMIN, 'us-east-1', '222200000005');
        assert.deepEqual(await associatedMemberIds(store.db, ADMIN, 'us-east-1'), ['222200000001', '222200000002']);
        assert.deepEqual(await associatedMemberIds(store.db, ADMIN, 'eu-west-1'), ['222200000004']);
        assert.deepEqual(await associatedMemberIds(store.db, OTHER_ADMIN, 'eu-west-1'), []);
        await assert.rejects(add(ADMIN, 'us-east-1', '222200000001'), 'one row per member and Region');
      } finally {
        await store.close();
      }
    });
  });
}
