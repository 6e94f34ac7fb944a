// Compat suite: Artifact through boto3 (the JS SDK v3 has no Artifact client) against a real Warden, unchanged but for
// the endpoint. Skips, with the reason, where python3 + boto3 is not installed; under CI=true that fails instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { clientEnv, commandRuns, runCommand as run } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { popplerMissing, readPdf } from '../helpers/pdf-text.js';
import { runTrailSummaryVersion } from '../../src/cli-trail-summary.js';

const SCENARIO = fileURLToPath(new URL('./artifact_scenario.py', import.meta.url));
const TRAIL_SCENARIO = fileURLToPath(new URL('./artifact_trail_scenario.py', import.meta.url));
const INQUIRY_SCENARIO = fileURLToPath(new URL('./artifact_inquiry_scenario.py', import.meta.url));
const MODEL = fileURLToPath(new URL('../../models/artifact.json', import.meta.url));
const noPoppler = requiredInCi(popplerMissing());

const noBoto3 = requiredInCi(
  commandRuns('python3', ['-c', 'import boto3']) ? false : 'python3 with boto3 is not installed',
);

describe('Artifact from boto3', { skip: noBoto3 }, () => {
  let w: TestWarden;
  let home: string;

  before(async () => {
    w = await startWarden();
    home = mkdtempSync(join(tmpdir(), 'warden-compat-artifact-'));
  });

  after(async () => {
    await w?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('reports listed, a term token spent for a presigned download, refused when reused', async () => {
    const result = await run('python3', [SCENARIO], clientEnv(w, home));
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);
    assert.deepEqual(seen.ids, [
      'report-AccessReviewSens',
      'report-AuditTrailPeriod',
      'report-CisChecklist3000',
      'report-RespMatrixWarden',
    ]);
    assert.deepEqual(seen.metadata, { name: 'Warden audit checklist', version: 1, state: 'PUBLISHED' });
    assert.deepEqual(seen.versions, [1]);
    assert.deepEqual(seen.download, { status: 200, type: 'application/pdf', head: '%PDF-' });
    assert.deepEqual(seen.reused, { code: 'AccessDeniedException', status: 403 });
    assert.deepEqual(seen.missing, { code: 'ResourceNotFoundException', resourceType: 'report' });
    assert.deepEqual(seen.settings, { notificationSubscriptionStatus: 'SUBSCRIBED' });
  });

  test('the audit-trail summary of a period counts the calls boto3 made', { skip: noPoppler }, async () => {
    const [created, denied] = [4, 3];
    // Records carry whole seconds: the period is the whole seconds of these calls alone (waiting out the current one).
    const nextSecond = async () => {
      const at = (Math.floor(Date.now() / 1000) + 1) * 1000;
      await new Promise((resolve) => setTimeout(resolve, at - Date.now() + 5));
      return new Date(at).toISOString();
    };
    const since = await nextSecond();
    const calls = await run('python3', [TRAIL_SCENARIO, 'calls', String(created), String(denied)], clientEnv(w, home));
    assert.equal(calls.code, 0, calls.stderr);
    assert.deepEqual(JSON.parse(calls.stdout).denied, ['AccessDenied', 'AccessDenied', 'AccessDenied']);
    const until = await nextSecond();
    const made = await runTrailSummaryVersion({ dataDir: w.dataDir, since, until }, {});
    const version = /version (\d+)/.exec(made)![1]!;

    const file = join(home, 'trail.pdf');
    const got = await run(
      'python3',
      [TRAIL_SCENARIO, 'download', 'report-AuditTrailPeriod', version, file],
      clientEnv(w, home),
    );
    assert.equal(got.code, 0, got.stderr);
    const { metadata } = JSON.parse(got.stdout);
    assert.equal(metadata.name, 'Audit trail summary');
    assert.equal(metadata.version, Number(version));
    assert.ok(metadata.description.includes(`from ${since} to ${until}`), metadata.description);
    const { text } = await readPdf(readFileSync(file));
    assert.match(text, new RegExp(`iam\\.amazonaws\\.com CreateUser\\s+${created}\\b`));
    assert.match(text, new RegExp(`Denied calls: ${denied}\\b`));
    assert.match(text, new RegExp(`arn:aws:iam::${w.accountId}:user/mallory\\s+${denied}\\b`));
    assert.match(text, new RegExp(`Root user calls: ${created + 1}\\b`));
  });

  test('compliance inquiries answered with cited passages, exported, tagged; refusals as AWS words them', async () => {
    const file = join(home, 'inquiry.pdf');
    // The installed botocore may predate the inquiry operations: it reads Warden's vendored model (the same API
    // version) from AWS_DATA_PATH ahead of its own, keeping its own endpoint rules.
    const data = join(home, 'botocore-data', 'artifact', '2018-05-10');
    mkdirSync(data, { recursive: true });
    copyFileSync(MODEL, join(data, 'service-2.json'));
    const env = { ...clientEnv(w, home), AWS_DATA_PATH: join(home, 'botocore-data') };
    const result = await run('python3', [INQUIRY_SCENARIO, file], env);
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);
    assert.deepEqual(seen.created, {
      status: 'COMPLETED',
      statusMessage: 'Compliance inquiry processing is complete.',
      inputSource: 'TEXT',
    });
    assert.deepEqual(seen.createdTags, { team: 'audit' });
    assert.equal(seen.arnOk, true);
    assert.equal(seen.query.id, 1);
    assert.match(seen.query.response, /^1\.5 Ensure MFA is enabled for the 'root' user account/);
    assert.equal(seen.query.labels[0], 'Warden audit checklist 1-5');
    assert.match(seen.query.links[0], /^arn:aws:artifact:us-east-1::report\/report-CisChecklist3000:\d+$/);
    assert.equal(seen.idempotent, true);
    assert.deepEqual(seen.fileQueries, [
      ['Do you keep an audit trail of every API call?', true],
      ['xyzzy plugh', false],
    ]);
    assert.deepEqual(seen.metadata, { inputSource: 'FILE', supportMode: 'AI_ONLY', name: 'CSV questionnaire' });
    assert.deepEqual(seen.listed, ['CSV questionnaire', 'Security questionnaire']);
    assert.equal(seen.feedback, true);
    assert.deepEqual(seen.export, { status: 200, type: 'application/pdf' });
    assert.deepEqual(seen.tags, { env: 'prod' });
    assert.deepEqual(seen.refused, {
      reportTags: { code: 'ValidationException', status: 400 },
      reservedKey: { code: 'ValidationException', status: 400 },
      fullSupport: { code: 'ValidationException', status: 400 },
      missing: { code: 'ResourceNotFoundException', status: 404 },
    });
    if (!noPoppler) {
      const { text } = await readPdf(readFileSync(file));
      assert.match(text, /Compliance inquiry: CSV questionnaire/);
      assert.match(text, /1\. Do you keep an audit trail of every API call\?/);
      assert.match(text, /No passage of Warden's reports matches this question\./);
      assert.match(text, /Source: Shared responsibility matrix - Audit trail/);
    }
  });
});
