// Issue 10 item 12: a first start whose stdout is not a terminal never prints the root secret; the 0600 file keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { spawnWarden } from '../helpers/child.js';

test('first start with stdout piped: the secret is only in <data-dir>/root-credentials (0600)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-first-start-'));
  // Generated, not seeded: the secret is one no test or environment variable knows beforehand.
  const child = await spawnWarden(['--data-dir', dataDir], { WARDEN_LOG_LEVEL: 'trace' });
  let stderr = '';
  child.proc.stderr!.on('data', (d) => (stderr += d));
  try {
    const file = join(dataDir, 'root-credentials');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)?.[1];
    const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
    assert.ok(accessKeyId && secretAccessKey, 'the file holds the root key');

    // The key works, and requests (one good, one with the secret mangled) log nothing of it either.
    const endpoint = child.endpoint;
    const sts = (secret: string) =>
      new STSClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId, secretAccessKey: secret },
        maxAttempts: 1,
      });
    await sts(secretAccessKey).send(new GetCallerIdentityCommand({}));
    await assert.rejects(sts(secretAccessKey + 'x').send(new GetCallerIdentityCommand({})));

    child.proc.kill('SIGTERM');
    assert.equal(await child.exited, 0);
    const output = child.output.join('\n');
    assert.ok(!output.includes(secretAccessKey), 'the root secret was printed to stdout');
    assert.ok(!stderr.includes(secretAccessKey), 'the root secret was printed to stderr');
    assert.ok(output.includes(`${file} (mode 0600)`), `stdout says where the file is:\n${output}`);
    assert.ok(output.includes(`AWS_SHARED_CREDENTIALS_FILE=${file}`), 'stdout says how to use it');
  } finally {
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
