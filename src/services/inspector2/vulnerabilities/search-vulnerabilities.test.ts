// SearchVulnerabilities' reading of the advisories on SQLite and PostgreSQL: a CVE found as an id, an alias or an
// upstream id, matched whole, withdrawn records left out; and how several advisories merge into one Vulnerability.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { advisoriesNamingCve, ecosystemsOf } from '../advisories/advisory-search.js';
import { upsertAdvisories } from '../advisories/advisory-store.js';
import { readOsvRecord, type AdvisoryRecord } from '../advisories/osv-record.js';
import { platformOf, vulnerabilityOf } from './search-vulnerabilities.js';

function record(doc: Record<string, unknown>): AdvisoryRecord {
  const r = readOsvRecord({ modified: '2026-01-01T00:00:00Z', ...doc });
  if ('error' in r) throw new Error(r.error);
  return r;
}

const RECORDS = [
  record({
    id: 'CVE-2099-0010',
    summary: 'the CVE itself',
    affected: [{ package: { ecosystem: 'Debian:12', name: 'a' } }],
  }),
  record({
    id: 'GHSA-aaaa-bbbb-cccc',
    aliases: ['CVE-2099-0010'],
    affected: [{ package: { ecosystem: 'npm', name: 'b' } }],
  }),
  record({ id: 'DEBIAN-CVE-2099-0010', upstream: ['CVE-2099-0010'] }),
  record({ id: 'GHSA-dddd-eeee-ffff', aliases: ['CVE-2099-00100'] }),
  record({ id: 'GHSA-gggg-hhhh-iiii', aliases: ['CVE-2099-0010'], withdrawn: '2026-01-02T00:00:00Z' }),
];

for (const backend of storeBackends()) {
  describe(`SearchVulnerabilities' advisory lookup on ${backend.name}`, { skip: backend.skip }, () => {
    test('finds the CVE as an id, an alias or an upstream id, whole, not withdrawn', async () => {
      const store = await backend.open();
      try {
        await upsertAdvisories(store, RECORDS, 1);
        const found = await advisoriesNamingCve(store.db, 'CVE-2099-0010');
        assert.deepEqual(
          found.map((a) => a.id),
          ['CVE-2099-0010', 'DEBIAN-CVE-2099-0010', 'GHSA-aaaa-bbbb-cccc'],
        );
        assert.deepEqual(
          (await advisoriesNamingCve(store.db, 'CVE-2099-00100')).map((a) => a.id),
          ['GHSA-dddd-eeee-ffff'],
        );
        assert.deepEqual(await advisoriesNamingCve(store.db, 'CVE-2099-001'), []);
        // Not a CVE id: no query is built from it.
        assert.deepEqual(await advisoriesNamingCve(store.db, "CVE-2099-%' OR 1=1"), []);
        assert.deepEqual(
          await ecosystemsOf(
            store.db,
            found.map((a) => a.id),
          ),
          ['Debian:12', 'npm'],
        );
        assert.deepEqual(await ecosystemsOf(store.db, []), []);
      } finally {
        await store.close();
      }
    });
  });
}

test('platformOf spells ecosystems as platforms', () => {
  assert.equal(platformOf('Debian:12'), 'DEBIAN_12');
  assert.equal(platformOf('Ubuntu:22.04:LTS'), 'UBUNTU_22_04_LTS');
  assert.equal(platformOf('PyPI'), 'PYPI');
  assert.equal(platformOf('npm'), 'NPM');
});

test('vulnerabilityOf: the CVE record first, lists merged, versions from the first advisory scoring them', () => {
  const stored = (r: AdvisoryRecord) => ({ ...r, affected: undefined });
  const cve = stored(
    record({
      id: 'CVE-2099-0020',
      published: '2026-02-01T00:00:00Z',
      modified: '2026-02-03T00:00:00Z',
      details: 'own words',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      database_specific: { cwe_ids: ['CWE-79'] },
      references: [{ type: 'WEB', url: 'https://example.invalid/a' }],
    }),
  );
  const other = stored(
    record({
      id: 'GHSA-zzzz-zzzz-zzzz',
      aliases: ['CVE-2099-0020', 'PYSEC-2099-1'],
      published: '2026-01-15T00:00:00Z',
      modified: '2026-03-01T00:00:00Z',
      summary: 'other words',
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' },
        { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
      ],
      database_specific: { severity: 'MODERATE', cwe_ids: ['CWE-79', 'CWE-20'] },
      references: [
        { type: 'WEB', url: 'https://example.invalid/a' },
        { type: 'WEB', url: 'https://example.invalid/b' },
      ],
    }),
  );
  const v = vulnerabilityOf('CVE-2099-0020', [other, cve], ['npm', 'Debian:12']);
  assert.deepEqual(v, {
    id: 'CVE-2099-0020',
    source: 'OSV',
    cwes: ['CWE-79', 'CWE-20'],
    description: 'own words',
    cvss3: { baseScore: 9.8, scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    cvss2: { baseScore: 7.5, scoringVector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
    relatedVulnerabilities: ['GHSA-zzzz-zzzz-zzzz', 'PYSEC-2099-1'],
    vendorSeverity: 'MODERATE',
    vendorCreatedAt: new Date('2026-01-15T00:00:00Z'),
    vendorUpdatedAt: new Date('2026-03-01T00:00:00Z'),
    sourceUrl: 'https://osv.dev/vulnerability/CVE-2099-0020',
    referenceUrls: ['https://example.invalid/a', 'https://example.invalid/b'],
    detectionPlatforms: ['NPM', 'DEBIAN_12'],
  });
  // Without a severity word, the newest complete vector rates it; without any, vendorSeverity is left out.
  const plain = { ...cve, severityText: undefined };
  assert.equal(vulnerabilityOf('CVE-2099-0020', [plain], []).vendorSeverity, 'CRITICAL');
  assert.equal(vulnerabilityOf('CVE-2099-0020', [{ ...plain, severity: [] }], []).vendorSeverity, undefined);
});
