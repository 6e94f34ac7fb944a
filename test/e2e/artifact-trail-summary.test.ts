// Artifact's audit-trail summary from a scripted sequence of calls: N CreateUser calls and M calls refused to a user
// without permissions, then the numbers read back from `warden compliance trail-summary --json` and, through signed
// rest-json requests (the JS SDK v3 has no Artifact client), from the report version made for that period, its PDF
// read with poppler's pdftotext.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { send, signRequest } from '../helpers/raw.js';
import { requiredInCi } from '../helpers/ci.js';
import { popplerMissing, readPdf } from '../helpers/pdf-text.js';
import { runTrailSummary, runTrailSummaryVersion } from '../../src/cli-trail-summary.js';
import type { TrailSummary } from '../../src/services/artifact/trail-summary/summary.js';

const REPORT = 'report-AuditTrailPeriod';
const CREATED = 4; // CreateUser calls besides mallory's own
const DENIED = 3;
const noPoppler = requiredInCi(popplerMissing());

let w: TestWarden;
let since: string;
let until: string;

async function artifact(path: string, query: Record<string, string> = {}) {
  const signed = await signRequest(
    w.endpoint,
    { method: 'GET', path, query, headers: {} },
    { service: 'artifact', ...w.credentials },
  );
  const res = await send(signed);
  return { status: res.status, json: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} };
}

before(async () => {
  w = await startWarden();
  since = new Date(Date.now() - 1000).toISOString();
  const iam = new IAMClient(w.clientConfig);
  for (let i = 1; i <= CREATED; i++) await iam.send(new CreateUserCommand({ UserName: `trail-user-${i}` }));
  await iam.send(new CreateUserCommand({ UserName: 'mallory' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }))).AccessKey!;
  const mallory = new IAMClient({
    ...w.clientConfig,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  });
  for (let i = 0; i < DENIED; i++) {
    await assert.rejects(mallory.send(new ListUsersCommand({})), { name: 'AccessDenied' });
  }
  await iam.send(
    new AttachUserPolicyCommand({
      UserName: 'mallory',
      PolicyArn: 'arn:aws:iam::aws:policy/AWSArtifactReportsReadOnlyAccess',
    }),
  );
  // Records carry whole seconds: the period ends at the next second, and the tests' own calls wait until it has passed.
  const end = (Math.floor(Date.now() / 1000) + 1) * 1000;
  until = new Date(end).toISOString();
  await new Promise((resolve) => setTimeout(resolve, end - Date.now() + 5));
});
after(async () => {
  await w?.stop();
});

test('`warden compliance trail-summary --json` counts the scripted calls', async () => {
  const s = JSON.parse(await runTrailSummary({ dataDir: w.dataDir, since, until, json: true }, {})) as TrailSummary;
  const count = (key: string) => s.byEventName.rows.find((r) => r.key === key)?.count;
  assert.equal(count('iam.amazonaws.com CreateUser'), CREATED + 1);
  assert.equal(count('iam.amazonaws.com ListUsers'), DENIED);
  assert.equal(s.totals.denied, DENIED);
  assert.deepEqual(s.deniedByPrincipal.rows, [{ key: `arn:aws:iam::${w.accountId}:user/mallory`, count: DENIED }]);
  assert.deepEqual(s.errorsByCode.rows, [{ key: 'AccessDenied', count: DENIED }]);
  // The root user made every other call: the users, the key and the attachment.
  assert.equal(s.totals.root, CREATED + 3);
  assert.equal(s.totals.events, CREATED + 3 + DENIED);
  assert.deepEqual(
    s.notable.events.map((e) => [e.category, e.eventName]),
    [['IAM policy change', 'AttachUserPolicy']],
  );
  const text = await runTrailSummary({ dataDir: w.dataDir, since, until }, {});
  assert.match(text, new RegExp(`Errors: ${DENIED} {2}\\(denied ${DENIED}\\)`));
});

test('a period given badly is refused before the store is opened', async () => {
  await assert.rejects(runTrailSummary({ dataDir: w.dataDir, since: '12/01/2026' }, {}), /--since: an ISO 8601/);
  await assert.rejects(runTrailSummary({ dataDir: w.dataDir, since: until, until: since }, {}), /start before it ends/);
});

test('ListReports offers the summary; its daily version covers the 30 whole UTC days before today', async () => {
  const list = await artifact('/v1/report/list');
  assert.equal(list.status, 200);
  assert.ok((list.json.reports as { id: string }[]).some((r) => r.id === REPORT));
  const versions = await artifact('/v1/report/listVersions', { reportId: REPORT });
  const today = new Date().toISOString().slice(0, 10);
  const daily = (versions.json.reports as { description: string }[]).find((r) =>
    r.description.includes('(whole UTC days)'),
  );
  assert.ok(daily, JSON.stringify(versions.json));
  assert.doesNotMatch(daily.description, new RegExp(`to ${today}`));
});

test(
  "the period's report version, downloaded through a term token, shows the counts in its PDF",
  { skip: noPoppler },
  async () => {
    const made = await runTrailSummaryVersion({ dataDir: w.dataDir, since, until }, {});
    const version = /version (\d+)/.exec(made)?.[1];
    assert.ok(version, made);
    assert.match(made, /^Added/);
    assert.match(await runTrailSummaryVersion({ dataDir: w.dataDir, since, until }, {}), /already covers/);

    const meta = await artifact('/v1/report/getMetadata', { reportId: REPORT, reportVersion: version });
    assert.equal(meta.status, 200);
    assert.ok((meta.json.reportDetails.description as string).includes(`from ${since} to ${until}`));
    const term = await artifact('/v1/report/getTermForReport', { reportId: REPORT, reportVersion: version });
    const got = await artifact('/v1/report/get', {
      reportId: REPORT,
      reportVersion: version,
      termToken: term.json.termToken as string,
    });
    assert.equal(got.status, 200, JSON.stringify(got.json));
    const pdf = Buffer.from(await (await fetch(got.json.documentPresignedUrl as string)).arrayBuffer());
    const { text, png } = await readPdf(pdf);
    assert.match(text, /Audit trail summary/);
    assert.match(text, new RegExp(`Events: ${CREATED + 3 + DENIED}\\b`));
    assert.match(text, new RegExp(`Denied calls: ${DENIED}\\b`));
    assert.match(text, new RegExp(`iam\\.amazonaws\\.com CreateUser\\s+${CREATED + 1}\\b`));
    assert.match(text, new RegExp(`arn:aws:iam::${w.accountId}:user/mallory\\s+${DENIED}\\b`));
    assert.match(text, /IAM policy change: AttachUserPolicy by arn:aws:iam::123456789012:root/);
    assert.match(text, /Events by day \(UTC\)/);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
  },
);
