// Inspector Scan end to end: OSV fixture advisories imported beside a running server, then ScanSbom (signed with SigV4
// as an SDK signs it; no Inspector Scan SDK client is installed) on CycloneDX and SPDX documents and on this
// project's own `npm sbom` output, in both output formats, with AWS's validation errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { send, signRequest } from '../helpers/raw.js';
import { waitFor } from '../helpers/wait.js';
import { runImportAdvisories } from '../../src/cli-inspector.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/osv/', import.meta.url));
const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));
/** The oracle for npm version ranges: the semver package npm itself uses. */
const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean };

let w: TestWarden;

before(async () => {
  w = await startWarden();
  const summary = await runImportAdvisories(FIXTURES, { dataDir: w.dataDir }, {});
  assert.match(summary, /4 added, 0 updated, 0 unchanged, 0 rejected/);
});

after(async () => {
  await w.stop();
});

interface Answer {
  status: number;
  body: Record<string, any>;
}

async function scanSbom(
  input: Record<string, unknown>,
  credentials: { accessKeyId: string; secretAccessKey: string } = w.credentials,
): Promise<Answer> {
  const signed = await signRequest(
    w.endpoint,
    {
      method: 'POST',
      path: '/scan/sbom',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    },
    { service: 'inspector-scan', ...credentials },
  );
  const res = await send(signed);
  return { status: res.status, body: JSON.parse(res.body) as Record<string, any> };
}

const NS = 'amazon:inspector:sbom_scanner';
const prop = (props: { name: string; value: string }[] | undefined, name: string) =>
  props?.find((p) => p.name === name)?.value;

/** A CycloneDX 1.5 SBOM of vulnerable and fixed versions of the fixture packages, one nested. */
const FIXTURE_SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  version: 1,
  components: [
    { 'bom-ref': 'os', type: 'operating-system', name: 'debian', version: '12' },
    {
      'bom-ref': 'libssl3',
      type: 'library',
      name: 'libssl3',
      version: '3.0.11-1~deb12u1',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12',
    },
    {
      'bom-ref': 'openssl-fixed',
      type: 'library',
      name: 'openssl',
      version: '3.0.11-1~deb12u2',
      purl: 'pkg:deb/debian/openssl@3.0.11-1%7Edeb12u2?arch=amd64&distro=bookworm',
    },
    {
      'bom-ref': 'left-pad-old',
      type: 'library',
      name: 'left-pad-fixture',
      version: '1.3.0',
      purl: 'pkg:npm/left-pad-fixture@1.3.0',
      components: [
        {
          'bom-ref': 'left-pad-new',
          type: 'library',
          name: 'left-pad-fixture',
          purl: 'pkg:npm/left-pad-fixture@2.1.0',
        },
      ],
    },
    { type: 'library', name: 'fixture_requests', purl: 'pkg:pypi/fixture_requests@2.5.post1' },
    { 'bom-ref': 'unknown', type: 'library', name: 'not-in-any-advisory', purl: 'pkg:npm/not-in-any-advisory@1.0.0' },
  ],
};

