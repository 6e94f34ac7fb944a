// `warden billing-report`: options checked, the statement read from the data directory's store and printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { runBillingReport } from './cli-billing.js';
import { insertAccount, insertCalls, insertOrganization } from '../test/helpers/billing.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const DAY0 = Date.UTC(2026, 9, 10);

test('billing-report prints quantity and cost per account and service, subtotals and a total', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-billing-'));
  try {
    const store = await openStore({ dataDir, migrations: MIGRATIONS });
    await insertAccount(store.db, A, 'management');
    await insertAccount(store.db, B, 'member');
    await insertAccount(store.db, C, 'alone');
    await insertOrganization(store.db, A, [B]);
    const kms = (account: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ account, eventSource: 'kms.amazonaws.com', time: DAY0 + i }));
    await insertCalls(store.db, [
      ...kms(A, 2),
      ...kms(B, 10_000),
      ...kms(C, 5),
      { account: B, eventSource: 'ce.amazonaws.com', time: DAY0 },
    ]);
    await store.close();

    const env = {};
    const org = await runBillingReport({ start: '2026-10-10', end: '2026-10-11', account: A, dataDir }, env);
    const lines = org.split('\n');
    assert.match(lines[0]!, /^Account\s+Service\s+Usage type\s+Quantity\s+Cost \(USD\)$/);
    assert.ok(
      lines.some((l) =>
        /^111111111111 \(management\)\s+AWS Key Management Service\s+KMS-Requests\s+2\s+0\.000006$/.test(l),
      ),
    );
    assert.ok(
      lines.some((l) =>
        /^222222222222 \(member\)\s+AWS Key Management Service\s+KMS-Requests\s+10000\s+0\.030000$/.test(l),
      ),
    );
    assert.ok(lines.some((l) => /^222222222222 \(member\)\s+AWS Cost Explorer\s+CE-Requests\s+1\s+0\.010000$/.test(l)));
    assert.ok(lines.some((l) => /^222222222222 subtotal\s+0\.040000$/.test(l)));
    assert.ok(lines.some((l) => /^Total\s+0\.040006$/.test(l)));
    assert.ok(!org.includes(C), 'an account outside the organization is not on its bill');

    const all = await runBillingReport({ start: '2026-10-10', end: '2026-10-11', dataDir }, env);
    assert.ok(all.split('\n').some((l) => /^Total\s+0\.040021$/.test(l)));

    const empty = await runBillingReport({ start: '2026-10-11', end: '2026-10-12', dataDir }, env);
    assert.match(empty, /^Total\s+0\.000000$/m);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('billing-report rejects bad dates and accounts before opening the store', async () => {
  const opts = { start: '2026-10-10', end: '2026-10-11', dataDir: '/nonexistent/never-opened' };
  await assert.rejects(runBillingReport({ ...opts, start: '10/10/2026' }, {}), /--start must be a date/);
  await assert.rejects(runBillingReport({ ...opts, end: '2026-13-01' }, {}), /--end must be a date/);
  await assert.rejects(runBillingReport({ ...opts, end: '2026-10-10' }, {}), /--start must be before --end/);
  await assert.rejects(runBillingReport({ ...opts, account: '12' }, {}), /--account must be 12 digits/);
});
