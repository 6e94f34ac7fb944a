// Metering on both stores: requests per account, day and service from audit_events, and KMS key-months.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../test/helpers/stores.js';
import { BILLED_SERVICES } from '../services/registry.js';
import type { Store } from '../store/store.js';
import { DAY_MS, HOURS_PER_MONTH, meterUsage, type UsageRecord } from './usage.js';
import { consolidatedAccounts } from './accounts.js';
import { insertAccount, insertCalls, insertKmsKey, insertOrganization } from '../../test/helpers/billing.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const DAY0 = Date.UTC(2026, 9, 10);
const KMS = 'kms.amazonaws.com';
const STS = 'sts.amazonaws.com';

const sorted = (usage: UsageRecord[]) =>
  usage.map((u) => `${u.accountId} ${new Date(u.day).toISOString().slice(0, 10)} ${u.usageType} ${u.quantity}`).sort();

for (const backend of storeBackends()) {
  describe(`metering on ${backend.name}`, { skip: backend.skip }, () => {
    const stores: Store[] = [];
    after(async () => {
      for (const s of stores) await s.close();
    });
    const open = async () => {
      const store = await backend.open();
      stores.push(store);
      return store;
    };

    test('counts successful, own requests per account, UTC day and service', async () => {
      const store = await open();
      await insertCalls(store.db, [
        { account: A, eventSource: KMS, time: DAY0 + 1 },
        { account: A, eventSource: KMS, time: DAY0 + DAY_MS - 1 },
        { account: A, eventSource: KMS, time: DAY0 + DAY_MS }, // the next day
        { account: A, eventSource: STS, time: DAY0 + 5 },
        { account: A, eventSource: KMS, time: DAY0 + 6, errorCode: 'AccessDeniedException' }, // not billed
        { account: A, eventSource: 'unknown.amazonaws.com', time: DAY0 + 7 }, // no such service: ignored
        { account: B, eventSource: STS, time: DAY0 + 8 },
        { account: B, caller: A, eventSource: STS, time: DAY0 + 9, shared: true }, // A's call, B's copy
        { account: A, eventSource: STS, time: DAY0 + 9, shared: true }, // the caller's own copy is billed
        { account: C, eventSource: STS, time: DAY0 + 10 }, // not asked for
        { account: A, eventSource: STS, time: DAY0 - 1 }, // before the period
        { account: A, eventSource: STS, time: DAY0 + 2 * DAY_MS }, // at the (exclusive) end
      ]);
      const usage = await meterUsage(store, {
        services: BILLED_SERVICES,
        accounts: [A, B],
        start: DAY0,
        end: DAY0 + 2 * DAY_MS,
        now: DAY0,
      });
      assert.deepEqual(sorted(usage), [
        `${A} 2026-10-10 KMS-Requests 2`,
        `${A} 2026-10-10 STS-Requests 2`,
        `${A} 2026-10-11 KMS-Requests 1`,
        `${B} 2026-10-10 STS-Requests 1`,
      ]);
      const kms = usage.find((u) => u.usageType === 'KMS-Requests')!;
      assert.equal(kms.service, 'AWS Key Management Service');
      assert.deepEqual(
        await meterUsage(store, {
          services: BILLED_SERVICES,
          accounts: [],
          start: DAY0,
          end: DAY0 + DAY_MS,
          now: DAY0,
        }),
        [],
      );
    });

    test('requests are metered per region and operation (REGION, OPERATION); key-hours have no operation', async () => {
      const store = await open();
      await insertCalls(store.db, [
        { account: A, eventSource: KMS, eventName: 'Encrypt', region: 'eu-west-1', time: DAY0 + 1 },
        { account: A, eventSource: KMS, eventName: 'Encrypt', region: 'eu-west-1', time: DAY0 + 2 },
        { account: A, eventSource: KMS, eventName: 'Encrypt', region: 'us-east-1', time: DAY0 + 3 },
        { account: A, eventSource: KMS, eventName: 'Decrypt', region: 'eu-west-1', time: DAY0 + 4 },
      ]);
      await insertKmsKey(store.db, A, DAY0);
      const usage = await meterUsage(store, {
        services: BILLED_SERVICES,
        accounts: [A],
        start: DAY0,
        end: DAY0 + DAY_MS,
        now: DAY0 + 3_600_000,
      });
      assert.deepEqual(usage.map((u) => `${u.usageType} ${u.region} ${u.operation} ${u.quantity}`).sort(), [
        `KMS-Keys us-east-1 NoOperation ${1 / HOURS_PER_MONTH}`,
        'KMS-Requests eu-west-1 Decrypt 1',
        'KMS-Requests eu-west-1 Encrypt 2',
        'KMS-Requests us-east-1 Encrypt 1',
      ]);
    });

    test('a KMS key is billed per clock hour it exists, up to now', async () => {
      const store = await open();
      await insertKmsKey(store.db, A, DAY0 + 10.5 * 3_600_000); // 10:30 on day 0: hours 10..23 count
      await insertKmsKey(store.db, B, DAY0 + 3 * DAY_MS); // after the period
      const now = DAY0 + DAY_MS + 2 * 3_600_000 + 1; // 02:00:00.001 on day 1: hours 0, 1 and 2
      const usage = await meterUsage(store, {
        services: BILLED_SERVICES,
        accounts: [A, B],
        start: DAY0,
        end: DAY0 + 3 * DAY_MS,
        now,
      });
      assert.deepEqual(sorted(usage), [
        `${A} 2026-10-10 KMS-Keys ${14 / HOURS_PER_MONTH}`,
        `${A} 2026-10-11 KMS-Keys ${3 / HOURS_PER_MONTH}`,
      ]);
    });

    test('a management account consolidates its organization; others see only themselves', async () => {
      const store = await open();
      await insertAccount(store.db, A, 'management');
      await insertAccount(store.db, B, 'member');
      await insertAccount(store.db, C, 'alone');
      await insertOrganization(store.db, A, [B]);
      assert.deepEqual(await consolidatedAccounts(store.db, A), [
        { id: A, name: 'management' },
        { id: B, name: 'member' },
      ]);
      assert.deepEqual(await consolidatedAccounts(store.db, B), [{ id: B, name: 'member' }]);
      assert.deepEqual(await consolidatedAccounts(store.db, C), [{ id: C, name: 'alone' }]);
    });
  });
}
