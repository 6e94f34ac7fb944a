// Compliance inquiries and their tags on both stores: questions answered with cited passages of Warden's reports (or
// left unanswered), AWS's refusals, idempotent creates and feedback, per-account isolation, exports downloaded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../aws/error.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { RequestContext, Runtime } from '../../../core/runtime.js';
import type { Store } from '../../../store/store.js';
import { serveDownload } from '../download.js';
import {
  createComplianceInquiry,
  exportComplianceInquiry,
  getComplianceInquiryMetadata,
  listComplianceInquiries,
  listComplianceInquiryQueries,
  putComplianceInquiryFeedback,
} from './handlers.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import { bestPassages, type Passage } from './passages.js';

const A = '111111111111';
const B = '222222222222';
const T0 = Date.UTC(2026, 5, 1);

const code = (e: unknown) => (e instanceof AwsError ? `${e.code} ${e.httpStatus}` : String(e));
const refused = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return code(e);
  }
  return 'accepted';
};

test('retrieval: rarer shared words weigh more; a question sharing no word matches nothing', () => {
  const passages: Passage[] = [
    { label: 'a', reportId: 'r', text: 'Rotate access keys every 90 days' },
    { label: 'b', reportId: 'r', text: 'Enable MFA on the root user and delete root access keys' },
    { label: 'c', reportId: 'r', text: 'Encrypt the trail with a KMS key' },
  ];
  assert.equal(bestPassages('Is MFA on for root?', passages)[0]!.passage.label, 'b');
  assert.equal(bestPassages('How often are access keys rotated? rotate', passages)[0]!.passage.label, 'a');
  assert.deepEqual(bestPassages('xyzzy plugh', passages), []);
  assert.deepEqual(bestPassages('what is the', passages), []);
});

