// Reading OSV advisories from a zip: .json members only, sizes capped as read, and the import of an all.zip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildZip } from '../../../../test/helpers/zip.js';
import { zipJsonMembers } from './zip-entries.js';
import { importAdvisories } from './import.js';
import { advisoryCount } from './advisory-store.js';
import { openStore } from '../../../store/open.js';
import { MIGRATIONS } from '../../registry.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/osv/', import.meta.url));

test('zip members: .json only, each capped by its real size whatever the header claims', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'warden-zip-'));
  try {
    const path = join(dir, 'all.zip');
    await writeFile(
      path,
      buildZip([
        { name: 'A-1.json', data: '{"id":"A-1"}' },
        { name: 'notes.txt', data: 'not an advisory' },
        { name: 'big.json', data: 'x'.repeat(5000) },
        // Lies about its size: the reader stops at the cap as bytes arrive, not by the header.
        { name: 'liar.json', data: 'y'.repeat(5000), stored: true, claimedSize: 10 },
        { name: 'sub/B-2.json', data: '{"id":"B-2"}', stored: true },
      ]),
    );
    const seen = [];
    try {
      for await (const m of zipJsonMembers(path, 1000)) seen.push(m);
    } catch (e) {
      // yauzl refuses a member whose bytes disagree with its declared size: that too stops the read, never a hang.
      seen.push({ name: 'error', error: String(e) });
    }
    assert.deepEqual(seen.slice(0, 2), [
      { name: 'A-1.json', text: '{"id":"A-1"}' },
      { name: 'big.json', error: 'larger than 1000 bytes' },
    ]);
    assert.ok(seen.length >= 3, JSON.stringify(seen));
    assert.ok(!seen.some((m) => 'text' in m && m.text.length > 1000));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('import-advisories reads an all.zip as it reads the folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'warden-zip-import-'));
  try {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'));
    const members = await Promise.all(files.map(async (f) => ({ name: f, data: await readFile(join(FIXTURES, f)) })));
    await writeFile(join(dir, 'all.zip'), buildZip([...members, { name: 'bad.json', data: '{nope' }]));
    const store = await openStore({ dataDir: join(dir, 'data'), migrations: MIGRATIONS });
    try {
      const s = await importAdvisories(store, join(dir, 'all.zip'));
      assert.deepEqual(
        { files: s.files, added: s.added, rejected: s.rejected, errors: s.errors },
        { files: files.length + 1, added: files.length, rejected: 1, errors: ['bad.json: not valid JSON'] },
      );
      assert.equal(await advisoryCount(store.db), files.length);
      assert.equal((await importAdvisories(store, join(dir, 'all.zip'))).unchanged, files.length);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