test('ScanSbom answers exactly the fixture vulnerabilities in CycloneDX 1.5', async () => {
  const { status, body } = await scanSbom({ sbom: FIXTURE_SBOM });
  assert.equal(status, 200);
  const sbom = body.sbom;
  assert.equal(sbom.bomFormat, 'CycloneDX');
  assert.equal(sbom.specVersion, '1.5');
  assert.match(sbom.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.deepEqual(sbom.metadata.properties, [
    { name: `${NS}:critical_vulnerabilities`, value: '1' },
    { name: `${NS}:high_vulnerabilities`, value: '1' },
    { name: `${NS}:medium_vulnerabilities`, value: '1' },
    { name: `${NS}:low_vulnerabilities`, value: '0' },
  ]);
  assert.equal(sbom.metadata.tools.services[0].name, 'Amazon Inspector Scan SBOM API');

  const vulns = sbom.vulnerabilities as Record<string, any>[];
  assert.deepEqual(
    vulns.map((v) => ({ id: v.id, affects: v.affects, properties: v.properties })),
    [
      {
        id: 'CVE-2099-0001',
        affects: [{ ref: 'libssl3' }],
        properties: [{ name: `${NS}:fixed_version:libssl3`, value: '0:3.0.11-1~deb12u2' }],
      },
      {
        id: 'CVE-2099-0002',
        affects: [{ ref: 'left-pad-old' }],
        properties: [{ name: `${NS}:fixed_version:left-pad-old`, value: '1.3.1' }],
      },
      // No fixed version is known (last_affected), so no fixed_version property.
      { id: 'CVE-2099-0003', affects: [{ ref: 'comp-1' }], properties: [] },
    ],
  );
  const first = vulns[0]!;
  assert.equal(first['bom-ref'], 'vuln-1');
  assert.equal(first.created, '2026-01-05T00:00:00Z');
  assert.equal(first.updated, '2026-01-10T00:00:00Z');
  assert.deepEqual(first.cwes, [125]);
  assert.deepEqual(first.advisories, [{ url: 'https://example.invalid/advisories/WARDEN-TEST-0001' }]);
  assert.deepEqual(first.ratings, [
    {
      score: 9.8,
      method: 'CVSSv31',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      source: { name: 'OSV', url: 'https://osv.dev/vulnerability/WARDEN-TEST-0001' },
    },
    {
      severity: 'critical',
      method: 'other',
      source: { name: 'OSV', url: 'https://osv.dev/vulnerability/WARDEN-TEST-0001' },
    },
  ]);
  assert.match(first.description, /made-up advisory/);

  // Components keep their bom-refs (one without gets comp-N) and nesting, with Inspector's notes on the clean ones.
  const components = sbom.components as Record<string, any>[];
  assert.deepEqual(
    components.map((c) => c['bom-ref']),
    ['os', 'libssl3', 'openssl-fixed', 'left-pad-old', 'comp-1', 'unknown'],
  );
  assert.equal(components[0]!.properties, undefined);
  assert.equal(components[1]!.properties, undefined);
  assert.equal(prop(components[2]!.properties, `${NS}:info`), 'Component scanned: no vulnerabilities found.');
  assert.equal(
    prop(components[3]!.components[0].properties, `${NS}:info`),
    'Component scanned: no vulnerabilities found.',
  );
  assert.equal(prop(components[5]!.properties, `${NS}:warning`), 'Component skipped: no rules found.');
});

test("ScanSbom answers Inspector's own format when asked", async () => {
  const { status, body } = await scanSbom({ sbom: FIXTURE_SBOM, outputFormat: 'INSPECTOR' });
  assert.equal(status, 200);
  const report = body.sbom;
  assert.deepEqual(report.vulnerability_count, { critical: 1, high: 1, low: 0, medium: 1, other: 0 });
  assert.deepEqual(
    report.vulnerabilities.map((v: Record<string, any>) => [v.id, v.severity, v.affects]),
    [
      [
        'CVE-2099-0001',
        'critical',
        [
          {
            installed_version: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12',
            fixed_version: '0:3.0.11-1~deb12u2',
          },
        ],
      ],
      ['CVE-2099-0002', 'medium', [{ installed_version: 'pkg:npm/left-pad-fixture@1.3.0', fixed_version: '1.3.1' }]],
      ['CVE-2099-0003', 'high', [{ installed_version: 'pkg:pypi/fixture_requests@2.5.post1' }]],
    ],
  );
  assert.deepEqual(report.messages, [
    {
      info_message: 'Component scanned: no vulnerabilities found.',
      purl: 'pkg:deb/debian/openssl@3.0.11-1%7Edeb12u2?arch=amd64&distro=bookworm',
    },
    { info_message: 'Component scanned: no vulnerabilities found.', purl: 'pkg:npm/left-pad-fixture@2.1.0' },
    { info_message: 'Component skipped: no rules found.', purl: 'pkg:npm/not-in-any-advisory@1.0.0' },
  ]);
});

test('ScanSbom reads SPDX 2.3 packages by their purl references', async () => {
  const spdx = {
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'fixture',
    packages: [
      {
        SPDXID: 'SPDXRef-Package-npm-left-pad-fixture',
        name: 'left-pad-fixture',
        versionInfo: '2.0.0',
        externalRefs: [
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'pkg:npm/left-pad-fixture@2.0.0',
          },
        ],
      },
      { SPDXID: 'SPDXRef-Package-no-purl', name: 'something', versionInfo: '1.0' },
    ],
  };
  const { status, body } = await scanSbom({ sbom: spdx });
  assert.equal(status, 200);
  assert.deepEqual(
    body.sbom.vulnerabilities.map((v: Record<string, any>) => [v.id, v.affects, v.properties]),
    [
      [
        'CVE-2099-0002',
        [{ ref: 'SPDXRef-Package-npm-left-pad-fixture' }],
        [{ name: `${NS}:fixed_version:SPDXRef-Package-npm-left-pad-fixture`, value: '2.1.0' }],
      ],
    ],
  );
});

