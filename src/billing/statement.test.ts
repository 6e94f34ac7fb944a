// The operator's statement prices each account with its consolidated-billing family, as Cost Explorer does.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../test/helpers/stores.js';
import { BILLED_SERVICES } from '../services/registry.js';
import type { Store } from '../store/store.js';
import { billingStatement } from './statement.js';
import { insertAccount, insertCalls, insertOrganization } from '../../test/helpers/billing.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const DAY0 = Date.UTC(2026, 9, 10);
const TIERS = { 'KMS-Requests': [{ upTo: 10, price: 1 }, { price: 0.5 }] };

for (const backend of storeBackends()) {
  describe(`billing statement on ${backend.name}`, { skip: backend.skip }, () => {
    const stores: Store[] = [];
    after(async () => {
      for (const s of stores) await s.close();
    });

    test("tiers are reached by the organization's usage, not one account's; a stand-alone account is its own family", async () => {
      const store = await backend.open();
      stores.push(store);
      await insertAccount(store.db, A, 'management');
      await insertAccount(store.db, B, 'member');
      await insertAccount(store.db, C, 'alone');
      await insertOrganization(store.db, A, [B]);
      const kms = (account: string, n: number, time: number) =>
        Array.from({ length: n }, (_, i) => ({ account, eventSource: 'kms.amazonaws.com', time: time + i }));
      // The day before: A uses the organization's 10 cheap requests. Then B's 4 and C's 4 the next day.
      await insertCalls(store.db, [...kms(A, 10, DAY0 - 86_400_000), ...kms(B, 4, DAY0), ...kms(C, 4, DAY0)]);
      const request = {
        services: BILLED_SERVICES,
        start: DAY0,
        end: DAY0 + 86_400_000,
        prices: TIERS,
        now: DAY0 + 86_400_000,
      };

      const member = await billingStatement(store, { ...request, accountId: B });
      assert.deepEqual(
        member.lines.map((l) => [l.accountId, l.quantity, l.cost]),
        [[B, 4, 2]],
      );
      const all = await billingStatement(store, request);
      assert.deepEqual(
        all.lines.map((l) => [l.accountId, l.quantity, l.cost]),
        [
          [B, 4, 2],
          [C, 4, 4],
        ],
      );
    });
  });
}
