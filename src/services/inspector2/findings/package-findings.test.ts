// Installed packages read from AWS:Application entries, and package findings grouped by vulnerability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installedPackages, osEcosystem } from './installed-packages.js';
import { packageFindings } from './package-findings.js';
import type { AdvisoryMatch } from '../advisories/matcher.js';

test('the OS ecosystem comes from os-release; dpkg versions split as Inspector reports them', () => {
  assert.equal(osEcosystem('Debian GNU/Linux', '12'), 'Debian:12');
  assert.equal(osEcosystem('Debian GNU/Linux', '11.9'), 'Debian:11');
  assert.equal(osEcosystem('Ubuntu', '22.04'), 'Ubuntu:22.04');
  assert.equal(osEcosystem(undefined, undefined), 'Debian');
  const [libssl, npm, py] = installedPackages(
    [
      {
        Name: 'libssl3',
        Version: '1:3.0.11-1~deb12u1',
        Architecture: 'amd64',
        PackageId: 'pkg:deb/debian/libssl3@1%3A3.0.11-1~deb12u1?arch=amd64&upstream=openssl',
      },
      { Name: '@scope/x', Version: '1.0.0', PackageId: 'pkg:npm/%40scope/x@1.0.0' },
      { Name: 'Fixture_Requests', Version: '2.0', PackageId: 'pkg:pypi/fixture-requests@2.0' },
      { Name: 'no-purl', Version: '1' },
    ],
    'Debian:12',
  );
  assert.deepEqual(libssl, {
    query: { ecosystem: 'Debian:12', name: 'openssl', version: '1:3.0.11-1~deb12u1' },
    name: 'libssl3',
    version: '3.0.11',
    epoch: 1,
    release: '1~deb12u1',
    arch: 'amd64',
    packageManager: 'OS',
  });
  assert.deepEqual(npm!.query, { ecosystem: 'npm', name: '@scope/x', version: '1.0.0' });
  assert.equal(py!.packageManager, 'PYTHONPKG');
});

test('one finding per vulnerability; fixAvailable PARTIAL when only some packages have a fix', () => {
  const advisory = {
    id: 'GHSA-x',
    modified: 2000,
    aliases: ['CVE-2099-1'],
    upstream: [],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N' }],
    references: [],
    cwes: [],
  };
  const affected = {
    advisoryId: 'GHSA-x',
    ecosystem: 'npm',
    ecosystemBase: 'npm',
    name: 'a',
    nameKey: 'a',
    ranges: [],
    versions: [],
    severity: [],
  };
  const pkgs = installedPackages(
    [
      { Name: 'a', Version: '1.0.0', PackageId: 'pkg:npm/a@1.0.0' },
      { Name: 'b', Version: '1.0.0', PackageId: 'pkg:npm/b@1.0.0' },
    ],
    'Debian',
  );
  const matches: AdvisoryMatch[][] = [[{ advisory, affected, fixedVersion: '1.0.1' }], [{ advisory, affected }]];
  const [f, ...rest] = packageFindings('mi-0', pkgs, matches);
  assert.equal(rest.length, 0);
  assert.equal(f!.vulnerabilityId, 'CVE-2099-1');
  // No severity word: the CVSS base score's rating (5.3 → MEDIUM).
  assert.equal(f!.severity, 'MEDIUM');
  assert.equal(f!.inspectorScore, 5.3);
  assert.equal(f!.fields.fixAvailable, 'PARTIAL');
  const details = f!.fields.packageVulnerabilityDetails as {
    vulnerablePackages: { name: string; fixedInVersion: string }[];
    relatedVulnerabilities: string[];
  };
  assert.deepEqual(
    details.vulnerablePackages.map((p) => [p.name, p.fixedInVersion]),
    [
      ['a', '1.0.1'],
      ['b', 'NotAvailable'],
    ],
  );
  assert.deepEqual(details.relatedVulnerabilities, ['GHSA-x']);
});