test('ScanSbom refuses what is not a supported SBOM with a ValidationException', async () => {
  const cases: [unknown, string][] = [
    [{ hello: 'world' }, 'UNSUPPORTED_SBOM_TYPE'],
    [{ bomFormat: 'CycloneDX', specVersion: '1.2', components: [] }, 'UNSUPPORTED_SBOM_TYPE'],
    [{ spdxVersion: 'SPDX-2.2', packages: [] }, 'UNSUPPORTED_SBOM_TYPE'],
    [{ bomFormat: 'CycloneDX', specVersion: '1.5', components: 'nope' }, 'CANNOT_PARSE'],
    [
      {
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: Array.from({ length: 2001 }, (_, i) => ({
          type: 'library',
          name: `p${i}`,
          purl: `pkg:npm/p${i}@1.0.0`,
        })),
      },
      'FIELD_VALIDATION_FAILED',
    ],
  ];
  for (const [sbom, reason] of cases) {
    const { status, body } = await scanSbom({ sbom });
    assert.equal(status, 400, JSON.stringify(sbom).slice(0, 80));
    assert.equal(body.reason, reason);
    assert.equal(typeof body.message, 'string');
  }
  // The model's own checks: a missing sbom, an outputFormat outside its enum.
  assert.equal((await scanSbom({})).status, 400);
  assert.equal((await scanSbom({ sbom: FIXTURE_SBOM, outputFormat: 'SPDX' })).status, 400);
  // A format the model names but AWS does not document is not guessed at.
  const alt = await scanSbom({ sbom: FIXTURE_SBOM, outputFormat: 'INSPECTOR_ALT' });
  assert.equal(alt.status, 501);
  assert.match(alt.body.message ?? alt.body.Message, /INSPECTOR_ALT/);
});

