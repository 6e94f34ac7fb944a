// Inspector2 findings reports and SBOM exports end to end with the SDK v3 client: a host registered by `warden agent
// --once` with fixture advisories gives findings; CSV and JSON reports land in the bucket's directory under the data
// directory with the findings ListFindings answers (filters narrow them), SBOM exports in CycloneDX 1.4 and SPDX 2.3
// list the instance's inventory, bad destinations are refused, and a second account sees none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancelFindingsReportCommand,
  CancelSbomExportCommand,
  CreateFindingsReportCommand,
  CreateSbomExportCommand,
  EnableCommand,
  GetFindingsReportStatusCommand,
  GetSbomExportCommand,
  Inspector2Client,
  ListFindingsCommand,
  type Destination,
  type FilterCriteria,
  type Finding,
  type GetFindingsReportStatusResponse,
  type GetSbomExportResponse,
} from '@aws-sdk/client-inspector2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ListInventoryEntriesCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DEB_BEFORE, OSV, registerHost, run, writeRoot } from '../helpers/inspector2-host.js';

/** AWS's findings report CSV headings, in order. */
const HEADINGS = [
  'AWS Account Id',
  'Severity',
  'Fix Available',
  'Finding Type',
  'Title',
  'Description',
  'Finding ARN',
  'First Seen',
  'Last Seen',
  'Last Updated',
  'Resource ID',
  'Container Image Tags',
  'Region',
  'Platform',
  'Resource Tags',
  'Affected Packages',
  'Package Installed Version',
  'Fixed in Version',
  'Package Remediation',
  'File Path',
  'Network Paths',
  'Age (Days)',
  'Remediation',
  'Inspector Score',
  'Inspector Score Vector',
  'Status',
  'Vulnerability Id',
  'Vendor',
  'Vendor Severity',
  'Vendor Advisory',
  'Vendor Advisory Published',
  'NVD CVSS3 Score',
  'NVD CVSS3 Vector',
  'NVD CVSS2 Score',
  'NVD CVSS2 Vector',
  'Vendor CVSS3 Score',
  'Vendor CVSS3 Vector',
  'Vendor CVSS2 Score',
  'Vendor CVSS2 Vector',
  'Resource Type',
  'Ami',
  'Resource Public Ipv4',
  'Resource Private Ipv4',
  'Resource Ipv6',
  'Resource Vpc',
  'Port Range',
  'Epss Score',
  'Exploit Available',
  'Last Exploited At',
  'Lambda Layers',
  'Lambda Package Type',
  'Lambda Last Updated At',
  'Reference Urls',
  'Detector Name',
  'Package Manager',
];

