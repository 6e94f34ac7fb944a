// `warden inspector import-advisories`: imports a folder into the data directory's store and prints a summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../test/helpers/cli.js';
import { registerInspectorCommands } from './cli-inspector.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/osv/', import.meta.url));

test('imports the fixture advisories, then finds them unchanged on a second run', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-cli-inspector-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const args = ['inspector', 'import-advisories', FIXTURES, '--data-dir', dataDir];
  const first = await runCli(registerInspectorCommands, args);
  assert.equal(first, 'Read 4 files: 4 added, 0 updated, 0 unchanged, 0 rejected.\n4 advisories stored.\n');
  const second = await runCli(registerInspectorCommands, args);
  assert.equal(second, 'Read 4 files: 0 added, 0 updated, 4 unchanged, 0 rejected.\n4 advisories stored.\n');
  await assert.rejects(
    runCli(registerInspectorCommands, [
      'inspector',
      'import-advisories',
      join(FIXTURES, 'README.md'),
      '--data-dir',
      dataDir,
    ]),
    /is neither a folder of OSV \.json advisories nor a \.zip of them/,
  );
});
