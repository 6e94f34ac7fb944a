// Tenant isolation for Artifact's rest-json reads (the main sweep's call() builds query and JSON only): a second
// account sees only its own report versions, settings, term tokens, agreements and compliance inquiries, never the
// first account's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { acceptAgreement } from '../../src/services/artifact/agreements.js';
import { send, signRequest } from '../helpers/raw.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const CHECKLIST = 'report-CisChecklist3000';
const SECOND = '210987654321';

let w: TestWarden;
let second: { accessKeyId: string; secretAccessKey: string };

async function call(
  keys: { accessKeyId: string; secretAccessKey: string },
  path: string,
  query: Record<string, string> = {},
  method = 'GET',
  body?: object,
): Promise<{ status: number; json: Record<string, any> }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signed = await signRequest(
    w.endpoint,
    { method, path, query, headers: text === undefined ? {} : { 'content-type': 'application/json' }, body: text },
    { service: 'artifact', ...keys },
  );
  const res = await send(signed);
  return { status: res.status, json: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} };
}

before(async () => {
  w = await startWarden();
  const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'artifact-second@example.com',
    accountId: SECOND,
  });
  second = { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
  // The first account: a checklist in two versions, a subscription, and an unspent term token.
  assert.equal((await call(w.credentials, '/v1/report/list')).status, 200);
  await new IAMClient(w.clientConfig).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 20 }));
  await call(w.credentials, '/v1/account-settings/put', {}, 'PUT', { notificationSubscriptionStatus: 'SUBSCRIBED' });
  await acceptAgreement(w.warden.runtime.store, {
    agreementId: 'agreement-WardenNDA0001',
    accountId: '123456789012',
    organization: false,
    region: 'us-east-1',
    partition: 'aws',
    now: new Date(),
  });
});
after(async () => {
  await w?.stop();
});

test("the second account's reads see none of the first account's versions, settings or tokens", async () => {
  const firstVersions = await call(w.credentials, '/v1/report/listVersions', { reportId: CHECKLIST });
  assert.deepEqual(
    (firstVersions.json.reports as { version: number }[]).map((r) => r.version),
    [2, 1],
  );

  const list = await call(second, '/v1/report/list');
  assert.equal(list.status, 200);
  for (const r of list.json.reports as { version: number; arn: string }[]) assert.equal(r.version, 1);
  const versions = await call(second, '/v1/report/listVersions', { reportId: CHECKLIST });
  assert.deepEqual(
    (versions.json.reports as { version: number }[]).map((r) => r.version),
    [1],
  );
  const meta = await call(second, '/v1/report/getMetadata', { reportId: CHECKLIST, reportVersion: '2' });
  assert.equal(meta.status, 404);
  const term = await call(second, '/v1/report/getTermForReport', { reportId: CHECKLIST, reportVersion: '2' });
  assert.equal(term.status, 404);

  const firstToken = await call(w.credentials, '/v1/report/getTermForReport', { reportId: CHECKLIST });
  const stolen = await call(second, '/v1/report/get', {
    reportId: CHECKLIST,
    termToken: firstToken.json.termToken as string,
  });
  assert.equal(stolen.status, 403);
  // Refused to the second account, the token is still the first account's to spend.
  const own = await call(w.credentials, '/v1/report/get', {
    reportId: CHECKLIST,
    termToken: firstToken.json.termToken as string,
  });
  assert.equal(own.status, 200);
  assert.match(own.json.documentPresignedUrl as string, /account=123456789012&/);

  const agreements = await call(w.credentials, '/v1/customer-agreement/list');
  assert.equal((agreements.json.customerAgreements as unknown[]).length, 1);
  assert.deepEqual((await call(second, '/v1/customer-agreement/list')).json, { customerAgreements: [] });

  const settings = await call(second, '/v1/account-settings/get');
  assert.deepEqual(settings.json, { accountSettings: { notificationSubscriptionStatus: 'NOT_SUBSCRIBED' } });
});

test("the second account reads none of the first account's compliance inquiries, queries, tags or exports", async () => {
  const made = await call(w.credentials, '/v1/compliance-inquiry/create', {}, 'POST', {
    name: 'First account questionnaire',
    inquiryContent: { query: 'Is the root user protected by MFA?' },
    tags: { owner: 'first' },
  });
  assert.equal(made.status, 202);
  const { id, arn } = made.json.complianceInquirySummary as { id: string; arn: string };
  const notFound = { status: 404, type: 'compliance-inquiry' };
  const seen = (r: { status: number; json: Record<string, any> }) => ({ status: r.status, type: r.json.resourceType });

  assert.deepEqual(
    seen(await call(second, '/v1/compliance-inquiry/getMetadata', { complianceInquiryId: id })),
    notFound,
  );
  assert.deepEqual(
    seen(await call(second, '/v1/compliance-inquiry/listQueries', { complianceInquiryId: id })),
    notFound,
  );
  assert.deepEqual(
    seen(await call(second, '/v1/compliance-inquiry/export', {}, 'POST', { complianceInquiryId: id })),
    notFound,
  );
  assert.deepEqual(seen(await call(second, `/tags/${encodeURIComponent(arn)}`)), notFound);
  assert.deepEqual((await call(second, '/v1/compliance-inquiry/list')).json, { complianceInquiries: [] });
  // The first account's own reads still answer, so the refusals above are the second account's alone.
  const own = await call(w.credentials, `/tags/${encodeURIComponent(arn)}`);
  assert.deepEqual(own.json, { tags: { owner: 'first' } });
});