/** RFC 4180 CSV into rows of fields (quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const BUCKET = 'warden-inspector-reports';

describe('Inspector2 findings reports and SBOM exports', () => {
  let w: TestWarden;
  let work: string;
  let inspector: Inspector2Client;
  let instanceId: string;
  let keyArn: string;
  let closedKeyArn: string;
  const bucketDir = () => join(w.dataDir, 'inspector2', 'reports', BUCKET);
  const dest = (over: Partial<Destination> = {}): Destination => ({
    bucketName: BUCKET,
    keyPrefix: 'exports/2026',
    kmsKeyArn: keyArn,
    ...over,
  });

  async function listFindings(client: Inspector2Client, criteria: FilterCriteria): Promise<Finding[]> {
    const all: Finding[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListFindingsCommand({ filterCriteria: criteria, maxResults: 100, nextToken }));
      all.push(...(page.findings ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  }

  /** Polls a report until it leaves IN_PROGRESS; the deadline only guards against a hang. */
  async function finished(client: Inspector2Client, reportId: string): Promise<GetFindingsReportStatusResponse> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await client.send(new GetFindingsReportStatusCommand({ reportId }));
      if (s.status !== 'IN_PROGRESS') return s;
      if (Date.now() > deadline) assert.fail(`report ${reportId} still in progress`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function sbomFinished(reportId: string): Promise<GetSbomExportResponse> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await inspector.send(new GetSbomExportCommand({ reportId }));
      if (s.status !== 'IN_PROGRESS') return s;
      if (Date.now() > deadline) assert.fail(`export ${reportId} still in progress`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function keyWithPolicy(statements: object[]): Promise<string> {
    const kms = new KMSClient(w.clientConfig);
    try {
      const root = {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${w.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      };
      const key = await kms.send(
        new CreateKeyCommand({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [root, ...statements] }) }),
      );
      return key.KeyMetadata!.Arn!;
    } finally {
      kms.destroy();
    }
  }

  before(async () => {
    w = await startWarden();
    work = await mkdtemp(join(tmpdir(), 'warden-inspector2-reports-'));
    const root = join(work, 'root');
    await writeRoot(root, DEB_BEFORE);
    inspector = new Inspector2Client(w.clientConfig);
    const imported = await run(['inspector', 'import-advisories', OSV, '--data-dir', w.dataDir]);
    assert.equal(imported.code, 0, imported.stderr);
    await inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));
    instanceId = await registerHost(w, root, join(work, 'state'));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const f = await listFindings(inspector, {});
      if (f.some((x) => x.type === 'NETWORK_REACHABILITY') && f.filter((x) => x.severity === 'CRITICAL').length > 0)
        break;
      if (Date.now() > deadline) assert.fail('no findings evaluated');
      await new Promise((r) => setTimeout(r, 200));
    }
    keyArn = await keyWithPolicy([
      {
        Sid: 'Allow Amazon Inspector to use the key',
        Effect: 'Allow',
        Principal: { Service: 'inspector2.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ]);
    closedKeyArn = await keyWithPolicy([]);
    // The bucket: made by the operator, as a real bucket is created before it is named.
    await mkdir(bucketDir(), { recursive: true });
  });

  after(async () => {
    inspector?.destroy();
    await w?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('a CSV report holds every active finding ListFindings answers, under AWS headings', async () => {
    const { reportId } = await inspector.send(
      new CreateFindingsReportCommand({ reportFormat: 'CSV', s3Destination: dest() }),
    );
    assert.match(reportId!, /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/);
    const status = await finished(inspector, reportId!);
    assert.equal(status.status, 'SUCCEEDED', JSON.stringify(status));
    assert.deepEqual(status.destination, dest());
    assert.equal(status.errorCode, undefined);

    const path = join(bucketDir(), 'exports', '2026', `${reportId}.csv`);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const [headings, ...rows] = parseCsv(await readFile(path, 'utf8'));
    assert.deepEqual(headings, HEADINGS);
    const col = (name: string) => HEADINGS.indexOf(name);
    const active = await listFindings(inspector, { findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }] });
    assert.ok(active.length >= 3);
    assert.deepEqual(rows.map((r) => r[col('Finding ARN')]).sort(), active.map((f) => f.findingArn).sort());
    for (const f of active) {
      const r = rows.find((x) => x[col('Finding ARN')] === f.findingArn)!;
      assert.equal(r.length, HEADINGS.length);
      assert.equal(r[col('AWS Account Id')], w.accountId);
      assert.equal(r[col('Severity')], f.severity);
      assert.equal(r[col('Finding Type')], f.type);
      assert.equal(r[col('Title')], f.title);
      assert.equal(r[col('Description')], f.description);
      assert.equal(r[col('Status')], 'ACTIVE');
      assert.equal(r[col('Resource ID')], instanceId);
      assert.equal(r[col('Resource Type')], 'AWS_EC2_INSTANCE');
      assert.equal(r[col('First Seen')], f.firstObservedAt!.toISOString());
      assert.equal(r[col('Vulnerability Id')], f.packageVulnerabilityDetails?.vulnerabilityId ?? '');
      assert.equal(r[col('Inspector Score')], f.inspectorScore === undefined ? '' : String(f.inspectorScore));
      assert.equal(
        r[col('Affected Packages')],
        (f.packageVulnerabilityDetails?.vulnerablePackages ?? []).map((p) => p.name).join(', '),
      );
      const port = f.networkReachabilityDetails?.openPortRange;
      assert.equal(r[col('Port Range')], port ? `${port.begin}-${port.end}` : '');
    }
  });

  test('a JSON report with filterCriteria holds what ListFindings answers for the same criteria', async () => {
    const criteria: FilterCriteria = { severity: [{ comparison: 'EQUALS', value: 'CRITICAL' }] };
    const { reportId } = await inspector.send(
      new CreateFindingsReportCommand({ reportFormat: 'JSON', s3Destination: dest(), filterCriteria: criteria }),
    );
    const status = await finished(inspector, reportId!);
    assert.equal(status.status, 'SUCCEEDED', JSON.stringify(status));
    assert.deepEqual(status.filterCriteria, criteria);
    const doc = JSON.parse(await readFile(join(bucketDir(), 'exports', '2026', `${reportId}.json`), 'utf8'));
    const expected = await listFindings(inspector, {
      ...criteria,
      findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
    });
    assert.ok(expected.length >= 1);
    const all = await listFindings(inspector, {});
    assert.ok(expected.length < all.length, 'the filter must narrow the report');
    assert.deepEqual(doc.findings.map((f: Finding) => f.findingArn).sort(), expected.map((f) => f.findingArn).sort());
    for (const f of expected) {
      const got = doc.findings.find((x: Finding) => x.findingArn === f.findingArn);
      // The SDK's Finding with its Dates as the report writes them (ISO 8601).
      assert.deepEqual(got, JSON.parse(JSON.stringify(f)));
      assert.equal(got.firstObservedAt, f.firstObservedAt!.toISOString());
    }
  });

  test('destinations Inspector cannot write: refused at once, or the report FAILED with the reason', async () => {
    const refused = async (d: Destination, message: RegExp) =>
      assert.rejects(
        inspector.send(new CreateFindingsReportCommand({ reportFormat: 'CSV', s3Destination: d })),
        (e: Error & { $metadata?: { httpStatusCode?: number }; reason?: string }) => {
          assert.equal(e.name, 'ValidationException');
          assert.equal(e.$metadata?.httpStatusCode, 400);
          assert.match(e.message, message);
          return true;
        },
      );
    await refused(dest({ bucketName: 'Not_A_Bucket' }), /bucket name/);
    await refused(dest({ bucketName: '..' }), /bucket name/);
    await refused(dest({ keyPrefix: '../escape' }), /key prefix/);
    await refused(dest({ keyPrefix: 'a/../../escape' }), /key prefix/);
    await refused(dest({ keyPrefix: '/absolute' }), /key prefix/);
    await refused(dest({ keyPrefix: 'a//b' }), /key prefix/);
    await refused(dest({ kmsKeyArn: 'not-a-key' }), /KMS key ARN/);
    await assert.rejects(
      inspector.send(
        new CreateSbomExportCommand({ reportFormat: 'SPDX_2_3', s3Destination: dest({ keyPrefix: '..' }) }),
      ),
      { name: 'ValidationException' },
    );
    assert.deepEqual(await readdir(join(w.dataDir, 'inspector2')), ['reports']);

    const failed = async (d: Destination, code: string, criteria?: FilterCriteria) => {
      const { reportId } = await inspector.send(
        new CreateFindingsReportCommand({ reportFormat: 'JSON', s3Destination: d, filterCriteria: criteria }),
      );
      const s = await finished(inspector, reportId!);
      assert.equal(s.status, 'FAILED');
      assert.equal(s.errorCode, code);
      assert.ok(s.errorMessage !== undefined && s.errorMessage.length > 0);
      return reportId!;
    };
    await failed(dest({ bucketName: 'no-such-bucket' }), 'BUCKET_NOT_FOUND');
    await failed(
      dest({ kmsKeyArn: `arn:aws:kms:us-east-1:${w.accountId}:key/00000000-0000-0000-0000-000000000000` }),
      'MALFORMED_KMS_KEY',
    );
    await failed(dest({ kmsKeyArn: closedKeyArn }), 'INVALID_PERMISSIONS');
    const none = await failed(dest(), 'NO_FINDINGS_FOUND', {
      title: [{ comparison: 'EQUALS', value: 'no finding has this title' }],
    });
    // A failed report writes nothing.
    assert.ok(!(await readdir(join(bucketDir(), 'exports', '2026'))).some((n) => n.startsWith(none)));
  });

  test('cancelling: a finished report keeps its status; an unknown report id is ResourceNotFoundException', async () => {
    const { reportId } = await inspector.send(
      new CreateFindingsReportCommand({ reportFormat: 'CSV', s3Destination: dest() }),
    );
    assert.equal((await finished(inspector, reportId!)).status, 'SUCCEEDED');
    const cancelled = await inspector.send(new CancelFindingsReportCommand({ reportId }));
    assert.equal(cancelled.reportId, reportId);
    assert.equal((await finished(inspector, reportId!)).status, 'SUCCEEDED');
    const unknown = '11111111-2222-3333-4444-555555555555';
    await assert.rejects(inspector.send(new CancelFindingsReportCommand({ reportId: unknown })), {
      name: 'ResourceNotFoundException',
    });
    await assert.rejects(inspector.send(new GetFindingsReportStatusCommand({ reportId: unknown })), {
      name: 'ResourceNotFoundException',
    });
    // A findings report is not an SBOM export.
    await assert.rejects(inspector.send(new GetSbomExportCommand({ reportId })), {
      name: 'ResourceNotFoundException',
    });
  });

  async function inventoryPackages(): Promise<{ name: string; version: string; purl: string }[]> {
    const ssm = new SSMClient(w.clientConfig);
    try {
      const out: { name: string; version: string; purl: string }[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ssm.send(
          new ListInventoryEntriesCommand({ InstanceId: instanceId, TypeName: 'AWS:Application', NextToken }),
        );
        for (const e of page.Entries ?? []) out.push({ name: e.Name!, version: e.Version!, purl: e.PackageId! });
        NextToken = page.NextToken;
      } while (NextToken !== undefined);
      return out;
    } finally {
      ssm.destroy();
    }
  }

  const sbomPath = (format: string, reportId: string) =>
    join(
      bucketDir(),
      'sbom',
      `${format}_outputs_${reportId}`,
      `account=${w.accountId}`,
      'resource=AWS_EC2_INSTANCE',
      `arn:aws:ec2:us-east-1:${w.accountId}:instance_${instanceId}_${format}.json`,
    );

  test('a CycloneDX 1.4 SBOM export: one document per instance, its components the inventory', async () => {
    const { reportId } = await inspector.send(
      new CreateSbomExportCommand({ reportFormat: 'CYCLONEDX_1_4', s3Destination: dest({ keyPrefix: 'sbom/' }) }),
    );
    const s = await sbomFinished(reportId!);
    assert.equal(s.status, 'SUCCEEDED', JSON.stringify(s));
    assert.equal(s.format, 'CYCLONEDX_1_4');
    assert.deepEqual(s.s3Destination, dest({ keyPrefix: 'sbom/' }));
    const doc = JSON.parse(await readFile(sbomPath('CYCLONEDX_1_4', reportId!), 'utf8'));
    assert.equal(doc.bomFormat, 'CycloneDX');
    assert.equal(doc.specVersion, '1.4');
    assert.deepEqual(
      doc.metadata.properties.filter((p: { name: string }) => p.name !== 'platform'),
      [
        { name: 'accountId', value: w.accountId },
        { name: 'resourceType', value: 'AWS_EC2_INSTANCE' },
        { name: 'resourceId', value: instanceId },
      ],
    );
    const inventory = await inventoryPackages();
    assert.ok(
      inventory.some((p) => p.purl.startsWith('pkg:deb/')) && inventory.some((p) => p.purl.startsWith('pkg:npm/')),
    );
    assert.deepEqual(
      doc.components.map((c: { name: string; version: string; purl: string }) => [c.name, c.version, c.purl]).sort(),
      inventory.map((p) => [p.name, p.version, p.purl]).sort(),
    );
    assert.equal(new Set(doc.components.map((c: { 'bom-ref': string }) => c['bom-ref'])).size, inventory.length);
  });

  test('an SPDX 2.3 SBOM export: packages with purl references; resource filters narrow it', async () => {
    const { reportId } = await inspector.send(
      new CreateSbomExportCommand({
        reportFormat: 'SPDX_2_3',
        s3Destination: dest({ keyPrefix: 'sbom' }),
        resourceFilterCriteria: { resourceId: [{ comparison: 'EQUALS', value: instanceId }] },
      }),
    );
    const s = await sbomFinished(reportId!);
    assert.equal(s.status, 'SUCCEEDED', JSON.stringify(s));
    assert.deepEqual(s.filterCriteria, { resourceId: [{ comparison: 'EQUALS', value: instanceId }] });
    const doc = JSON.parse(await readFile(sbomPath('SPDX_2_3', reportId!), 'utf8'));
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.SPDXID, 'SPDXRef-DOCUMENT');
    const inventory = await inventoryPackages();
    assert.deepEqual(
      doc.packages
        .map((p: { name: string; versionInfo: string; externalRefs: { referenceLocator: string }[] }) => [
          p.name,
          p.versionInfo,
          p.externalRefs[0]!.referenceLocator,
        ])
        .sort(),
      inventory.map((p) => [p.name, p.version, p.purl]).sort(),
    );
    assert.equal(doc.relationships.length, inventory.length);

    for (const resourceFilterCriteria of [
      { resourceId: [{ comparison: 'NOT_EQUALS' as const, value: instanceId }] },
      { ec2InstanceTags: [{ comparison: 'EQUALS' as const, key: 'team', value: 'red' }] },
      { ecrRepositoryName: [{ comparison: 'EQUALS' as const, value: 'debian' }] },
    ]) {
      const none = await inspector.send(
        new CreateSbomExportCommand({ reportFormat: 'SPDX_2_3', s3Destination: dest(), resourceFilterCriteria }),
      );
      const f = await sbomFinished(none.reportId!);
      assert.equal(f.status, 'FAILED');
      assert.equal(f.errorCode, 'NO_FINDINGS_FOUND');
    }
    const c = await inspector.send(new CancelSbomExportCommand({ reportId }));
    assert.equal(c.reportId, reportId);
    assert.equal((await sbomFinished(reportId!)).status, 'SUCCEEDED');
  });

  test("another account sees none of the first account's reports, and its own report holds none of its findings", async () => {
    const { reportId } = await inspector.send(
      new CreateFindingsReportCommand({ reportFormat: 'JSON', s3Destination: dest() }),
    );
    await finished(inspector, reportId!);
    const { reportId: sbomId } = await inspector.send(
      new CreateSbomExportCommand({ reportFormat: 'CYCLONEDX_1_4', s3Destination: dest() }),
    );
    await sbomFinished(sbomId!);
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'inspector-reports-second@example.com',
      accountId: '222233335555',
    });
    const second = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    });
    try {
      for (const cmd of [
        new GetFindingsReportStatusCommand({ reportId }),
        new GetFindingsReportStatusCommand({}),
        new CancelFindingsReportCommand({ reportId: reportId! }),
        new GetSbomExportCommand({ reportId: sbomId! }),
        new CancelSbomExportCommand({ reportId: sbomId! }),
      ])
        await assert.rejects(second.send(cmd as never), { name: 'ResourceNotFoundException' });
      await second.send(new EnableCommand({ resourceTypes: ['EC2'] }));
      const own = await second.send(new CreateFindingsReportCommand({ reportFormat: 'CSV', s3Destination: dest() }));
      const s = await finished(second, own.reportId!);
      assert.equal(s.status, 'FAILED');
      assert.equal(s.errorCode, 'NO_FINDINGS_FOUND');
      const sbom = await second.send(
        new CreateSbomExportCommand({ reportFormat: 'CYCLONEDX_1_4', s3Destination: dest() }),
      );
      const deadline = Date.now() + 60_000;
      let e: GetSbomExportResponse;
      do {
        e = await second.send(new GetSbomExportCommand({ reportId: sbom.reportId }));
        if (Date.now() > deadline) assert.fail('export still in progress');
      } while (e.status === 'IN_PROGRESS');
      assert.equal(e.errorCode, 'NO_FINDINGS_FOUND');
      // The first account's reports are unchanged by the second's attempts.
      assert.equal((await finished(inspector, reportId!)).status, 'SUCCEEDED');
    } finally {
      second.destroy();
    }
  });
});

