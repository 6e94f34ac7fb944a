// Artifact through SigV4-signed rest-json requests (the JS SDK v3 has no Artifact client): Warden's reports listed,
// versioned as the account changes, downloaded only through a single-use term token and a presigned URL Warden serves,
// the PDFs read back with poppler, a caller without permission denied, and the acceptance and download in the trail.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { send, signRequest } from '../helpers/raw.js';
import { requiredInCi } from '../helpers/ci.js';
import { popplerMissing, readPdf } from '../helpers/pdf-text.js';
import { waitFor } from '../helpers/wait.js';
import { runPublish } from '../../src/cli-artifact.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHECKLIST = 'report-CisChecklist3000';
const MATRIX = 'report-RespMatrixWarden';
const ACCESS_REVIEW = 'report-AccessReviewSens';
const TRAIL_SUMMARY = 'report-AuditTrailPeriod';
const noPoppler = requiredInCi(popplerMissing());

let w: TestWarden;

before(async () => {
  w = await startWarden();
});
after(async () => {
  await w?.stop();
});

async function artifact(
  path: string,
  query: Record<string, string> = {},
  opts: { method?: string; body?: object; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): Promise<{ status: number; json: Record<string, any> }> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const signed = await signRequest(
    w.endpoint,
    {
      method: opts.method ?? 'GET',
      path,
      query,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
    },
    { service: 'artifact', ...(opts.credentials ?? w.credentials) },
  );
  const res = await send(signed);
  return { status: res.status, json: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} };
}

async function download(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function reportUrl(reportId: string): Promise<string> {
  const term = await artifact('/v1/report/getTermForReport', { reportId });
  assert.equal(term.status, 200);
  const got = await artifact('/v1/report/get', { reportId, termToken: term.json.termToken as string });
  assert.equal(got.status, 200, JSON.stringify(got.json));
  return got.json.documentPresignedUrl as string;
}

test("ListReports and GetReportMetadata show Warden's four reports", async () => {
  const list = await artifact('/v1/report/list');
  assert.equal(list.status, 200);
  const ids = (list.json.reports as { id: string }[]).map((r) => r.id).sort();
  assert.deepEqual(ids, [ACCESS_REVIEW, TRAIL_SUMMARY, CHECKLIST, MATRIX]);
  const meta = await artifact('/v1/report/getMetadata', { reportId: CHECKLIST });
  assert.equal(meta.status, 200);
  const d = meta.json.reportDetails;
  assert.equal(d.id, CHECKLIST);
  assert.equal(d.version, 1);
  assert.equal(d.state, 'PUBLISHED');
  assert.equal(d.acceptanceType, 'EXPLICIT');
  assert.equal(d.arn, `arn:aws:artifact:us-east-1::report/${CHECKLIST}:1`);

  const missing = await artifact('/v1/report/getMetadata', { reportId: 'report-0000000000000000' });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.resourceType, 'report');
});

test('GetReport needs a term token: missing is a ValidationException, a made-up or spent one AccessDenied', async () => {
  const noToken = await artifact('/v1/report/get', { reportId: CHECKLIST });
  assert.equal(noToken.status, 400);
  const madeUp = await artifact('/v1/report/get', { reportId: CHECKLIST, termToken: 'not-a-token' });
  assert.equal(madeUp.status, 403);
  assert.equal(madeUp.json.message, 'Term token is invalid, expired or already used');

  const term = await artifact('/v1/report/getTermForReport', { reportId: CHECKLIST });
  const termDoc = await download(term.json.documentPresignedUrl as string);
  assert.equal(termDoc.status, 200);
  assert.equal(termDoc.type, 'application/pdf');
  // A token is bound to its report: offered for another, it is refused (and stays unspent).
  const other = await artifact('/v1/report/get', { reportId: MATRIX, termToken: term.json.termToken as string });
  assert.equal(other.status, 403);
  const first = await artifact('/v1/report/get', { reportId: CHECKLIST, termToken: term.json.termToken as string });
  assert.equal(first.status, 200);
  const again = await artifact('/v1/report/get', { reportId: CHECKLIST, termToken: term.json.termToken as string });
  assert.equal(again.status, 403);
});

test('a presigned URL downloads the PDF once signed as issued; altered, it is refused', async () => {
  const url = await reportUrl(CHECKLIST);
  const ok = await download(url);
  assert.equal(ok.status, 200);
  assert.equal(ok.bytes.subarray(0, 5).toString(), '%PDF-');
  const u = new URL(url);
  u.searchParams.set('version', '2');
  assert.equal((await download(u.toString())).status, 403);
  const v = new URL(url);
  v.searchParams.set('expires', String(Number(v.searchParams.get('expires')) + 3600));
  assert.equal((await download(v.toString())).status, 403);
});

