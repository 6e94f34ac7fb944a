// Report objects: written whole (0600) or not at all, and never into a folder that resolves outside the bucket.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existingBucket, folderIn, writeObject } from './object-writer.js';

describe('report object writer', () => {
  test('an object is written whole with mode 0600; stopped midway it leaves nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'warden-report-writer-'));
    try {
      const parts = () => Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(2000)}\n`);
      assert.equal(await writeObject(dir, 'whole.csv', parts(), async () => true), true);
      assert.equal((await readFile(join(dir, 'whole.csv'), 'utf8')).split('\n').length, 101);
      assert.equal((await stat(join(dir, 'whole.csv'))).mode & 0o777, 0o600);
      let asked = 0;
      assert.equal(await writeObject(dir, 'stopped.csv', parts(), async () => ++asked < 2), false);
      assert.equal(asked, 2);
      assert.deepEqual(await readdir(dir), ['whole.csv']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('folders are made inside the bucket; a link out of it is refused; a missing bucket is none', async () => {
    const root = await mkdtemp(join(tmpdir(), 'warden-report-folders-'));
    try {
      assert.equal(await existingBucket(join(root, 'missing')), undefined);
      await mkdir(join(root, 'bucket'));
      await mkdir(join(root, 'outside'));
      const bucket = (await existingBucket(join(root, 'bucket')))!;
      assert.equal(await folderIn(bucket, ['a', 'b']), join(bucket, 'a', 'b'));
      await symlink(join(root, 'outside'), join(bucket, 'link'));
      await assert.rejects(folderIn(bucket, ['link', 'c']), /outside its bucket/);
      assert.deepEqual(await readdir(join(root, 'outside')), []);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
