// Compat suite: Artifact through boto3 (the JS SDK v3 has no Artifact client) against a real Warden, unchanged but for
// the endpoint. Skips, with the reason, where python3 + boto3 is not installed; under CI=true that fails instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { clientEnv, commandRuns, runCommand as run } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const SCENARIO = fileURLToPath(new URL('./artifact_scenario.py', import.meta.url));

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
    assert.deepEqual(seen.ids, ['report-AccessReviewSens', 'report-CisChecklist3000', 'report-RespMatrixWarden']);
    assert.deepEqual(seen.metadata, { name: 'Warden audit checklist', version: 1, state: 'PUBLISHED' });
    assert.deepEqual(seen.versions, [1]);
    assert.deepEqual(seen.download, { status: 200, type: 'application/pdf', head: '%PDF-' });
    assert.deepEqual(seen.reused, { code: 'AccessDeniedException', status: 403 });
    assert.deepEqual(seen.missing, { code: 'ResourceNotFoundException', resourceType: 'report' });
    assert.deepEqual(seen.settings, { notificationSubscriptionStatus: 'SUBSCRIBED' });
  });
});
