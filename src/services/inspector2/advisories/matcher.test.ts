// Importing OSV advisories and matching packages against them, on SQLite and PostgreSQL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { importAdvisories } from './import.js';
import { matchPackages } from './matcher.js';
import { advisoriesChangedAt, advisoryCount } from './advisory-store.js';
import { resetToFirstAccount } from '../../../reset.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/osv/', import.meta.url));

const ids = (matches: { advisory: { id: string } }[]) => matches.map((m) => m.advisory.id);

for (const backend of storeBackends()) {
  describe(`advisories on ${backend.name}`, { skip: backend.skip }, () => {
    test('the fixture advisories match exactly the versions their ranges name', async () => {
      const store = await backend.open();
      try {
        const summary = await importAdvisories(store, FIXTURES, { now: () => 1 });
        assert.deepEqual(
          { files: summary.files, added: summary.added, rejected: summary.rejected },
          { files: 4, added: 4, rejected: 0 },
        );
        const results = await matchPackages(store.db, [
          { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u1' },
          { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' },
          { ecosystem: 'Debian:11', name: 'openssl', version: '1.1.1n-0+deb11u5' },
          { ecosystem: 'Debian', name: 'openssl', version: '3.0.0-1' },
          { ecosystem: 'npm', name: 'left-pad-fixture', version: '1.3.0' },
          { ecosystem: 'npm', name: 'left-pad-fixture', version: '1.3.1' },
          { ecosystem: 'npm', name: 'left-pad-fixture', version: '2.0.0' },
          { ecosystem: 'npm', name: 'left-pad-fixture', version: '2.1.0' },
          { ecosystem: 'PyPI', name: 'fixture-requests', version: '2.5.post1' },
          { ecosystem: 'PyPI', name: 'FIXTURE.requests', version: '2.5.post2' },
          { ecosystem: 'PyPI', name: 'fixture_requests', version: '1.0.dev3' },
          { ecosystem: 'PyPI', name: 'left-pad-fixture', version: '1.3.0' },
        ]);
        assert.deepEqual(results.map(ids), [
          ['WARDEN-TEST-0001'],
          [],
          [],
          ['WARDEN-TEST-0001'],
          ['WARDEN-TEST-0002'],
          [],
          ['WARDEN-TEST-0002'],
          [],
          ['WARDEN-TEST-0003'],
          [],
          ['WARDEN-TEST-0003'],
          [],
        ]);
        assert.equal(results[0]![0]!.fixedVersion, '3.0.11-1~deb12u2');
        assert.equal(results[6]![0]!.fixedVersion, '2.1.0');
        assert.equal(results[8]![0]!.fixedVersion, undefined);
        const advisory = results[0]![0]!.advisory;
        assert.deepEqual(advisory.aliases, ['CVE-2099-0001']);
        assert.deepEqual(advisory.cwes, [125]);
        assert.equal(advisory.severityText, 'CRITICAL');
        assert.deepEqual(advisory.severity, [
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        ]);
      } finally {
        await store.close();
      }
    });

    test('a test-mode reset keeps the imported advisories', async () => {
      const store = await backend.open();
      try {
        await importAdvisories(store, FIXTURES);
        await resetToFirstAccount(store);
        assert.equal(await advisoryCount(store.db), 4);
        const q = [{ ecosystem: 'npm', name: 'left-pad-fixture', version: '1.0.0' }];
        assert.deepEqual(ids((await matchPackages(store.db, q))[0]!), ['WARDEN-TEST-0002']);
      } finally {
        await store.close();
      }
    });

    test('a re-import replaces an advisory only when its modified time moves forward', async () => {
      const store = await backend.open();
      const dir = await mkdtemp(join(tmpdir(), 'warden-osv-'));
      try {
        const original = JSON.parse(await readFile(join(FIXTURES, 'WARDEN-TEST-0002.json'), 'utf8'));
        await writeFile(join(dir, 'a.json'), JSON.stringify(original));
        assert.equal(await advisoriesChangedAt(store.db), undefined);
        assert.equal((await importAdvisories(store, dir, { now: () => 1000 })).added, 1);
        assert.equal(await advisoriesChangedAt(store.db), 1000);
        // Same modified: left alone even though the ranges differ.
        const widened = {
          ...original,
          affected: [{ ...original.affected[0], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
        };
        await writeFile(join(dir, 'a.json'), JSON.stringify(widened));
        assert.equal((await importAdvisories(store, dir, { now: () => 2000 })).unchanged, 1);
        assert.equal(await advisoriesChangedAt(store.db), 1000, 'an unchanged advisory is not a change');
        const q = [{ ecosystem: 'npm', name: 'left-pad-fixture', version: '3.0.0' }];
        assert.deepEqual((await matchPackages(store.db, q))[0], []);
        // Newer: replaced, packages and all.
        await writeFile(join(dir, 'a.json'), JSON.stringify({ ...widened, modified: '2026-06-01T00:00:00Z' }));
        assert.equal((await importAdvisories(store, dir, { now: () => 3000 })).updated, 1);
        assert.equal(await advisoriesChangedAt(store.db), 3000);
        assert.deepEqual(ids((await matchPackages(store.db, q))[0]!), ['WARDEN-TEST-0002']);
        assert.equal(await advisoryCount(store.db), 1);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await store.close();
      }
    });

    test('files that are not advisories are rejected and counted; the rest import', async () => {
      const store = await backend.open();
      const dir = await mkdtemp(join(tmpdir(), 'warden-osv-'));
      try {
        await mkdir(join(dir, 'nested'));
        await writeFile(join(dir, 'broken.json'), '{ not json');
        await writeFile(join(dir, 'no-id.json'), JSON.stringify({ modified: '2026-01-01T00:00:00Z' }));
        await writeFile(join(dir, 'no-modified.json'), JSON.stringify({ id: 'X-1' }));
        await writeFile(join(dir, 'notes.txt'), 'ignored');
        await writeFile(
          join(dir, 'nested', 'ok.json'),
          JSON.stringify({ id: 'X-2', modified: '2026-01-01T00:00:00Z', summary: 'x'.repeat(5000) }),
        );
        const progress: [number, number][] = [];
        const s = await importAdvisories(store, dir, { onProgress: (d, t) => progress.push([d, t]) });
        assert.deepEqual({ files: s.files, added: s.added, rejected: s.rejected }, { files: 4, added: 1, rejected: 3 });
        assert.equal(s.errors.length, 3);
        assert.deepEqual(progress.at(-1), [4, 4]);
        const row = await store.db.selectFrom('inspector_advisories').select('summary').executeTakeFirstOrThrow();
        assert.equal(row.summary!.length, 1024);
        await assert.rejects(importAdvisories(store, join(dir, 'all.zip')), /ENOENT/);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await store.close();
      }
    });
  });
}
