// The report worker and handlers on SQLite and PostgreSQL: a cancelled report stops its writer, a failing one is
// FAILED with INTERNAL_ERROR, one running when Warden stops is failed the same way, a sixth report in progress is
// throttled, and a report whose bucket folder is missing fails with BUCKET_NOT_FOUND.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import { cancelFindingsReport, createFindingsReport, getFindingsReportStatus, MAX_IN_PROGRESS } from './handlers.js';
import { insertReport, ownReport, ORPHANED_MESSAGE } from './report-store.js';
import type { Inspector2ReportsTable } from './tables.js';
import { schedule, startReportWorker } from './worker.js';

const ACCOUNT = '123456789012';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function row(report_id: string): Inspector2ReportsTable {
  const now = Date.now();
  return {
    report_id,
    account_id: ACCOUNT,
    region: 'us-east-1',
    kind: 'FINDINGS',
    format: 'CSV',
    status: 'IN_PROGRESS',
    error_code: null,
    error_message: null,
    destination: JSON.stringify({ bucketName: 'b-1', kmsKeyArn: KEY }),
    criteria: null,
    accounts: JSON.stringify([ACCOUNT]),
    worker: 'test',
    created_at: now,
    heartbeat_at: now,
    finished_at: null,
  };
}

for (const backend of storeBackends()) {
  describe(`inspector2 report worker on ${backend.name}`, { skip: backend.skip }, () => {
    test('cancelled: keepGoing answers false; throwing: FAILED INTERNAL_ERROR; stopping: FAILED as interrupted', async () => {
      const store = await backend.open();
      const dataDir = await mkdtemp(join(tmpdir(), 'warden-report-worker-'));
      try {
        const runtime = makeTestRuntime(store, { config: { dataDir } });
        const worker = await startReportWorker(runtime);
        const status = async (id: string) => {
          const r = await ownReport(store.db, ACCOUNT, 'us-east-1', 'FINDINGS', id);
          return [r.status, r.error_code, r.error_message];
        };
        let afterCancel: boolean | undefined;
        const cancelled = row('cancelled');
        await insertReport(store.db, cancelled);
        const ctx = makeTestContext({ runtime, accountId: ACCOUNT, region: 'us-east-1', service: 'inspector2' });
        schedule(runtime, cancelled, async (_rt, r, keepGoing) => {
          assert.equal(await keepGoing(), true);
          assert.deepEqual(await cancelFindingsReport(ctx, { reportId: r.report_id }), { reportId: r.report_id });
          afterCancel = await keepGoing();
        });
        const throwing = row('throwing');
        await insertReport(store.db, throwing);
        schedule(runtime, throwing, async () => {
          throw new Error('disk on fire');
        });
        const running = row('running');
        await insertReport(store.db, running);
        let started!: () => void;
        const isRunning = new Promise<void>((resolve) => (started = resolve));
        schedule(runtime, running, async (_rt, _r, keepGoing) => {
          started();
          while (await keepGoing()) await new Promise((r) => setTimeout(r, 5));
        });
        await isRunning;
        await worker.stop();
        assert.equal(afterCancel, false);
        assert.deepEqual(await status('cancelled'), ['CANCELLED', null, null]);
        assert.deepEqual(await status('throwing'), ['FAILED', 'INTERNAL_ERROR', 'The report could not be written.']);
        assert.deepEqual(await status('running'), ['FAILED', 'INTERNAL_ERROR', ORPHANED_MESSAGE]);
      } finally {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });

    test('handlers: a missing bucket folder is BUCKET_NOT_FOUND; past the in-progress bound, ThrottlingException', async () => {
      const store = await backend.open();
      const dataDir = await mkdtemp(join(tmpdir(), 'warden-report-handlers-'));
      try {
        const runtime = makeTestRuntime(store, { config: { dataDir } });
        const worker = await startReportWorker(runtime);
        const ctx = makeTestContext({ runtime, accountId: ACCOUNT, region: 'us-east-1', service: 'inspector2' });
        const s3Destination = { bucketName: 'not-made', keyPrefix: 'p', kmsKeyArn: KEY };
        const { reportId } = await createFindingsReport(ctx, { reportFormat: 'CSV', s3Destination });
        await worker.stop();
        const got = await getFindingsReportStatus(ctx, { reportId });
        assert.equal(got.status, 'FAILED');
        assert.equal(got.errorCode, 'BUCKET_NOT_FOUND');
        assert.deepEqual(got.destination, s3Destination);

        for (let i = 0; i < MAX_IN_PROGRESS; i++) await insertReport(store.db, row(`busy-${i}`));
        await assert.rejects(createFindingsReport(ctx, { reportFormat: 'CSV', s3Destination }), {
          code: 'ThrottlingException',
          status: 429,
        });
      } finally {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