for (const backend of storeBackends()) {
  describe(`compliance inquiries on ${backend.name}`, { skip: backend.skip }, () => {
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

    test("a query is answered with the checklist's passage, its verdict for this account, cited", async () => {
      const made = await createComplianceInquiry(ctx(A), {
        name: 'Vendor questionnaire',
        inquiryContent: { query: 'Is MFA enabled for the root user account?' },
      });
      const s = made.complianceInquirySummary!;
      assert.match(s.id, /^compliance-inquiry-[a-zA-Z0-9]{16}$/);
      assert.equal(s.arn, `arn:aws:artifact:us-east-1:${A}:compliance-inquiry/${s.id}`);
      assert.deepEqual(
        [s.status, s.statusMessage, s.inputSource],
        ['COMPLETED', 'Compliance inquiry processing is complete.', 'TEXT'],
      );
      const [q] = (await listComplianceInquiryQueries(ctx(A), { complianceInquiryId: s.id })).queries!;
      assert.equal(q!.queryIdentifier, 1);
      assert.match(q!.response!, /^1\.5 Ensure MFA is enabled for the 'root' user account .*: FAIL/);
      assert.equal(q!.citations![0]!.sourceLabel, 'Warden audit checklist 1-5');
      assert.match(q!.citations![0]!.sourceLink!, /^arn:aws:artifact:us-east-1::report\/report-CisChecklist3000:\d+$/);
      assert.equal(q!.citations![0]!.sourceContent, q!.response);
    });

    test('a CSV file: one question per row, its first field; an unmatched question gets no response', async () => {
      const csv = 'Question,Notes\n"Do you rotate access keys, and how often?",x\nxyzzy plugh\n\n';
      const made = await createComplianceInquiry(ctx(A), {
        name: 'CSV',
        inquiryContent: { fileContent: { content: new TextEncoder().encode(csv) } },
        supportMode: 'AI_ONLY',
      });
      const id = made.complianceInquirySummary!.id;
      assert.equal(made.complianceInquirySummary!.inputSource, 'FILE');
      const queries = (await listComplianceInquiryQueries(ctx(A), { complianceInquiryId: id })).queries!;
      assert.deepEqual(
        queries.map((q) => q.query),
        ['Question', 'Do you rotate access keys, and how often?', 'xyzzy plugh'],
      );
      assert.match(queries[1]!.response!, /access keys/i);
      assert.equal(queries[2]!.response, undefined);
      assert.equal(queries[2]!.citations, undefined);
      const page = await listComplianceInquiryQueries(ctx(A), { complianceInquiryId: id, maxResults: 2 });
      assert.equal(page.queries!.length, 2);
      const rest = await listComplianceInquiryQueries(ctx(A), {
        complianceInquiryId: id,
        maxResults: 2,
        nextToken: page.nextToken!,
      });
      assert.deepEqual(
        rest.queries!.map((q) => q.queryIdentifier),
        [3],
      );
    });

    test('refused: both or neither content, supportMode with a query, FULL_SUPPORT, a binary file', async () => {
      const bad = (inquiryContent: object, extra: object = {}) =>
        refused(createComplianceInquiry(ctx(A), { name: 'x', inquiryContent, ...extra }));
      assert.equal(await bad({}), 'ValidationException 400');
      assert.equal(
        await bad({ query: 'q', fileContent: { content: new Uint8Array([0x41]) } }),
        'ValidationException 400',
      );
      assert.equal(await bad({ query: 'q' }, { supportMode: 'AI_ONLY' }), 'ValidationException 400');
      const file = { fileContent: { content: new TextEncoder().encode('q?') } };
      assert.equal(await bad(file, { supportMode: 'FULL_SUPPORT' }), 'ValidationException 400');
      assert.equal(
        await bad({ fileContent: { content: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]) } }),
        'ValidationException 400',
      );
      assert.equal(await bad({ query: 'a <script>' }), 'ValidationException 400');
    });

    test('the same client token answers the first inquiry', async () => {
      const input = { name: 'Retried', inquiryContent: { query: 'trail encryption' }, clientToken: 'token-1' };
      const first = await createComplianceInquiry(ctx(A), input);
      const again = await createComplianceInquiry(ctx(A, T0 + 1000), input);
      assert.equal(again.complianceInquirySummary!.id, first.complianceInquirySummary!.id);
    });

    test('tags: on inquiries only, merged and removed, AWS limits, not across accounts', async () => {
      const made = await createComplianceInquiry(ctx(A), {
        name: 'Tagged',
        inquiryContent: { query: 'GuardDuty' },
        tags: { team: 'audit' },
      });
      assert.deepEqual(made.tags, { team: 'audit' });
      const arn = made.complianceInquirySummary!.arn;
      await tagResource(ctx(A), { resourceArn: arn, tags: { env: 'prod', team: 'grc' } });
      assert.deepEqual((await listTagsForResource(ctx(A), { resourceArn: arn })).tags, { team: 'grc', env: 'prod' });
      await untagResource(ctx(A), { resourceArn: arn, tagKeys: ['team', 'absent'] });
      assert.deepEqual((await listTagsForResource(ctx(A), { resourceArn: arn })).tags, { env: 'prod' });
      const meta = await getComplianceInquiryMetadata(ctx(A), {
        complianceInquiryId: made.complianceInquirySummary!.id,
      });
      assert.deepEqual(meta.tags, { env: 'prod' });

      const report = 'arn:aws:artifact:us-east-1::report/report-CisChecklist3000:1';
      assert.equal(await refused(listTagsForResource(ctx(A), { resourceArn: report })), 'ValidationException 400');
      assert.equal(
        await refused(tagResource(ctx(A), { resourceArn: arn, tags: { 'aws:owner': 'x' } })),
        'ValidationException 400',
      );
      const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
      assert.equal(await refused(tagResource(ctx(A), { resourceArn: arn, tags: many })), 'ValidationException 400');
      assert.equal(await refused(listTagsForResource(ctx(B), { resourceArn: arn })), 'ResourceNotFoundException 404');
      const bArn = arn.replace(A, B);
      assert.equal(await refused(listTagsForResource(ctx(B), { resourceArn: bArn })), 'ResourceNotFoundException 404');
    });

    test("another account sees none of A's inquiries; A's list pages newest first", async () => {
      assert.deepEqual((await listComplianceInquiries(ctx(B), {})).complianceInquiries, []);
      const all = (await listComplianceInquiries(ctx(A), {})).complianceInquiries!;
      assert.ok(all.length >= 4);
      const one = await listComplianceInquiries(ctx(A), { maxResults: 1 });
      const two = await listComplianceInquiries(ctx(A), { maxResults: 1, nextToken: one.nextToken! });
      assert.deepEqual(
        [...one.complianceInquiries!, ...two.complianceInquiries!].map((i) => i.id),
        all.slice(0, 2).map((i) => i.id),
      );
      assert.equal(
        await refused(getComplianceInquiryMetadata(ctx(B), { complianceInquiryId: all[0]!.id })),
        'ResourceNotFoundException 404',
      );
      assert.equal(
        await refused(listComplianceInquiries(ctx(B), { nextToken: one.nextToken! })),
        'ValidationException 400',
      );
    });

    test('feedback: on a query or the inquiry; an unknown query is not found; a repeated token changes nothing', async () => {
      const id = (await listComplianceInquiries(ctx(A), {})).complianceInquiries![0]!.id;
      assert.equal(
        await refused(
          putComplianceInquiryFeedback(ctx(A), { complianceInquiryId: id, queryIdentifier: 9, rating: 'THUMBS_UP' }),
        ),
        'ResourceNotFoundException 404',
      );
      const first = await putComplianceInquiryFeedback(ctx(A, T0 + 5000), {
        complianceInquiryId: id,
        queryIdentifier: 1,
        rating: 'THUMBS_DOWN',
        reasonCodes: ['PARTIAL_RESPONSE'],
        clientToken: 'fb-1',
      });
      assert.equal(first.submittedAt.getTime(), T0 + 5000);
      const again = await putComplianceInquiryFeedback(ctx(A, T0 + 9000), {
        complianceInquiryId: id,
        queryIdentifier: 1,
        rating: 'THUMBS_DOWN',
        clientToken: 'fb-1',
      });
      assert.equal(again.submittedAt.getTime(), T0 + 5000);
      const whole = await putComplianceInquiryFeedback(ctx(A, T0 + 9000), {
        complianceInquiryId: id,
        rating: 'THUMBS_UP',
      });
      assert.equal(whole.submittedAt.getTime(), T0 + 9000);
    });

    test('an export is a PDF its presigned URL downloads; an unknown query is not found', async () => {
      const id = (await listComplianceInquiries(ctx(A), {})).complianceInquiries!.find((i) => i.name === 'CSV')!.id;
      assert.equal(
        await refused(exportComplianceInquiry(ctx(A), { complianceInquiryId: id, queryIdentifiers: [7] })),
        'ResourceNotFoundException 404',
      );
      const now = Date.now();
      const out = await exportComplianceInquiry(ctx(A, now), {
        complianceInquiryId: id,
        queryIdentifiers: [2],
        includeCitations: true,
      });
      const u = new URL(out.documentPresignedUrl!);
      assert.equal(u.searchParams.get('kind'), 'inquiry');
      const got = await serveDownload(runtime, `${u.pathname}${u.search}`, new Date(now), '127.0.0.1');
      assert.equal(got.status, 200);
      assert.equal((got.body as Buffer).subarray(0, 5).toString(), '%PDF-');
      const other = new URL(u);
      other.searchParams.set('account', B);
      assert.equal(
        (await serveDownload(runtime, `${other.pathname}${other.search}`, new Date(now), '::1')).status,
        403,
      );
    });
  });
}
