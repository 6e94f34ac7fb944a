// The advisory alias index on SQLite and PostgreSQL: migration 0165 backfills advisories stored before it (across
// several batches), an import of a newer `modified` replaces an advisory's names, and deleting an advisory deletes them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackendsWith } from '../../../../test/helpers/test-stores.js';
import { MIGRATIONS } from '../../registry.js';
import { migrate } from '../../../store/migrate.js';
import { advisoryIdsNaming } from './advisory-aliases.js';
import { advisoriesNamingCve } from './advisory-search.js';
import { upsertAdvisories } from './advisory-store.js';
import { readOsvRecord, type AdvisoryRecord } from './osv-record.js';
import { resetToFirstAccount } from '../../../reset.js';

const ALIASES_ID = '0165_inspector_advisory_aliases';

function record(doc: Record<string, unknown>): AdvisoryRecord {
  const r = readOsvRecord({ modified: '2026-01-01T00:00:00Z', ...doc });
  if ('error' in r) throw new Error(r.error);
  return r;
}

for (const backend of storeBackendsWith(MIGRATIONS.filter((m) => m.id < ALIASES_ID))) {
  describe(`advisory alias index on ${backend.name}`, { skip: backend.skip }, () => {
    test('the migration backfills every stored advisory, past one batch', async () => {
      const store = await backend.open();
      try {
        // 1,203 advisories: the backfill reads them in batches of 500.
        const records = Array.from({ length: 1203 }, (_, i) =>
          record({
            id: `GHSA-${String(i).padStart(4, '0')}`,
            aliases: [`CVE-2099-${i % 7}`],
            upstream: ['CVE-2099-9'],
          }),
        );
        for (let i = 0; i < records.length; i += 400) await upsertAdvisoriesBefore(store, records.slice(i, i + 400));
        // Applied in id order, whichever service lists them.
        assert.deepEqual(
          await migrate(store, MIGRATIONS),
          MIGRATIONS.filter((m) => m.id >= ALIASES_ID)
            .map((m) => m.id)
            .sort(),
        );
        const cve3 = await advisoryIdsNaming(store.db, 'CVE-2099-3', 1000);
        assert.equal(cve3.length, records.filter((_, i) => i % 7 === 3).length);
        assert.deepEqual(cve3, [...cve3].sort());
        // An upstream id is indexed too; the search keeps its cap.
        assert.equal((await advisoryIdsNaming(store.db, 'CVE-2099-9', 2000)).length, 1203);
        assert.equal((await advisoriesNamingCve(store.db, 'CVE-2099-9')).length, 100);
      } finally {
        await store.close();
      }
    });

    test('a newer import replaces the names, an older one leaves them, deletion removes them', async () => {
      const store = await backend.open();
      try {
        await migrate(store, MIGRATIONS);
        await upsertAdvisories(store, [record({ id: 'GHSA-x', aliases: ['CVE-2099-1', 'CVE-2099-2'] })], 1);
        assert.deepEqual(await advisoryIdsNaming(store.db, 'CVE-2099-1', 10), ['GHSA-x']);
        // Same modified: unchanged, names kept.
        await upsertAdvisories(store, [record({ id: 'GHSA-x', aliases: ['CVE-2099-3'] })], 2);
        assert.deepEqual(await advisoryIdsNaming(store.db, 'CVE-2099-1', 10), ['GHSA-x']);
        assert.deepEqual(await advisoryIdsNaming(store.db, 'CVE-2099-3', 10), []);
        // Newer: the names are the new record's only (an alias also upstream is indexed once).
        await upsertAdvisories(
          store,
          [
            record({
              id: 'GHSA-x',
              modified: '2026-02-01T00:00:00Z',
              aliases: ['CVE-2099-3'],
              upstream: ['CVE-2099-3'],
            }),
          ],
          3,
        );
        assert.deepEqual(await advisoryIdsNaming(store.db, 'CVE-2099-1', 10), []);
        assert.deepEqual(await advisoryIdsNaming(store.db, 'CVE-2099-3', 10), ['GHSA-x']);
        // Withdrawn: still indexed, never answered.
        await upsertAdvisories(
          store,
          [
            record({
              id: 'GHSA-x',
              modified: '2026-03-01T00:00:00Z',
              aliases: ['CVE-2099-3'],
              withdrawn: '2026-03-01T00:00:00Z',
            }),
          ],
          4,
        );
        assert.deepEqual(await advisoryIdsNaming(store.db, 'CVE-2099-3', 10), ['GHSA-x']);
        assert.deepEqual(await advisoriesNamingCve(store.db, 'CVE-2099-3'), []);
        await store.db.deleteFrom('inspector_advisories').where('id', '=', 'GHSA-x').execute();
        const left = await store.db.selectFrom('inspector_advisory_aliases').selectAll().execute();
        assert.deepEqual(left, []);
      } finally {
        await store.close();
      }
    });

    test('a test-mode reset keeps the index with the advisories', async () => {
      const store = await backend.open();
      try {
        await migrate(store, MIGRATIONS);
        await upsertAdvisories(store, [record({ id: 'GHSA-kept', aliases: ['CVE-2099-7'] })], 1);
        await resetToFirstAccount(store);
        assert.deepEqual(
          (await advisoriesNamingCve(store.db, 'CVE-2099-7')).map((a) => a.id),
          ['GHSA-kept'],
        );
      } finally {
        await store.close();
      }
    });
  });
}

/** Writes advisories as a store before migration 0165 held them: no alias table yet. */
async function upsertAdvisoriesBefore(
  store: { db: import('kysely').Kysely<import('../../../store/schema.js').Database> },
  records: readonly AdvisoryRecord[],
): Promise<void> {
  await store.db
    .insertInto('inspector_advisories')
    .values(
      records.map((r) => ({
        id: r.id,
        modified: r.modified,
        published: null,
        withdrawn: null,
        aliases: JSON.stringify(r.aliases),
        upstream: JSON.stringify(r.upstream),
        summary: null,
        details: null,
        severity: '[]',
        severity_text: null,
        refs: '[]',
        cwes: '[]',
        imported_at: 1,
      })),
    )
    .execute();
}
