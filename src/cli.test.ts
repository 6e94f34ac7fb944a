// The command line's own answers: `warden --version` prints package.json's version and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BIN = fileURLToPath(new URL('../bin/warden.js', import.meta.url));

test('warden --version prints the package version', async () => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, flag], { timeout: 30_000 });
    assert.equal(stdout.trim(), pkg.version);
  }
});
