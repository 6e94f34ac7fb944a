// The package-source walk: finds lockfiles and site-packages, skips node_modules and /proc, never follows symlinks,
// and stops at its limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackageSources } from './walk.js';

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'warden-walk-'));
  const files = [
    'srv/a/package-lock.json',
    'srv/a/node_modules/dep/package-lock.json',
    'proc/1/package-lock.json',
    'home/u/deep/1/2/3/package-lock.json',
  ];
  for (const f of files) {
    await mkdir(join(root, f, '..'), { recursive: true });
    await writeFile(join(root, f), '{}');
  }
  await mkdir(join(root, 'usr/lib/python3/dist-packages'), { recursive: true });
  await mkdir(join(root, 'opt/venv/lib/python3.11/site-packages'), { recursive: true });
  // A loop and a way out of the root: neither is followed.
  await symlink(root, join(root, 'srv/loop'));
  await symlink('/', join(root, 'srv/escape'));
});

after(() => rm(root, { recursive: true, force: true }));

test('lockfiles and site-packages below the root, not inside node_modules, /proc or symlinked folders', async () => {
  const found = await findPackageSources([root]);
  assert.deepEqual(found.lockfiles.map((f) => f.slice(root.length)).sort(), [
    '/home/u/deep/1/2/3/package-lock.json',
    '/srv/a/package-lock.json',
  ]);
  assert.deepEqual(found.sitePackages.map((f) => f.slice(root.length)).sort(), [
    '/opt/venv/lib/python3.11/site-packages',
    '/usr/lib/python3/dist-packages',
  ]);
  assert.equal(found.truncated, false);
});

test('the depth, folder and count limits stop the walk and say so', async () => {
  const shallow = await findPackageSources([root], { maxDepth: 2, maxDirs: 1000, maxFound: 10 });
  assert.deepEqual(
    shallow.lockfiles.map((f) => f.slice(root.length)),
    ['/srv/a/package-lock.json'],
  );
  const few = await findPackageSources([root], { maxDepth: 10, maxDirs: 2, maxFound: 10 });
  assert.equal(few.truncated, true);
  const one = await findPackageSources([root], { maxDepth: 10, maxDirs: 1000, maxFound: 1 });
  assert.equal(one.lockfiles.length, 1);
  assert.equal(one.truncated, true);
});
