import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../test/helpers/stores.js';
import { acceptAgreement, applicableAgreements, terminateAgreement, type AgreementChange } from './agreements.js';

const MANAGER = '111111111111';
const MEMBER = '222222222222';
const ALONE = '333333333333';
const BAA = 'agreement-WardenBAA0001';

const change = (over: Partial<AgreementChange>): AgreementChange => ({
  agreementId: BAA,
  accountId: MANAGER,
  organization: false,
  region: 'us-east-1',
  partition: 'aws',
  now: new Date(Date.UTC(2026, 0, 1)),
  ...over,
});

for (const backend of storeBackends()) {
  describe(`Artifact agreements on ${backend.name}`, { skip: backend.skip }, () => {
    test('per account, per organization, terminated, each with its trail record', async () => {
      const store = await backend.open();
      try {
        for (const id of [MANAGER, MEMBER, ALONE]) {
          await store.db
            .insertInto('accounts')
            .values({ id, email: `${id}@example.com`, name: id, status: 'ACTIVE', created_at: 1 })
            .execute();
        }
        await assert.rejects(
          acceptAgreement(store, change({ accountId: '444444444444' })),
          /not an active Warden account/,
        );
        await store.db
          .insertInto('org_organizations')
          .values({ id: 'o-abcdefghij', management_account_id: MANAGER, feature_set: 'ALL', created_at: 1 })
          .execute();
        for (const account of [MANAGER, MEMBER]) {
          await store.db
            .insertInto('org_accounts')
            .values({
              account_id: account,
              org_id: 'o-abcdefghij',
              parent_id: 'r-abcd',
              joined_method: 'CREATED',
              joined_at: 1,
            })
            .execute();
        }
        await assert.rejects(acceptAgreement(store, change({ agreementId: 'agreement-Nope' })), /no agreement/);
        await assert.rejects(
          acceptAgreement(store, change({ accountId: ALONE, organization: true })),
          /not the management/,
        );

        const own = await acceptAgreement(store, change({ accountId: ALONE }));
        assert.match(own.id, /^customer-agreement-[A-Za-z0-9]{16}$/);
        assert.deepEqual(
          (await applicableAgreements(store.db, ALONE)).map((a) => a.row.id),
          [own.id],
        );
        assert.deepEqual(await applicableAgreements(store.db, MEMBER), []);

        const org = await acceptAgreement(store, change({ organization: true, now: new Date(Date.UTC(2026, 0, 2)) }));
        const forMember = await applicableAgreements(store.db, MEMBER);
        assert.deepEqual(forMember, [{ row: org, managementAccountId: MANAGER }]);
        assert.equal((await applicableAgreements(store.db, ALONE)).length, 1);
        // The account-level acceptance and the organization's are separate: the manager may hold both.
        await acceptAgreement(store, change({ now: new Date(Date.UTC(2026, 0, 3)) }));
        assert.equal((await applicableAgreements(store.db, MANAGER)).length, 2);
        assert.equal((await applicableAgreements(store.db, MEMBER)).length, 1);

        const ended = await terminateAgreement(
          store,
          change({ organization: true, now: new Date(Date.UTC(2026, 0, 4)) }),
        );
        assert.equal(ended.state, 'CUSTOMER_TERMINATED');
        assert.equal(Number(ended.effective_end), Date.UTC(2026, 0, 4));
        assert.equal((await applicableAgreements(store.db, MEMBER))[0].row.state, 'CUSTOMER_TERMINATED');
        await assert.rejects(terminateAgreement(store, change({ organization: true })), /not accepted/);

        // Leaving the organization takes its agreements away.
        await store.db.deleteFrom('org_accounts').where('account_id', '=', MEMBER).execute();
        assert.deepEqual(await applicableAgreements(store.db, MEMBER), []);

        const trail = await store.db
          .selectFrom('audit_events')
          .select(['event_name', 'recipient_account_id'])
          .where('event_source', '=', 'artifact.amazonaws.com')
          .orderBy('event_time')
          .execute();
        assert.deepEqual(
          trail.map((r) => `${r.event_name} ${r.recipient_account_id}`),
          [
            `AcceptAgreement ${ALONE}`,
            `AcceptAgreement ${MANAGER}`,
            `AcceptAgreement ${MANAGER}`,
            `TerminateAgreement ${MANAGER}`,
          ],
        );
      } finally {
        await store.close();
      }
    });
  });
}