test("ScanSbom on this project's own npm sbom answers a well-formed CycloneDX document", async (t) => {
  // An extra advisory for the semver package (which this checkout installs), so real lockfile versions must match:
  // affected from 7.0.0 until 7.999.0, the oracle being the semver package's own range check.
  const dir = await mkdtemp(join(tmpdir(), 'warden-osv-semver-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'WARDEN-TEST-0100.json'),
    JSON.stringify({
      id: 'WARDEN-TEST-0100',
      modified: '2026-04-01T00:00:00Z',
      summary: 'Test fixture: a made-up advisory naming the semver package',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'semver' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '7.0.0' }, { fixed: '7.999.0' }] }],
        },
      ],
    }),
  );
  await runImportAdvisories(dir, { dataDir: w.dataDir }, {});

  const { stdout } = await promisify(execFile)('npm', ['sbom', '--sbom-format', 'cyclonedx'], {
    cwd: CHECKOUT,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const input = JSON.parse(stdout) as { components: Record<string, any>[] };
  const flat: Record<string, any>[] = [];
  const stack = [...input.components];
  while (stack.length > 0) {
    const c = stack.shift()!;
    flat.push(c);
    stack.push(...((c.components as Record<string, any>[] | undefined) ?? []));
  }

  const { status, body } = await scanSbom({ sbom: input });
  assert.equal(status, 200);
  const sbom = body.sbom;
  assert.equal(sbom.bomFormat, 'CycloneDX');
  assert.equal(sbom.specVersion, '1.5');
  assert.match(sbom.serialNumber, /^urn:uuid:/);
  assert.equal(sbom.metadata.properties.length, 4);
  assert.ok(!Number.isNaN(Date.parse(sbom.metadata.timestamp)));
  const out: Record<string, any>[] = [];
  const outStack = [...sbom.components];
  while (outStack.length > 0) {
    const c = outStack.shift()!;
    out.push(c);
    outStack.push(...((c.components as Record<string, any>[] | undefined) ?? []));
  }
  assert.equal(out.length, flat.length);
  const refs = new Set(out.map((c) => c['bom-ref']));
  assert.equal(refs.size, out.length, 'bom-refs are unique');

  const expected = flat
    .filter((c) => c.name === 'semver' && semver.satisfies(c.version, '>=7.0.0 <7.999.0'))
    .map((c) => c['bom-ref'] as string)
    .sort();
  assert.ok(expected.length > 0, 'this checkout installs a semver 7');
  const vulns = (sbom.vulnerabilities ?? []) as Record<string, any>[];
  assert.deepEqual(
    vulns.map((v) => v.id),
    ['WARDEN-TEST-0100'],
  );
  assert.deepEqual(vulns[0]!.affects.map((a: { ref: string }) => a.ref).sort(), expected);
  for (const v of vulns) for (const a of v.affects) assert.ok(refs.has(a.ref), `${a.ref} names a component`);
  // Every other npm component was either checked clean or skipped, and says so.
  for (const c of out)
    if (c.purl?.startsWith('pkg:npm/') && !expected.includes(c['bom-ref']))
      assert.ok(prop(c.properties, `${NS}:info`) ?? prop(c.properties, `${NS}:warning`), c['bom-ref']);
});

test('a caller without inspector-scan:ScanSbom is denied; one allowed it scans', async () => {
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: 'scanner' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'scanner' }))).AccessKey!;
  const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const denied = await scanSbom({ sbom: FIXTURE_SBOM }, creds);
  assert.equal(denied.status, 403);
  assert.match(denied.body.message ?? denied.body.Message, /inspector-scan:ScanSbom/);
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'scanner',
      PolicyName: 'scan',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'inspector-scan:ScanSbom', Resource: '*' }],
      }),
    }),
  );
  const allowed = await waitFor(
    async () => {
      const r = await scanSbom({ sbom: FIXTURE_SBOM }, creds);
      return r.status === 200 ? r : undefined;
    },
    { what: 'the new user policy to allow ScanSbom' },
  );
  assert.equal(allowed.body.sbom.vulnerabilities.length, 3);
});

test('ScanSbom calls are in the trail under inspector-scan.amazonaws.com', async () => {
  const ct = new CloudTrailClient(w.clientConfig);
  const events = await waitFor(
    async () => {
      const r = await ct.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'inspector-scan.amazonaws.com' }],
        }),
      );
      return (r.Events ?? []).length > 0 ? r.Events : undefined;
    },
    { what: 'ScanSbom records in the trail', timeoutMs: 20_000 },
  );
  assert.ok(events!.every((e) => e.EventName === 'ScanSbom'));
  const record = JSON.parse(events!.find((e) => !JSON.parse(e.CloudTrailEvent!).errorCode)!.CloudTrailEvent!);
  assert.equal(record.responseElements, null, 'the report is not copied into the trail');
});