test(
  'the checklist PDF renders and flips from FAIL to PASS in a new version as the account is fixed',
  { skip: noPoppler },
  async () => {
    const before = await readPdf((await download(await reportUrl(CHECKLIST))).bytes);
    assert.match(before.text, /Warden audit checklist/);
    assert.match(before.text, /FAIL\s+1\.8 Ensure IAM password policy requires minimum length of 14/);
    assert.equal(before.png.subarray(1, 4).toString(), 'PNG');

    const iam = new IAMClient(w.clientConfig);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 }));
    const versions = await artifact('/v1/report/listVersions', { reportId: CHECKLIST });
    assert.deepEqual(
      (versions.json.reports as { version: number }[]).map((r) => r.version),
      [2, 1],
    );
    const afterFix = await readPdf((await download(await reportUrl(CHECKLIST))).bytes);
    assert.match(afterFix.text, /PASS\s+1\.8 Ensure IAM password policy requires minimum length of 14/);
    assert.match(afterFix.text, /PASS\s+1\.9 Ensure IAM password policy prevents password reuse/);

    const matrix = await readPdf((await download(await reportUrl(MATRIX))).bytes);
    assert.match(matrix.text, /Shared responsibility matrix/);
    assert.match(matrix.text, /Customer: Set a strong password policy/);
    assert.match(matrix.text, /PASS\s+1\.8/);
    assert.match(matrix.text, /FAIL\s+1\.4/);
  },
);

test('account settings: NOT_SUBSCRIBED until PutAccountSettings says otherwise', async () => {
  const first = await artifact('/v1/account-settings/get');
  assert.deepEqual(first.json, { accountSettings: { notificationSubscriptionStatus: 'NOT_SUBSCRIBED' } });
  const put = await artifact(
    '/v1/account-settings/put',
    {},
    {
      method: 'PUT',
      body: { notificationSubscriptionStatus: 'SUBSCRIBED' },
    },
  );
  assert.equal(put.status, 200);
  const now = await artifact('/v1/account-settings/get');
  assert.equal(now.json.accountSettings.notificationSubscriptionStatus, 'SUBSCRIBED');
});

test('a user without artifact permissions is denied; with artifact:ListReports it lists', async () => {
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
  const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const denied = await artifact('/v1/report/list', {}, { credentials });
  assert.equal(denied.status, 403);
  assert.match(String(denied.json.message ?? denied.json.Message), /not authorized to perform: artifact:ListReports/);
  await iam.send(
    new AttachUserPolicyCommand({
      UserName: 'auditor',
      PolicyArn: 'arn:aws:iam::aws:policy/AWSArtifactReportsReadOnlyAccess',
    }),
  );
  const allowed = await waitFor(
    async () => {
      const r = await artifact('/v1/report/list', {}, { credentials });
      return r.status === 200 ? r : undefined;
    },
    { what: 'ListReports allowed after the attachment' },
  );
  assert.equal((allowed.json.reports as unknown[]).length, 4);
});

test('the term acceptance and the download are in the trail', async () => {
  const ct = new CloudTrailClient(w.clientConfig);
  const find = (name: string) =>
    waitFor(
      async () =>
        (
          await ct.send(
            new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
          )
        ).Events?.find((e) => e.EventSource === 'artifact.amazonaws.com'),
      { what: `the ${name} record` },
    );
  const got = JSON.parse((await find('GetReport')).CloudTrailEvent!) as Record<string, any>;
  assert.deepEqual(got.additionalEventData, { termAccepted: true });
  assert.equal(got.responseElements, null);
  const dl = JSON.parse((await find('DownloadReport')).CloudTrailEvent!) as Record<string, any>;
  assert.equal(dl.eventType, 'AwsServiceEvent');
  assert.ok([CHECKLIST, MATRIX].includes(dl.serviceEventDetails.reportId as string));
  assert.equal(dl.recipientAccountId, w.accountId);
});

test('`warden artifact publish` makes an operator document a report every account downloads', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'warden-publish-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'soc2.pdf');
  await writeFile(file, '%PDF-1.4 the operator SOC 2 report');
  const printed = await runPublish(file, { name: 'SOC 2 Type II', dataDir: w.dataDir }, {});
  const m = /^Published (report-[a-zA-Z0-9]{16}) version 1: SOC 2 Type II\n$/.exec(printed);
  assert.ok(m, printed);
  const list = await artifact('/v1/report/list');
  assert.ok((list.json.reports as { id: string }[]).some((r) => r.id === m[1]));
  const got = await download(await reportUrl(m[1]!));
  assert.equal(got.bytes.toString(), '%PDF-1.4 the operator SOC 2 report');

  await writeFile(join(dir, 'notes.txt'), 'plain text');
  await assert.rejects(runPublish(join(dir, 'notes.txt'), { name: 'Notes', dataDir: w.dataDir }, {}), /not a PDF/);
  await assert.rejects(runPublish(file, { name: 'bad/name', dataDir: w.dataDir }, {}), /--name/);
});

test(
  'the access review names who may take sensitive actions, from IAM policy simulation',
  { skip: noPoppler },
  async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    await iam.send(
      new AttachUserPolicyCommand({ UserName: 'operator', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    );
    const review = await readPdf((await download(await reportUrl(ACCESS_REVIEW))).bytes);
    assert.match(review.text, /Access review/);
    assert.match(review.text, /Principals allowed each action/);
    const compact = review.text.replace(/\s+/g, ' ');
    assert.match(compact, /user\/operator iam:CreateUser, iam:CreateAccessKey/);
    assert.match(compact, /user\/auditor none of the sensitive actions/);
    assert.equal(review.png.subarray(1, 4).toString(), 'PNG');
  },
);
