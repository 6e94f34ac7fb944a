// Inspector2 SearchVulnerabilities and ListFindingAggregations end to end with the SDK v3 client: CVEs built from the
// fixture advisories (scores computed here from the CVSS specifications' formulas, not by Warden's library), every
// aggregation type against what ListFindings lists, sorting, paging and suppression; a second account sees none of
// the first's aggregations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateFilterCommand,
  DeleteFilterCommand,
  EnableCommand,
  Inspector2Client,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  SearchVulnerabilitiesCommand,
  type AggregationRequest,
  type AggregationResponse,
  type AggregationType,
  type Finding,
  type ListFindingAggregationsCommandInput,
} from '@aws-sdk/client-inspector2';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DEB_BEFORE, OSV, registerHost, run, writeRoot } from '../helpers/inspector2-host.js';

const SEARCH_FIXTURES = fileURLToPath(new URL('../fixtures/osv-search/', import.meta.url));

/** CVSS v3.1 base score by the specification's formulas (section 7.1) and its Roundup (Appendix A). */
function cvss31(vector: string): number {
  const m = Object.fromEntries(vector.split('/').map((p) => p.split(':'))) as Record<string, string>;
  const changed = m.S === 'C';
  const av = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }[m.AV!]!;
  const ac = { L: 0.77, H: 0.44 }[m.AC!]!;
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[m.PR!]!;
  const ui = { N: 0.85, R: 0.62 }[m.UI!]!;
  const cia = (x: string) => ({ H: 0.56, L: 0.22, N: 0 })[x]!;
  const iss = 1 - (1 - cia(m.C!)) * (1 - cia(m.I!)) * (1 - cia(m.A!));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  const roundup = (x: number) => {
    const i = Math.round(x * 100000);
    return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
  };
  if (impact <= 0) return 0;
  return roundup(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

/** CVSS v2 base score by the v2 guide's equations (section 3.2.1). */
function cvss2(vector: string): number {
  const m = Object.fromEntries(vector.split('/').map((p) => p.split(':'))) as Record<string, string>;
  const cia = (x: string) => ({ N: 0, P: 0.275, C: 0.66 })[x]!;
  const impact = 10.41 * (1 - (1 - cia(m.C!)) * (1 - cia(m.I!)) * (1 - cia(m.A!)));
  const exploitability =
    20 *
    { L: 0.395, A: 0.646, N: 1 }[m.AV!]! *
    { H: 0.35, M: 0.61, L: 0.71 }[m.AC!]! *
    { M: 0.45, S: 0.56, N: 0.704 }[m.Au!]!;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}

/** Severity counts as the installed SDK reads them (it drops the newer model's low, informational and untriaged). */
function sev(fs: readonly Finding[]): Record<string, number> {
  const c: Record<string, number> = { all: fs.length, critical: 0, high: 0, medium: 0 };
  for (const f of fs) {
    const k = f.severity!.toLowerCase();
    if (k in c && k !== 'all') c[k]!++;
  }
  return c;
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err: any) {
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  return assert.fail('expected a rejection');
}

describe('Inspector2 SearchVulnerabilities and finding aggregations', () => {
  let w: TestWarden;
  let work: string;
  let inspector: Inspector2Client;
  let instanceId: string;
  let active: Finding[];

  async function findings(): Promise<Finding[]> {
    const all: Finding[] = [];
    let nextToken: string | undefined;
    do {
      const page = await inspector.send(new ListFindingsCommand({ maxResults: 100, nextToken }));
      all.push(...(page.findings ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  }

  /** Every page of one aggregation, `maxResults` at a time. */
  async function aggregate(
    input: ListFindingAggregationsCommandInput,
    client: Inspector2Client = inspector,
  ): Promise<AggregationResponse[]> {
    const all: AggregationResponse[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListFindingAggregationsCommand({ ...input, nextToken }));
      assert.equal(page.aggregationType, input.aggregationType);
      all.push(...(page.responses ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  }

  before(async () => {
    w = await startWarden();
    work = await mkdtemp(join(tmpdir(), 'warden-inspector2-agg-'));
    const root = join(work, 'root');
    await writeRoot(root, DEB_BEFORE);
    inspector = new Inspector2Client(w.clientConfig);
    for (const folder of [OSV, SEARCH_FIXTURES]) {
      const imported = await run(['inspector', 'import-advisories', folder, '--data-dir', w.dataDir]);
      assert.equal(imported.code, 0, imported.stderr);
    }
    instanceId = await registerHost(w, root, join(work, 'state'));
    await inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));
    // The evaluator runs in the background: three package findings (openssl's, left-pad's, lodash's) and port 22.
    const deadline = Date.now() + 60_000;
    for (;;) {
      active = (await findings()).filter((f) => f.status === 'ACTIVE');
      if (active.length >= 4) break;
      if (Date.now() > deadline) assert.fail(`findings not evaluated: ${JSON.stringify(active).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    inspector?.destroy();
    await w?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('SearchVulnerabilities merges every advisory naming the CVE, scores computed from the vectors', async () => {
    const cveRecord = JSON.parse(await readFile(join(SEARCH_FIXTURES, 'CVE-2099-0101.json'), 'utf8'));
    const ghsa = JSON.parse(await readFile(join(SEARCH_FIXTURES, 'WARDEN-TEST-S002.json'), 'utf8'));
    const vector = (type: string) => cveRecord.severity.find((s: { type: string }) => s.type === type).score as string;
    const out = await inspector.send(
      new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: ['CVE-2099-0101'] } }),
    );
    assert.equal(out.nextToken, undefined);
    assert.deepEqual(out.vulnerabilities, [
      {
        id: 'CVE-2099-0101',
        source: 'OSV',
        // The CVE's own record speaks first; the other advisory adds its CWE, id, references and severity word.
        description: cveRecord.details,
        cwes: ['CWE-787', 'CWE-122', 'CWE-1321'],
        cvss2: { baseScore: cvss2(vector('CVSS_V2')), scoringVector: vector('CVSS_V2') },
        cvss3: { baseScore: cvss31(vector('CVSS_V3')), scoringVector: vector('CVSS_V3') },
        // FIRST's CVSS v4.0 calculator scores this vector (no subsequent-system impact) 9.3.
        cvss4: { baseScore: 9.3, scoringVector: vector('CVSS_V4') },
        relatedVulnerabilities: ['WARDEN-TEST-S002'],
        vendorSeverity: ghsa.database_specific.severity,
        vendorCreatedAt: new Date(cveRecord.published),
        vendorUpdatedAt: new Date(ghsa.modified),
        sourceUrl: 'https://osv.dev/vulnerability/CVE-2099-0101',
        referenceUrls: [
          'https://example.invalid/nvd/CVE-2099-0101',
          'https://example.invalid/advisories/shared',
          'https://example.invalid/advisories/WARDEN-TEST-S002',
        ],
        detectionPlatforms: ['DEBIAN_12', 'NPM'],
      },
    ]);

    const openssl = JSON.parse(await readFile(join(OSV, 'WARDEN-TEST-0001.json'), 'utf8'));
    const one = (
      await inspector.send(
        new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: ['CVE-2099-0001'] } }),
      )
    ).vulnerabilities![0]!;
    assert.deepEqual(one.cvss3, {
      baseScore: cvss31(openssl.severity[0].score),
      scoringVector: openssl.severity[0].score,
    });
    assert.equal(one.cvss3?.baseScore, 9.8);
    assert.equal(one.cvss2, undefined);
    assert.equal(one.cvss4, undefined);
    assert.equal(one.vendorSeverity, 'CRITICAL');
    assert.deepEqual(one.cwes, ['CWE-125']);
    assert.deepEqual(one.relatedVulnerabilities, ['WARDEN-TEST-0001']);
    assert.equal(one.sourceUrl, 'https://osv.dev/vulnerability/WARDEN-TEST-0001');
    assert.deepEqual(one.detectionPlatforms, ['DEBIAN_12']);
    // No EPSS, CISA or exploit data source: left out, not guessed.
    for (const k of ['epss', 'exploitObserved', 'cisaData', 'atigData'] as const) assert.equal(one[k], undefined);

    // Withdrawn, unknown, and a prefix of a known CVE: nothing.
    for (const id of ['CVE-2099-0004', 'CVE-2099-9999', 'CVE-2099-000'])
      assert.deepEqual(
        (await inspector.send(new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: [id] } })))
          .vulnerabilities,
        [],
        id,
      );
  });

  test('SearchVulnerabilities refuses what the model refuses, and a token it never gave', async () => {
    const bad = await rejection(
      inspector.send(new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: ['WARDEN-TEST-0001'] } })),
    );
    assert.equal(bad.name, 'ValidationException');
    assert.equal(bad.status, 400);
    assert.equal(
      bad.message,
      "1 validation error detected: Value 'WARDEN-TEST-0001' at 'filterCriteria.vulnerabilityIds.1.member' failed to " +
        'satisfy constraint: Member must satisfy regular expression pattern: CVE-[12][0-9]{3}-[0-9]{1,10}',
    );
    const two = await rejection(
      inspector.send(
        new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: ['CVE-2099-0001', 'CVE-2099-0002'] } }),
      ),
    );
    assert.equal(two.name, 'ValidationException');
    assert.match(two.message, /Member must have length less than or equal to 1/);
    const none = await rejection(
      inspector.send(new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: [] } })),
    );
    assert.equal(none.name, 'ValidationException');
    const token = await rejection(
      inspector.send(
        new SearchVulnerabilitiesCommand({
          filterCriteria: { vulnerabilityIds: ['CVE-2099-0001'] },
          nextToken: 'not-a-token',
        }),
      ),
    );
    assert.deepEqual([token.name, token.message], ['ValidationException', 'The provided pagination token is invalid.']);
  });

  test('FINDING_TYPE, PACKAGE and AWS_EC2_INSTANCE count what ListFindings lists', async () => {
    const pkg = active.filter((f) => f.type === 'PACKAGE_VULNERABILITY');
    const net = active.filter((f) => f.type === 'NETWORK_REACHABILITY');
    assert.equal(pkg.length, 3);
    assert.equal(net.length, 1);
    for (const [findingType, fs] of [
      ['PACKAGE_VULNERABILITY', pkg],
      ['NETWORK_REACHABILITY', net],
    ] as const)
      assert.deepEqual(
        await aggregate({
          aggregationType: 'FINDING_TYPE',
          aggregationRequest: { findingTypeAggregation: { findingType } },
        }),
        [
          {
            findingTypeAggregation: {
              accountId: w.accountId,
              severityCounts: sev(fs),
              exploitAvailableCount: 0,
              fixAvailableCount: fs.filter((f) => f.fixAvailable === 'YES').length,
            },
          },
        ],
      );

    // PACKAGE: one group per vulnerable package name, counting each finding that lists it.
    const byName = new Map<string, Finding[]>();
    for (const f of pkg)
      for (const p of f.packageVulnerabilityDetails!.vulnerablePackages!)
        byName.set(p.name!, [...(byName.get(p.name!) ?? []), f]);
    assert.deepEqual([...byName.keys()].sort(), ['left-pad-fixture', 'libssl3', 'lodash', 'openssl']);
    const packages = await aggregate({ aggregationType: 'PACKAGE', maxResults: 1 });
    assert.deepEqual(
      new Map(packages.map((r) => [r.packageAggregation!.packageName!, r.packageAggregation!.severityCounts])),
      new Map([...byName].map(([name, fs]) => [name, sev(fs)])),
    );
    assert.ok(packages.every((r) => r.packageAggregation?.accountId === w.accountId));
    // Sorted by critical counts (the default), descending, ties by name: openssl's two packages first.
    assert.deepEqual(
      packages.map((r) => r.packageAggregation!.packageName),
      ['libssl3', 'openssl', 'left-pad-fixture', 'lodash'],
    );
    const byHigh = await aggregate({
      aggregationType: 'PACKAGE',
      aggregationRequest: { packageAggregation: { sortBy: 'HIGH', sortOrder: 'DESC' } },
    });
    assert.equal(byHigh[0]?.packageAggregation?.packageName, 'lodash');
    const ascending = await aggregate({
      aggregationType: 'PACKAGE',
      aggregationRequest: { packageAggregation: { sortBy: 'CRITICAL', sortOrder: 'ASC' } },
    });
    assert.deepEqual(
      ascending.map((r) => r.packageAggregation!.packageName),
      ['left-pad-fixture', 'lodash', 'libssl3', 'openssl'],
    );
    const lib = await aggregate({
      aggregationType: 'PACKAGE',
      aggregationRequest: { packageAggregation: { packageNames: [{ comparison: 'PREFIX', value: 'lib' }] } },
    });
    assert.deepEqual(
      lib.map((r) => r.packageAggregation!.packageName),
      ['libssl3'],
    );

    // AWS_EC2_INSTANCE: the managed instance with every active finding, its network findings and its platform.
    const platform = active[0]!.resources![0]!.details?.awsEc2Instance?.platform;
    assert.ok(platform, 'the findings name the instance platform');
    const ec2 = await aggregate({ aggregationType: 'AWS_EC2_INSTANCE' });
    assert.deepEqual(ec2, [
      {
        ec2InstanceAggregation: {
          instanceId,
          operatingSystem: platform,
          instanceTags: {},
          accountId: w.accountId,
          severityCounts: sev(active),
          networkFindings: 1,
        },
      },
    ]);
    for (const ec2InstanceAggregation of [
      { instanceIds: [{ comparison: 'NOT_EQUALS' as const, value: instanceId }] },
      { amis: [{ comparison: 'EQUALS' as const, value: 'ami-0123456789abcdef0' }] },
      { instanceTags: [{ comparison: 'EQUALS' as const, key: 'team', value: 'web' }] },
      { operatingSystems: [{ comparison: 'EQUALS' as const, value: 'WINDOWS_SERVER_2022' }] },
    ])
      assert.deepEqual(
        await aggregate({ aggregationType: 'AWS_EC2_INSTANCE', aggregationRequest: { ec2InstanceAggregation } }),
        [],
        JSON.stringify(ec2InstanceAggregation),
      );
    const byNetwork = await aggregate({
      aggregationType: 'AWS_EC2_INSTANCE',
      aggregationRequest: {
        ec2InstanceAggregation: {
          sortBy: 'NETWORK_FINDINGS',
          instanceIds: [{ comparison: 'PREFIX', value: 'mi-' }],
          operatingSystems: [{ comparison: 'EQUALS', value: platform }],
        },
      },
    });
    assert.equal(byNetwork[0]?.ec2InstanceAggregation?.instanceId, instanceId);

    const vm = await aggregate({ aggregationType: 'VM_INSTANCE' });
    assert.deepEqual(vm[0]?.vmInstanceAggregation, {
      resourceId: instanceId,
      cloudProvider: 'AWS',
      cloudAccountId: w.accountId,
      cloudPartition: 'aws',
      cloudRegion: 'us-east-1',
      operatingSystem: platform,
      tags: {},
      accountId: w.accountId,
      severityCounts: sev(active),
      networkFindings: 1,
      exploitAvailableActiveFindingsCount: 0,
      fixAvailableActiveFindingsCount: active.filter((f) => f.fixAvailable === 'YES').length,
    });
  });

  test('types of resources Warden never has answer no groups; a mismatched request or token is refused', async () => {
    const empty: [AggregationType, AggregationRequest | undefined][] = [
      ['AMI', { amiAggregation: { sortBy: 'AFFECTED_INSTANCES' } }],
      ['REPOSITORY', undefined],
      ['AWS_ECR_CONTAINER', undefined],
      ['IMAGE_LAYER', undefined],
      ['AWS_LAMBDA_FUNCTION', undefined],
      ['LAMBDA_LAYER', undefined],
      ['CODE_REPOSITORY', undefined],
      ['CONTAINER_IMAGE', undefined],
      ['SERVERLESS_FUNCTION', undefined],
    ];
    for (const [aggregationType, aggregationRequest] of empty)
      assert.deepEqual(await aggregate({ aggregationType, aggregationRequest }), [], aggregationType);

    const mismatch = await rejection(
      inspector.send(
        new ListFindingAggregationsCommand({ aggregationType: 'PACKAGE', aggregationRequest: { amiAggregation: {} } }),
      ),
    );
    assert.deepEqual(
      [mismatch.name, mismatch.message],
      ['ValidationException', 'aggregationRequest must be packageAggregation for aggregationType PACKAGE.'],
    );
    const page = await inspector.send(
      new ListFindingAggregationsCommand({ aggregationType: 'PACKAGE', maxResults: 1 }),
    );
    assert.ok(page.nextToken);
    const elsewhere = await rejection(
      inspector.send(new ListFindingAggregationsCommand({ aggregationType: 'TITLE', nextToken: page.nextToken })),
    );
    assert.deepEqual(
      [elsewhere.name, elsewhere.message],
      ['ValidationException', 'The provided pagination token is invalid.'],
    );
  });

  test('a suppressed finding leaves the PACKAGE and instance counts until its rule is deleted', async () => {
    const { arn } = await inspector.send(
      new CreateFilterCommand({
        name: 'hide-lodash',
        action: 'SUPPRESS',
        filterCriteria: { vulnerabilityId: [{ comparison: 'EQUALS', value: 'CVE-2099-0101' }] },
      }),
    );
    const left = active.filter((f) => f.packageVulnerabilityDetails?.vulnerabilityId !== 'CVE-2099-0101');
    const names = async () =>
      (await aggregate({ aggregationType: 'PACKAGE' })).map((r) => r.packageAggregation!.packageName).sort();
    assert.deepEqual(await names(), ['left-pad-fixture', 'libssl3', 'openssl']);
    const ec2 = await aggregate({ aggregationType: 'AWS_EC2_INSTANCE' });
    assert.deepEqual(ec2[0]?.ec2InstanceAggregation?.severityCounts, sev(left));
    await inspector.send(new DeleteFilterCommand({ arn }));
    assert.deepEqual(await names(), ['left-pad-fixture', 'libssl3', 'lodash', 'openssl']);
  });

  test('a second account aggregates none of the first account’s findings; advisories are shared', async () => {
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'inspector-agg-second@example.com',
      accountId: '222233334455',
    });
    const second = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    });
    try {
      await second.send(new EnableCommand({ resourceTypes: ['EC2'] }));
      for (const aggregationType of [
        'ACCOUNT',
        'TITLE',
        'FINDING_TYPE',
        'PACKAGE',
        'AWS_EC2_INSTANCE',
        'VM_INSTANCE',
      ] as const)
        assert.deepEqual(await aggregate({ aggregationType }, second), [], aggregationType);
      // Naming the first account changes nothing: the caller only ever reads its own findings.
      assert.deepEqual(
        await aggregate(
          { aggregationType: 'PACKAGE', accountIds: [{ comparison: 'EQUALS', value: w.accountId }] },
          second,
        ),
        [],
      );
      const page = await inspector.send(
        new ListFindingAggregationsCommand({ aggregationType: 'PACKAGE', maxResults: 1 }),
      );
      const stolen = await rejection(
        second.send(
          new ListFindingAggregationsCommand({ aggregationType: 'PACKAGE', maxResults: 1, nextToken: page.nextToken }),
        ),
      );
      assert.equal(stolen.name, 'ValidationException');
      const vuln = await second.send(
        new SearchVulnerabilitiesCommand({ filterCriteria: { vulnerabilityIds: ['CVE-2099-0001'] } }),
      );
      assert.equal(vuln.vulnerabilities?.[0]?.id, 'CVE-2099-0001');
    } finally {
      second.destroy();
    }
  });
});