describe('Inspector2 report status across a restart', () => {
  test('a finished report answers after a restart; one left IN_PROGRESS by the stopped process is FAILED', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'warden-inspector2-restart-'));
    let w = await startWarden({ dataDir });
    const credentials = w.credentials;
    try {
      let inspector = new Inspector2Client(w.clientConfig);
      const kms = new KMSClient(w.clientConfig);
      const key = await kms.send(new CreateKeyCommand({}));
      kms.destroy();
      await mkdir(join(dataDir, 'inspector2', 'reports', BUCKET), { recursive: true });
      const s3Destination = { bucketName: BUCKET, kmsKeyArn: key.KeyMetadata!.Arn! };
      const { reportId } = await inspector.send(
        new CreateFindingsReportCommand({ reportFormat: 'CSV', s3Destination }),
      );
      let s: GetFindingsReportStatusResponse;
      const deadline = Date.now() + 60_000;
      do {
        s = await inspector.send(new GetFindingsReportStatusCommand({ reportId }));
        if (Date.now() > deadline) assert.fail('report still in progress');
      } while (s.status === 'IN_PROGRESS');
      const before = { status: s.status, errorCode: s.errorCode, errorMessage: s.errorMessage };
      // A report another process was writing when it stopped (that process cannot be stopped mid-write on cue).
      const orphan = randomUUID();
      const now = Date.now();
      await w.warden.runtime.store.db
        .insertInto('inspector2_reports')
        .values({
          report_id: orphan,
          account_id: w.accountId,
          region: 'us-east-1',
          kind: 'FINDINGS',
          format: 'JSON',
          status: 'IN_PROGRESS',
          error_code: null,
          error_message: null,
          destination: JSON.stringify(s3Destination),
          criteria: null,
          accounts: JSON.stringify([w.accountId]),
          worker: 'a-stopped-process',
          created_at: now,
          heartbeat_at: now,
          finished_at: null,
        })
        .execute();
      inspector.destroy();
      await w.stop();

      w = await startWarden({
        dataDir,
        rootAccessKeyId: credentials.accessKeyId,
        rootSecretAccessKey: credentials.secretAccessKey,
      });
      // The first start's root key (startWarden's clientConfig names a key it made up for this start).
      inspector = new Inspector2Client({ ...w.clientConfig, credentials });
      const after = await inspector.send(new GetFindingsReportStatusCommand({ reportId }));
      assert.deepEqual({ status: after.status, errorCode: after.errorCode, errorMessage: after.errorMessage }, before);
      assert.deepEqual(after.destination, s3Destination);
      const failed = await inspector.send(new GetFindingsReportStatusCommand({ reportId: orphan }));
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.errorCode, 'INTERNAL_ERROR');
      inspector.destroy();
    } finally {
      await w.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
