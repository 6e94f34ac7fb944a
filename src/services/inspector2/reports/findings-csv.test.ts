// The findings report CSV: AWS's 55 headings, every field quoted with inner quotes doubled, lists joined, times ISO.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../aws/generated/inspector2.js';
import { CSV_HEADINGS, csvHeader, csvRow, iso } from './findings-csv.js';

const finding = {
  findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/abc',
  awsAccountId: '123456789012',
  type: 'PACKAGE_VULNERABILITY',
  title: 'CVE-1 - openssl, "quoted", comma',
  description: 'line one\nline two',
  severity: 'HIGH',
  status: 'ACTIVE',
  firstObservedAt: new Date('2026-01-01T00:00:00Z'),
  lastObservedAt: new Date('2026-01-02T00:00:00Z'),
  updatedAt: new Date('2026-01-03T00:00:00Z'),
  resources: [{ type: 'AWS_EC2_INSTANCE', id: 'mi-0123456789abcdef0', region: 'us-east-1' }],
  packageVulnerabilityDetails: {
    vulnerabilityId: 'CVE-1',
    source: 'OSV',
    vendorCreatedAt: 1767225600 as unknown as Date,
    vulnerablePackages: [
      {
        name: 'openssl',
        version: '3.0.11',
        release: '1~deb12u1',
        epoch: 0,
        packageManager: 'OS',
        fixedInVersion: '0:3.0.11-1~deb12u2',
      },
      { name: 'libssl3', version: '3.0.11', release: '1~deb12u1', epoch: 1, packageManager: 'OS' },
    ],
    cvss: [{ baseScore: 7.5, scoringVector: 'CVSS:3.1/AV:N', version: '3.1', source: 'OSV' }],
  },
} as unknown as Finding;

describe('findings report CSV', () => {
  test("AWS's headings, in order", () => {
    assert.equal(CSV_HEADINGS.length, 55);
    assert.equal(csvHeader().split(',')[0], '"AWS Account Id"');
    assert.equal(CSV_HEADINGS.at(-1), 'Package Manager');
  });

  test('a row: one quoted field per heading, quotes doubled, packages joined, vendor times from epoch seconds', () => {
    const row = csvRow(finding, Date.parse('2026-01-11T00:00:00Z'));
    assert.ok(row.endsWith('\r\n'));
    const at = (h: string) => CSV_HEADINGS.indexOf(h);
    // Split on the separators between quoted fields (no field here ends with a quote).
    const fields = row
      .slice(1, -3)
      .split('","')
      .map((f) => f.replace(/""/g, '"'));
    assert.equal(fields.length, 55);
    assert.equal(fields[at('Title')], 'CVE-1 - openssl, "quoted", comma');
    assert.equal(fields[at('Description')], 'line one\nline two');
    assert.equal(fields[at('Affected Packages')], 'openssl, libssl3');
    assert.equal(fields[at('Package Installed Version')], '3.0.11-1~deb12u1, 1:3.0.11-1~deb12u1');
    assert.equal(fields[at('Fixed in Version')], '0:3.0.11-1~deb12u2, ');
    assert.equal(fields[at('Age (Days)')], '10');
    assert.equal(fields[at('First Seen')], '2026-01-01T00:00:00.000Z');
    assert.equal(fields[at('Vendor Advisory Published')], '2026-01-01T00:00:00.000Z');
    assert.equal(fields[at('Vendor CVSS3 Score')], '7.5');
    assert.equal(fields[at('Vendor CVSS2 Score')], '');
    assert.equal(fields[at('Package Manager')], 'OS');
    assert.equal(fields[at('Resource ID')], 'mi-0123456789abcdef0');
  });

  test('iso: Dates and epoch seconds; nothing for a non-finite number', () => {
    assert.equal(iso(new Date(0)), '1970-01-01T00:00:00.000Z');
    assert.equal(iso(1.5), '1970-01-01T00:00:01.500Z');
    assert.equal(iso(Number.NaN), undefined);
    assert.equal(iso(undefined), undefined);
  });
});
