// The folder scan's progress: its wording, the terminal status line, and the walk reporting every PROGRESS_EVERY folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackageSources, DEFAULT_WALK_LIMITS } from './collect/walk.js';
import { PROGRESS_EVERY, formatScanProgress, statusLine, type ScanProgress } from './progress.js';

test('formatScanProgress words counts with thousands separators and singulars', () => {
  assert.equal(
    formatScanProgress({ foldersRead: 12_500, lockfiles: 3, sitePackages: 1 }),
    'scanning for packages: 12,500 folders read, 3 lockfiles, 1 site-packages folder',
  );
  assert.equal(
    formatScanProgress({ foldersRead: 1, lockfiles: 1, sitePackages: 0 }),
    'scanning for packages: 1 folder read, 1 lockfile, 0 site-packages folders',
  );
});

test('statusLine rewrites one line in place and ends it with a newline only when it showed something', () => {
  const writes: string[] = [];
  const line = statusLine({ write: (t: string) => writes.push(t) }, 'warden agent: ');
  line.done();
  assert.deepEqual(writes, []);
  line.update('a');
  line.update('b');
  line.done();
  line.done();
  assert.deepEqual(writes, ['\r\x1b[Kwarden agent: a', '\r\x1b[Kwarden agent: b', '\n']);
});

test('the walk reports every PROGRESS_EVERY folders and once at the end; a small tree reports nothing', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'warden-agent-progress-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const small: ScanProgress[] = [];
  await findPackageSources([root], DEFAULT_WALK_LIMITS, (p) => small.push(p));
  assert.deepEqual(small, []);

  // The root and 2 * PROGRESS_EVERY + 10 folders below it, a lockfile in the last one.
  const n = 2 * PROGRESS_EVERY + 10;
  for (let i = 0; i < n; i++) await mkdir(join(root, `d${String(i).padStart(4, '0')}`));
  await writeFile(join(root, `d${String(n - 1).padStart(4, '0')}`, 'package-lock.json'), '{}');
  const heard: ScanProgress[] = [];
  const result = await findPackageSources([root], DEFAULT_WALK_LIMITS, (p) => heard.push({ ...p }));
  assert.equal(result.lockfiles.length, 1);
  assert.deepEqual(
    heard.map((p) => p.foldersRead),
    [PROGRESS_EVERY, 2 * PROGRESS_EVERY, n + 1],
  );
  assert.deepEqual(heard.at(-1), { foldersRead: n + 1, lockfiles: 1, sitePackages: 0 });
});
