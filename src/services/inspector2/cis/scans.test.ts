// The CIS scan engine over the store, on SQLite and PostgreSQL: targets chosen by their managed instance tags, a target
// completing only from a report new enough for its scan, timeouts, gone and non-Linux hosts, the level filter, and a
// due schedule firing once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../../store/store.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import {
  CIS_TYPE,
  FRESH_MS,
  SCAN_TIMEOUT_MS,
  advanceTargets,
  checkEntries,
  cisPass,
  finishScans,
  startScan,
  tagMap,
  tagsMatch,
} from './scans.js';
import { matchesTags } from './match.js';
import type { Inspector2CisConfigurationsTable } from './tables.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const T0 = Date.parse('2026-03-10T12:00:00Z');

async function instance(
  store: Store,
  id: string,
  account: string,
  tags: { Key: string; Value: string }[],
  platformType = 'Linux',
) {
  await store.db
    .insertInto('ssm_managed_instances')
    .values({
      instance_id: id,
      account_id: account,
      region: 'us-east-1',
      activation_id: 'act',
      iam_role: 'r',
      name: null,
      registered_at: T0,
      public_key: 'k',
      last_proof_at: T0,
      last_ping_at: T0,
      agent_version: null,
      platform_type: platformType,
      platform_name: 'Debian GNU/Linux',
      platform_version: '12',
      computer_name: null,
      ip_address: null,
      tags: JSON.stringify(tags),
    })
    .execute();
}

async function report(store: Store, id: string, account: string, at: number, entries: object[]) {
  await store.db.deleteFrom('ssm_inventory_entries').where('instance_id', '=', id).execute();
  await store.db.deleteFrom('ssm_inventory_items').where('instance_id', '=', id).execute();
  await store.db
    .insertInto('ssm_inventory_items')
    .values({
      account_id: account,
      region: 'us-east-1',
      instance_id: id,
      type_name: CIS_TYPE,
      schema_version: '1.0',
      capture_time: '2026-03-10T12:00:00Z',
      content_hash: null,
      context: null,
      entry_count: entries.length,
      size_bytes: 1,
      updated_at: at,
    })
    .execute();
  for (const [seq, e] of entries.entries())
    await store.db
      .insertInto('ssm_inventory_entries')
      .values({
        account_id: account,
        region: 'us-east-1',
        instance_id: id,
        type_name: CIS_TYPE,
        seq,
        name: null,
        version: null,
        ecosystem: null,
        architecture: null,
        content: JSON.stringify(e),
      })
      .execute();
}

const entry = (id: string, status: string, level = 'LEVEL_1') => ({
  CheckId: id,
  Title: `check ${id}`,
  Level: level,
  Status: status,
  Detail: `${id} detail`,
  Benchmark: 'CIS Debian Linux 12 Benchmark v1.1.0',
});

function config(over: Partial<Inspector2CisConfigurationsTable> = {}): Inspector2CisConfigurationsTable {
  return {
    arn: `arn:aws:inspector2:us-east-1:${ACCOUNT}:owner/${ACCOUNT}/cis-configuration/c1`,
    account_id: ACCOUNT,
    region: 'us-east-1',
    scan_name: 'n',
    security_level: 'LEVEL_1',
    schedule: JSON.stringify({ daily: { startTime: { timeOfDay: '12:00', timezone: 'UTC' } } }),
    targets: JSON.stringify({ accountIds: ['SELF'], targetResourceTags: { env: ['prod', 'stage'] } }),
    tags: '{}',
    next_run_at: null,
    created_at: T0,
    updated_at: T0,
    ...over,
  };
}

async function targets(store: Store, scan: string) {
  return store.db
    .selectFrom('inspector2_cis_scan_targets')
    .select(['instance_id', 'target_status', 'status_reason', 'passed', 'failed', 'skipped'])
    .where('scan_arn', '=', scan)
    .orderBy('instance_id')
    .execute();
}

async function scanRow(store: Store, scan: string) {
  return store.db.selectFrom('inspector2_cis_scans').selectAll().where('scan_arn', '=', scan).executeTakeFirstOrThrow();
}

const A = 'mi-0000000000000000a';
const B = 'mi-0000000000000000b';
const C = 'mi-0000000000000000c';
const D = 'mi-0000000000000000d';

async function fixture(store: Store) {
  const prod = [{ Key: 'env', Value: 'prod' }];
  await instance(store, A, ACCOUNT, prod);
  await instance(store, B, ACCOUNT, [{ Key: 'env', Value: 'dev' }]);
  await instance(store, C, OTHER, prod);
  await instance(store, D, ACCOUNT, prod, 'Windows');
  // A key that is also a name on Object's prototype matches only when the instance has it.
  await instance(store, 'mi-0000000000000000e', ACCOUNT, [{ Key: 'constructor', Value: 'x' }]);
}

