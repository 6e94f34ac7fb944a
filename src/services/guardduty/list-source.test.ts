// Where list content may come from: files inside the operator's directory only, loopback URLs only when enabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListSourceError, listSourcePolicy, readListSource } from './list-source.js';

test('files are read inside the list directory only; outside, missing and linked-out files fail alike', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'gd-list-source-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const lists = join(root, 'lists');
  await writeFile(join(root, 'outside.txt'), '192.0.2.1\n');
  await mkdir(lists);
  await writeFile(join(lists, 'ok.txt'), '192.0.2.7\n');
  await symlink(join(root, 'outside.txt'), join(lists, 'link.txt'));
  const policy = { directory: lists, loopbackUrls: false };

  assert.equal(await readListSource(join(lists, 'ok.txt'), policy), '192.0.2.7\n');
  assert.equal(await readListSource(`file://${join(lists, 'ok.txt')}`, policy), '192.0.2.7\n');
  for (const where of [
    join(root, 'outside.txt'),
    join(lists, 'link.txt'),
    join(lists, 'missing.txt'),
    '/etc/hostname',
  ]) {
    await assert.rejects(readListSource(where, policy), (e: Error) => {
      assert.ok(e instanceof ListSourceError, where);
      assert.equal(e.message, 'not a readable file in the list directory');
      return true;
    });
  }
  // A directory that is a prefix of another does not admit the other's files.
  await assert.rejects(readListSource(join(`${lists}-other`, 'x.txt'), policy), ListSourceError);
});

test('loopback URLs are refused unless enabled; the default directory is under the data directory', async () => {
  await assert.rejects(
    readListSource('http://127.0.0.1:9/feed.txt', { directory: '/nonexistent', loopbackUrls: false }),
    /loopback URLs are not enabled/,
  );
  assert.deepEqual(listSourcePolicy({ dataDir: '/data', guarddutyListUrls: false }), {
    directory: join('/data', 'guardduty', 'lists'),
    loopbackUrls: false,
  });
});
