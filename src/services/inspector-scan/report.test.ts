// ScanSbom's reports: advisories grouped into one vulnerability per CVE, severities, fixed versions, notes and counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AdvisoryMatch } from '../inspector2/advisories/matcher.js';
import { cycloneDxReport, inspectorReport, type ComponentResult } from './report.js';
import type { OutputComponent } from './sbom-input.js';

function match(
  id: string,
  opts: { aliases?: string[]; upstream?: string[]; severityText?: string; fixed?: string } = {},
): AdvisoryMatch {
  return {
    advisory: {
      id,
      modified: Date.UTC(2026, 0, 2),
      published: Date.UTC(2026, 0, 1),
      aliases: opts.aliases ?? [],
      upstream: opts.upstream ?? [],
      summary: `${id} summary`,
      severity: [],
      severityText: opts.severityText,
      references: [{ type: 'WEB', url: `https://example.invalid/${id}` }],
      cwes: [79],
    },
    affected: {
      advisoryId: id,
      ecosystem: 'Debian:12',
      ecosystemBase: 'Debian',
      name: 'x',
      nameKey: 'x',
      ranges: [],
      versions: [],
      severity: [],
    },
    fixedVersion: opts.fixed,
  };
}

const component = (ref: string, purl?: string): OutputComponent => ({
  'bom-ref': ref,
  type: 'library',
  name: ref,
  ...(purl ? { purl } : {}),
});

test('advisories naming the same CVE (as alias or upstream) are one vulnerability affecting every component', () => {
  const a = component('a', 'pkg:deb/debian/x@1.0-1');
  const b = component('b', 'pkg:deb/debian/y@1.0-1');
  const results: ComponentResult[] = [
    {
      component: a,
      scanned: true,
      debian: true,
      matches: [match('DEBIAN-CVE-2099-9', { upstream: ['CVE-2099-9'], fixed: '1.0-2' })],
    },
    {
      component: b,
      scanned: true,
      debian: true,
      matches: [match('GHSA-x', { aliases: ['CVE-2099-9'], severityText: 'HIGH' })],
    },
  ];
  const doc = cycloneDxReport(results, [a, b], '0.1.0') as Record<string, any>;
  assert.equal(doc.vulnerabilities.length, 1);
  const v = doc.vulnerabilities[0];
  assert.equal(v.id, 'CVE-2099-9');
  assert.deepEqual(v.affects, [{ ref: 'a' }, { ref: 'b' }]);
  assert.deepEqual(v.properties, [{ name: 'amazon:inspector:sbom_scanner:fixed_version:a', value: '0:1.0-2' }]);
  assert.equal(v.ratings.at(-1).severity, 'high');
  assert.deepEqual(
    v.advisories.map((x: { url: string }) => x.url),
    ['https://example.invalid/DEBIAN-CVE-2099-9', 'https://example.invalid/GHSA-x'],
  );
  assert.equal(doc.metadata.properties[1].value, '1');
});

test('an advisory without a CVE keeps its own id; unknown severity is "unknown" here and "untriaged" in INSPECTOR', () => {
  const c = component('c', 'pkg:npm/c@1.0.0');
  const clean = component('clean', 'pkg:npm/clean@1.0.0');
  const skipped = component('skipped', 'pkg:npm/skipped@1.0.0');
  const results: ComponentResult[] = [
    { component: c, scanned: true, debian: false, matches: [match('WARDEN-TEST-9', { fixed: '1.0.1' })] },
    { component: clean, scanned: true, debian: false, matches: [] },
    { component: skipped, scanned: false, debian: false, matches: [] },
  ];
  const inspector = inspectorReport(results) as Record<string, any>;
  assert.deepEqual(inspector.vulnerability_count, { critical: 0, high: 0, low: 0, medium: 0, other: 1 });
  assert.equal(inspector.vulnerabilities[0].id, 'WARDEN-TEST-9');
  assert.equal(inspector.vulnerabilities[0].severity, 'untriaged');
  assert.deepEqual(inspector.vulnerabilities[0].affects, [
    { installed_version: 'pkg:npm/c@1.0.0', fixed_version: '1.0.1' },
  ]);
  const doc = cycloneDxReport(results, [c, clean, skipped], '0.1.0') as Record<string, any>;
  assert.deepEqual(doc.vulnerabilities[0].ratings, [
    { severity: 'unknown', method: 'other', source: { name: 'AMAZON_INSPECTOR' } },
  ]);
  assert.deepEqual(
    doc.metadata.properties.map((p: { value: string }) => p.value),
    ['0', '0', '0', '0'],
  );
  assert.equal(c.properties, undefined);
  assert.deepEqual(clean.properties, [
    { name: 'amazon:inspector:sbom_scanner:info', value: 'Component scanned: no vulnerabilities found.' },
  ]);
  assert.deepEqual(skipped.properties, [
    { name: 'amazon:inspector:sbom_scanner:warning', value: 'Component skipped: no rules found.' },
  ]);
});