for (const backend of storeBackends()) {
  describe(`Inspector CIS scans on ${backend.name}`, { skip: backend.skip }, () => {
    test('targets by instance tags in the own account; completes only from a report after the start', async () => {
      const store = await backend.open();
      try {
        await fixture(store);
        await report(store, A, ACCOUNT, T0 - 1000, [entry('1.1', 'FAILED')]);
        const scan = await store.transaction((trx) => startScan(trx, config(), T0));
        assert.deepEqual(
          (await targets(store, scan)).map((t) => t.instance_id),
          [A, D],
        );
        await advanceTargets(store, T0 + 10);
        const [a, d] = await targets(store, scan);
        // A recurring scan does not take a report older than itself; the Windows host cannot be scanned.
        assert.equal(a.target_status, null);
        assert.equal(a.status_reason, 'SCAN_IN_PROGRESS');
        assert.deepEqual([d.target_status, d.status_reason], ['CANCELLED', 'UNSUPPORTED_OS']);
        await report(store, A, ACCOUNT, T0 + 5000, [
          entry('1.1', 'FAILED'),
          entry('1.2', 'PASSED'),
          entry('1.3', 'SKIPPED'),
          entry('9.9', 'FAILED', 'LEVEL_2'),
        ]);
        await cisPass(store, T0 + 6000);
        const done = (await targets(store, scan))[0];
        assert.deepEqual(
          [done.target_status, done.status_reason, Number(done.passed), Number(done.failed), Number(done.skipped)],
          ['COMPLETED', null, 1, 1, 1],
        );
        const row = await scanRow(store, scan);
        assert.equal(row.status, 'COMPLETED');
        assert.deepEqual([Number(row.failed_checks), Number(row.total_checks)], [1, 3]);
      } finally {
        await store.close();
      }
    });

    test('a oneTime scan takes a fresh report; none by the deadline is TIMED_OUT; a gone host SSM_UNMANAGED', async () => {
      const store = await backend.open();
      try {
        await fixture(store);
        await report(store, A, ACCOUNT, T0 - FRESH_MS + 1000, [entry('1.1', 'PASSED')]);
        const oneTime = config({ schedule: JSON.stringify({ oneTime: {} }) });
        const fresh = await store.transaction((trx) => startScan(trx, oneTime, T0));
        await advanceTargets(store, T0);
        assert.equal((await targets(store, fresh))[0].target_status, 'COMPLETED');

        await report(store, A, ACCOUNT, T0 - FRESH_MS - 1000, [entry('1.1', 'PASSED')]);
        const stale = await store.transaction((trx) => startScan(trx, oneTime, T0));
        await advanceTargets(store, T0 + SCAN_TIMEOUT_MS - 1);
        assert.equal((await targets(store, stale))[0].target_status, null);
        await advanceTargets(store, T0 + SCAN_TIMEOUT_MS);
        assert.equal((await targets(store, stale))[0].target_status, 'TIMED_OUT');

        const gone = await store.transaction((trx) => startScan(trx, oneTime, T0));
        await store.db.deleteFrom('ssm_managed_instances').where('instance_id', '=', A).execute();
        await advanceTargets(store, T0 + 1);
        assert.deepEqual(
          [(await targets(store, gone))[0].target_status, (await targets(store, gone))[0].status_reason],
          ['CANCELLED', 'SSM_UNMANAGED'],
        );
        await finishScans(store, T0 + 2);
        assert.equal((await scanRow(store, gone)).status, 'COMPLETED');
      } finally {
        await store.close();
      }
    });

    test('a due schedule starts one scan and moves to its next start', async () => {
      const store = await backend.open();
      try {
        await fixture(store);
        await store.db
          .insertInto('inspector2_cis_configurations')
          .values(config({ next_run_at: T0 }))
          .execute();
        await cisPass(store, T0 + 1);
        await cisPass(store, T0 + 2);
        const scans = await store.db.selectFrom('inspector2_cis_scans').select('scan_arn').execute();
        assert.equal(scans.length, 1);
        const c = await store.db
          .selectFrom('inspector2_cis_configurations')
          .select('next_run_at')
          .executeTakeFirstOrThrow();
        assert.equal(Number(c.next_run_at), Date.parse('2026-03-11T12:00:00Z'));
      } finally {
        await store.close();
      }
    });
  });
}

test('checkEntries keeps well-formed entries once each, and Level 2 checks only for LEVEL_2 scans', () => {
  const raw = [
    JSON.stringify(entry('1.1', 'PASSED')),
    JSON.stringify(entry('1.1', 'FAILED')),
    JSON.stringify(entry('2.2', 'MAYBE')),
    JSON.stringify(entry('3;drop', 'PASSED')),
    'not json',
    JSON.stringify(entry('4.4', 'FAILED', 'LEVEL_2')),
  ];
  assert.deepEqual(
    checkEntries(raw, 'LEVEL_1').map((e) => `${e.checkId}:${e.status}`),
    ['1.1:PASSED'],
  );
  assert.deepEqual(
    checkEntries(raw, 'LEVEL_2').map((e) => `${e.checkId}:${e.status}`),
    ['1.1:PASSED', '4.4:FAILED'],
  );
});

test('tag matching reads own keys only: constructor or __proto__ is a tag like any other', () => {
  assert.equal(tagsMatch({ constructor: ['x'] }, {}), false);
  assert.equal(tagsMatch({ constructor: ['x'] }, tagMap('[{"Key":"constructor","Value":"x"}]')), true);
  assert.equal(tagsMatch({ env: ['prod'] }, tagMap('[{"Key":"__proto__","Value":"prod"}]')), false);
  assert.deepEqual(Object.keys(tagMap('[{"Key":"__proto__","Value":"p"}]')), ['__proto__']);
  assert.equal(matchesTags([{ comparison: 'EQUALS', key: 'toString', value: 'x' }], {}), false);
});
