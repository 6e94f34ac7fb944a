// The reports table on SQLite and PostgreSQL: a report read by its own account only, finished once, cancelled
// before it finishes, and orphaned reports (their process stopped) failed with INTERNAL_ERROR.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackendsWith } from '../../../../test/helpers/test-stores.js';
import { inspector2ReportsMigration } from '../migrations/0130_inspector2_reports.js';
import {
  failOrphans,
  finish,
  heartbeat,
  heartbeatAll,
  insertReport,
  ORPHAN_AFTER_MS,
  ownReport,
} from './report-store.js';

const A = '111111111111';
const B = '222222222222';

function row(report_id: string, account_id: string, worker: string, heartbeat_at = Date.now()) {
  return {
    report_id,
    account_id,
    region: 'us-east-1',
    kind: 'FINDINGS',
    format: 'CSV',
    destination: JSON.stringify({ bucketName: 'b-1', kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/k' }),
    criteria: null,
    accounts: JSON.stringify([account_id]),
    worker,
    created_at: heartbeat_at,
    heartbeat_at,
  };
}

for (const backend of storeBackendsWith([inspector2ReportsMigration])) {
  describe(`inspector2 reports table on ${backend.name}`, { skip: backend.skip }, () => {
    test('a report is its account’s only; it finishes once, and a cancelled one stops its writer', async () => {
      const store = await backend.open();
      try {
        await insertReport(store.db, row('r1', A, 'w1'));
        await assert.rejects(ownReport(store.db, B, 'us-east-1', 'FINDINGS', 'r1'), {
          code: 'ResourceNotFoundException',
        });
        await assert.rejects(ownReport(store.db, A, 'eu-west-1', 'FINDINGS', 'r1'), {
          code: 'ResourceNotFoundException',
        });
        await assert.rejects(ownReport(store.db, A, 'us-east-1', 'SBOM', 'r1'), { code: 'ResourceNotFoundException' });
        await assert.rejects(ownReport(store.db, B, 'us-east-1', 'FINDINGS', undefined), {
          code: 'ResourceNotFoundException',
        });
        const own = await ownReport(store.db, A, 'us-east-1', 'FINDINGS', undefined);
        assert.equal(own.report_id, 'r1');
        assert.equal(own.status, 'IN_PROGRESS');
        assert.equal(await heartbeat(store.db, own), true);
        assert.equal(await finish(store.db, own, 'CANCELLED'), true);
        assert.equal(await heartbeat(store.db, own), false);
        assert.equal(await finish(store.db, own, 'SUCCEEDED'), false);
        assert.equal((await ownReport(store.db, A, 'us-east-1', 'FINDINGS', 'r1')).status, 'CANCELLED');
      } finally {
        await store.close();
      }
    });

    test('orphans: every other worker’s at a SQLite start, only stale ones otherwise, and a stale one as it is read', async () => {
      const store = await backend.open();
      try {
        const stale = Date.now() - ORPHAN_AFTER_MS - 1_000;
        await insertReport(store.db, row('mine', A, 'me'));
        await insertReport(store.db, row('fresh', A, 'other'));
        await insertReport(store.db, row('stale', A, 'other', stale));
        await insertReport(store.db, row('read-later', B, 'other', stale));
        // A worker's queued reports are kept alive by its heartbeat, whatever their age.
        await insertReport(store.db, row('queued', A, 'busy', stale));
        await heartbeatAll(store.db, 'busy');
        // The PostgreSQL rule: only stale reports of other workers.
        assert.equal(await failOrphans(store.db, 'me', false), 2);
        const status = async (id: string, account = A) => {
          const r = await ownReport(store.db, account, 'us-east-1', 'FINDINGS', id);
          return [r.status, r.error_code];
        };
        assert.deepEqual(await status('stale'), ['FAILED', 'INTERNAL_ERROR']);
        assert.deepEqual(await status('read-later', B), ['FAILED', 'INTERNAL_ERROR']);
        assert.deepEqual(await status('fresh'), ['IN_PROGRESS', null]);
        assert.deepEqual(await status('queued'), ['IN_PROGRESS', null]);
        // The SQLite rule: every other worker's.
        assert.equal(await failOrphans(store.db, 'me', true), 2);
        assert.deepEqual(await status('fresh'), ['FAILED', 'INTERNAL_ERROR']);
        assert.deepEqual(await status('mine'), ['IN_PROGRESS', null]);
        // A stale report is failed as it is read, whoever's it was.
        await insertReport(store.db, row('stale-read', A, 'me', stale));
        assert.deepEqual(await status('stale-read'), ['FAILED', 'INTERNAL_ERROR']);
      } finally {
        await store.close();
      }
    });
  });
}
