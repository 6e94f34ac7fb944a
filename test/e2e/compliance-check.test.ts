// `warden compliance check` against a running server's store: controls FAIL on a fresh account and flip to PASS as
// the account is fixed through the IAM API (SDK v3); `warden compliance check` exits 1 while any control fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { startWarden } from '../helpers/warden.js';
import { runComplianceCheck } from '../../src/cli-compliance.js';
import type { Checklist } from '../../src/services/artifact/compliance/checklist.js';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

async function checklist(dataDir: string): Promise<Checklist> {
  const { output } = await runComplianceCheck({ dataDir, json: true }, {});
  return JSON.parse(output) as Checklist;
}

const status = (list: Checklist, id: string) => list.controls.find((c) => c.id === id)?.status;

/** The exit status and stdout of `warden compliance check` run as the operator runs it. */
function runBin(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, 'compliance', 'check', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout }));
  });
}

test(
  'root access keys and the password policy flip from FAIL to PASS as the account is fixed',
  { timeout: 120_000 },
  async (t) => {
    const w = await startWarden();
    t.after(() => w.stop());
    const iam = new IAMClient(w.clientConfig);

    const before = await checklist(w.dataDir);
    assert.equal(before.accountId, w.accountId);
    assert.equal(status(before, '1.4'), 'FAIL');
    assert.equal(status(before, '1.8'), 'FAIL');
    const rootKeys = before.controls.find((c) => c.id === '1.4')!.failingResources;
    assert.deepEqual(rootKeys, [`arn:aws:iam::${w.accountId}:root access key ${w.credentials.accessKeyId}`]);

    const cli = await runBin(['--data-dir', w.dataDir, '--account-id', w.accountId]);
    assert.equal(cli.code, 1);
    assert.match(cli.stdout, /^FAIL {2}1\.4 {3}Ensure no 'root' user account access key exists$/m);

    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 16, PasswordReusePrevention: 24 }));
    const keys = (await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? [];
    assert.equal(keys.length, 1);
    // The root user deletes the very key it signs with: the last call it makes.
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: keys[0]!.AccessKeyId! }));

    const after = await checklist(w.dataDir);
    assert.equal(status(after, '1.4'), 'PASS');
    assert.equal(status(after, '1.8'), 'PASS');
    assert.equal(status(after, '1.9'), 'PASS');
    assert.equal(after.failed, before.failed - 3);
  },
);

test('an unknown account is refused rather than judged empty', { timeout: 60_000 }, async (t) => {
  const w = await startWarden();
  t.after(() => w.stop());
  await assert.rejects(
    runComplianceCheck({ dataDir: w.dataDir, accountId: '999999999999' }, {}),
    /no account 999999999999/,
  );
});
