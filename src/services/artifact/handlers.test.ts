// Artifact's report handlers on both stores: per-account versions, published reports for all, and the term token
// refused once expired, spent, or offered by another account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/error.js';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/test-context.js';
import type { RequestContext, Runtime } from '../../core/runtime.js';
import type { Store } from '../../store/store.js';
import { getReport, getTermForReport, listReportVersions, listReports, TERM_TOKEN_TTL_MS } from './handlers.js';
import { CHECKLIST_REPORT_ID, publishDocument } from './reports.js';

const A = '111111111111';
const B = '222222222222';
const T0 = Date.UTC(2026, 5, 1);

const code = (e: unknown) => (e instanceof AwsError ? `${e.code} ${e.httpStatus}` : String(e));

for (const backend of storeBackends()) {
  describe(`artifact handlers on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let runtime: Runtime;
    const ctx = (accountId: string, at = T0): RequestContext =>
      makeTestContext({ runtime, accountId, service: 'artifact', receivedAt: new Date(at), region: 'us-east-1' });

    before(async () => {
      store = await backend.open();
      runtime = makeTestRuntime(store);
      for (const id of [A, B]) {
        await store.db
          .insertInto('accounts')
          .values({ id, email: `${id}@example.com`, name: id, status: 'ACTIVE', created_at: 0 })
          .execute();
      }
    });
    after(async () => {
      await store?.close();
    });

    test("each account has its own checklist versions; a published report is every account's", async () => {
      const { reportId } = await publishDocument(store.db, {
        name: 'Pen test letter',
        description: 'x',
        pdf: Buffer.from('%PDF-1.4 letter'),
        now: T0,
      });
      const a = (await listReports(ctx(A), {})).reports!.map((r) => r.id).sort();
      const b = (await listReports(ctx(B), {})).reports!.map((r) => r.id).sort();
      assert.deepEqual(a, b);
      assert.ok(a.includes(reportId));
      // A's state changes; B's versions do not move.
      await store.db
        .insertInto('access_keys')
        .values({
          access_key_id: 'AKIAEXAMPLEROOTKEY01',
          account_id: A,
          user_name: null,
          principal_id: A,
          secret_wrapped: 'unused',
          status: 'Active',
          created_at: T0,
          last_used_at: null,
          last_used_service: null,
          last_used_region: null,
        })
        .execute();
      const versionsA = (await listReportVersions(ctx(A), { reportId: CHECKLIST_REPORT_ID })).reports!.map(
        (r) => r.version,
      );
      const versionsB = (await listReportVersions(ctx(B), { reportId: CHECKLIST_REPORT_ID })).reports!.map(
        (r) => r.version,
      );
      assert.deepEqual(versionsA, [2, 1]);
      assert.deepEqual(versionsB, [1]);
    });

    test("a term token expires, is single use, and is its own account's", async () => {
      const stale = await getTermForReport(ctx(A), { reportId: CHECKLIST_REPORT_ID });
      await assert.rejects(
        getReport(ctx(A, T0 + TERM_TOKEN_TTL_MS + 1), { reportId: CHECKLIST_REPORT_ID, termToken: stale.termToken! }),
        (e) => code(e) === 'AccessDeniedException 403',
      );
      const fresh = await getTermForReport(ctx(A), { reportId: CHECKLIST_REPORT_ID });
      await assert.rejects(
        getReport(ctx(B), { reportId: CHECKLIST_REPORT_ID, termToken: fresh.termToken! }),
        (e) => code(e) === 'AccessDeniedException 403',
      );
      const ok = await getReport(ctx(A, T0 + 1000), { reportId: CHECKLIST_REPORT_ID, termToken: fresh.termToken! });
      assert.match(ok.documentPresignedUrl!, /\/_warden\/artifact\/download\?kind=report&account=111111111111&/);
      await assert.rejects(
        getReport(ctx(A, T0 + 2000), { reportId: CHECKLIST_REPORT_ID, termToken: fresh.termToken! }),
        (e) => code(e) === 'AccessDeniedException 403',
      );
    });

    test('an unknown report or version is ResourceNotFound', async () => {
      await assert.rejects(
        getTermForReport(ctx(A), { reportId: 'report-0000000000000000' }),
        (e) => code(e) === 'ResourceNotFoundException 404',
      );
      await assert.rejects(
        getTermForReport(ctx(A), { reportId: CHECKLIST_REPORT_ID, reportVersion: 99 }),
        (e) => code(e) === 'ResourceNotFoundException 404',
      );
    });
  });
}
