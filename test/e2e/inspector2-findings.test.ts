// Inspector2 findings end to end: fixture advisories imported by the CLI, a host registered by `warden agent --once`
// against a fixture root, Inspector enabled with the SDK v3 client; the package findings are exactly those an
// independent oracle predicts (`dpkg --compare-versions` and the `semver` package over the fixture advisories' ranges),
// an upgrade closes its finding, 0.0.0.0:22 is a network finding and 127.0.0.1:5432 is none. A second account sees
// none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  BatchGetAccountStatusCommand,
  BatchGetFindingDetailsCommand,
  DisableCommand,
  EnableCommand,
  GetConfigurationCommand,
  Inspector2Client,
  ListCoverageCommand,
  ListCoverageStatisticsCommand,
  ListFindingsCommand,
  type Finding,
  type FilterCriteria,
} from '@aws-sdk/client-inspector2';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import {
  DEB_BEFORE,
  NPM,
  OSV,
  TRUST_SSM,
  activateHost,
  run,
  writeRoot,
  type DebPackage,
} from '../helpers/inspector2-host.js';

/** `dpkg --compare-versions a op b`, dpkg's own answer. */
function dpkg(a: string, op: 'lt' | 'le', b: string): Promise<boolean> {
  return new Promise((resolve) => execFile('dpkg', ['--compare-versions', a, op, b], (err) => resolve(err === null)));
}

interface Range {
  type: string;
  events: Record<string, string>[];
}

/**
 * The oracle: whether `version` lies in a range, decided independently of Warden's matcher: it is affected when some
 * `introduced` event is at or below it and the nearest `fixed` above that introduction is above it (or a
 * `last_affected` is at or above it), using the ecosystem's reference comparison.
 */
async function oracleAffected(
  range: Range,
  version: string,
  lt: (a: string, b: string) => Promise<boolean>,
): Promise<{ affected: boolean; fixed?: string }> {
  const intro = range.events.filter((e) => e.introduced !== undefined).map((e) => e.introduced!);
  const ends = range.events.filter((e) => e.fixed !== undefined || e.last_affected !== undefined);
  for (const i of intro) {
    if (i !== '0' && (await lt(version, i))) continue;
    // The first end event above this introduction.
    let nearest: Record<string, string> | undefined;
    for (const e of ends) {
      const v = e.fixed ?? e.last_affected!;
      if (i !== '0' && !(await lt(i, v))) continue;
      if (nearest === undefined || (await lt(v, nearest.fixed ?? nearest.last_affected!))) nearest = e;
    }
    if (nearest === undefined) return { affected: true };
    if (nearest.fixed !== undefined && (await lt(version, nearest.fixed)))
      return { affected: true, fixed: nearest.fixed };
    if (nearest.last_affected !== undefined && !(await lt(nearest.last_affected, version))) return { affected: true };
  }
  return { affected: false };
}

/** Expected package findings: vulnerability id → sorted "name@fixedInVersion" of the packages it affects. */
async function oracle(deb: readonly DebPackage[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const file of (await readdir(OSV)).filter((f) => f.endsWith('.json'))) {
    const adv = JSON.parse(await readFile(join(OSV, file), 'utf8'));
    if (adv.withdrawn) continue;
    const id = [adv.id, ...(adv.aliases ?? [])].find((x: string) => x.startsWith('CVE-')) ?? adv.id;
    for (const a of adv.affected) {
      const hits: { name: string; version: string; fixed?: string; os: boolean; explicit: boolean }[] = [];
      if (a.package.ecosystem === 'Debian:12' || a.package.ecosystem === 'Debian')
        for (const p of deb)
          if ((p.source ?? p.name) === a.package.name) hits.push({ ...p, os: true, explicit: false });
      if (a.package.ecosystem === 'npm')
        for (const [name, version] of NPM)
          if (name === a.package.name) hits.push({ name, version, os: false, explicit: false });
      for (const h of hits) {
        const lt = h.os ? (x: string, y: string) => dpkg(x, 'lt', y) : async (x: string, y: string) => semver.lt(x, y);
        let verdict: { affected: boolean; fixed?: string } = { affected: (a.versions ?? []).includes(h.version) };
        for (const r of a.ranges ?? []) {
          if (verdict.affected && verdict.fixed !== undefined) break;
          const v = await oracleAffected(r, h.version, lt);
          if (v.affected) verdict = v;
        }
        if (!verdict.affected) continue;
        const fixed = verdict.fixed === undefined ? 'NotAvailable' : h.os ? `0:${verdict.fixed}` : verdict.fixed;
        out.set(id, [...(out.get(id) ?? []), `${h.name}@${fixed}`].sort());
      }
    }
  }
  return out;
}

describe('Inspector2 findings from a managed instance', () => {
  let w: TestWarden;
  let work: string;
  let root: string;
  let inspector: Inspector2Client;
  let instanceId: string;
  const stateDir = () => join(work, 'state');

  async function findings(criteria: FilterCriteria = {}): Promise<Finding[]> {
    const all: Finding[] = [];
    let nextToken: string | undefined;
    do {
      const page = await inspector.send(
        new ListFindingsCommand({ filterCriteria: criteria, maxResults: 2, nextToken }),
      );
      all.push(...(page.findings ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  }

  /** Polls until `ok` holds (the evaluator runs in the background); the deadline only guards against a hang. */
  async function until(what: string, ok: (f: Finding[]) => boolean): Promise<Finding[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const f = await findings();
      if (ok(f)) return f;
      if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(f, null, 1).slice(0, 3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  before(async () => {
    w = await startWarden();
    work = await mkdtemp(join(tmpdir(), 'warden-inspector2-'));
    root = join(work, 'root');
    await writeRoot(root, DEB_BEFORE);
    inspector = new Inspector2Client(w.clientConfig);
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateRoleCommand({ RoleName: 'HybridRole', AssumeRolePolicyDocument: TRUST_SSM }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'HybridRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      }),
    );
    iam.destroy();
    const imported = await run(['inspector', 'import-advisories', OSV, '--data-dir', w.dataDir]);
    assert.equal(imported.code, 0, imported.stderr);
  });

  after(async () => {
    inspector?.destroy();
    await w?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('account status: disabled, then EC2 enabled, as BatchGetAccountStatus reports it', async () => {
    const before = await inspector.send(new BatchGetAccountStatusCommand({}));
    assert.equal(before.accounts?.[0]?.state?.status, 'DISABLED');
    instanceId = await activateHost(w, root, stateDir());
    // Not enabled: an inventory yields no findings.
    assert.deepEqual(await findings(), []);

    const enabled = await inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));
    assert.deepEqual(enabled.accounts?.[0]?.resourceStatus, {
      ec2: 'ENABLED',
      ecr: 'DISABLED',
      lambda: 'DISABLED',
      lambdaCode: 'DISABLED',
      codeRepository: 'DISABLED',
    });
    const other = await inspector.send(new EnableCommand({ resourceTypes: ['EC2'], accountIds: ['999988887777'] }));
    assert.deepEqual(other.accounts, []);
    assert.equal(other.failedAccounts?.[0]?.errorCode, 'ACCESS_DENIED');
    const status = await inspector.send(new BatchGetAccountStatusCommand({ accountIds: [w.accountId] }));
    assert.equal(status.accounts?.[0]?.state?.status, 'ENABLED');
    assert.equal(status.accounts?.[0]?.resourceState?.ec2?.status, 'ENABLED');
    assert.equal(status.accounts?.[0]?.resourceState?.ecr?.status, 'DISABLED');
    const config = await inspector.send(new GetConfigurationCommand({}));
    assert.equal(config.ec2Configuration?.scanModeState?.scanMode, 'EC2_SSM_AGENT_BASED');
  });

  test('package findings are exactly what dpkg and semver predict; the network finding is port 22 only', async () => {
    const expected = await oracle(DEB_BEFORE);
    assert.ok(expected.size >= 2, 'the fixture must exercise both ecosystems');
    const all = await until(
      'findings evaluated',
      (f) =>
        f.filter((x) => x.type === 'PACKAGE_VULNERABILITY').length >= expected.size &&
        f.some((x) => x.type === 'NETWORK_REACHABILITY'),
    );
    const pkg = all.filter((f) => f.type === 'PACKAGE_VULNERABILITY');
    const got = new Map(
      pkg.map((f) => [
        f.packageVulnerabilityDetails!.vulnerabilityId!,
        f.packageVulnerabilityDetails!.vulnerablePackages!.map((p) => `${p.name}@${p.fixedInVersion}`).sort(),
      ]),
    );
    assert.deepEqual(got, expected);

    const openssl = pkg.find((f) => f.packageVulnerabilityDetails?.vulnerabilityId === 'CVE-2099-0001')!;
    assert.match(openssl.findingArn!, new RegExp(`^arn:aws:inspector2:us-east-1:${w.accountId}:finding/[0-9a-f]{32}$`));
    assert.equal(openssl.awsAccountId, w.accountId);
    assert.equal(openssl.status, 'ACTIVE');
    assert.equal(openssl.severity, 'CRITICAL');
    assert.equal(openssl.inspectorScore, 9.8);
    assert.equal(
      openssl.inspectorScoreDetails?.adjustedCvss?.scoringVector,
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    );
    assert.equal(openssl.fixAvailable, 'YES');
    assert.deepEqual(
      openssl.resources?.map((r) => [r.type, r.id, r.region]),
      [['AWS_EC2_INSTANCE', instanceId, 'us-east-1']],
    );
    const vp = openssl.packageVulnerabilityDetails!.vulnerablePackages!.find((p) => p.name === 'openssl')!;
    assert.deepEqual(
      { version: vp.version, release: vp.release, epoch: vp.epoch, manager: vp.packageManager, arch: vp.arch },
      { version: '3.0.11', release: '1~deb12u1', epoch: 0, manager: 'OS', arch: 'AMD64' },
    );
    assert.ok(openssl.firstObservedAt instanceof Date && openssl.lastObservedAt instanceof Date);
    const leftPad = pkg.find((f) => f.packageVulnerabilityDetails?.vulnerabilityId === 'CVE-2099-0002')!;
    assert.equal(leftPad.severity, 'MEDIUM');
    assert.equal(leftPad.packageVulnerabilityDetails?.vulnerablePackages?.[0]?.packageManager, 'NPM');

    const net = all.filter((f) => f.type === 'NETWORK_REACHABILITY');
    assert.deepEqual(
      net.map((f) => [f.networkReachabilityDetails?.openPortRange, f.networkReachabilityDetails?.protocol]),
      [[{ begin: 22, end: 22 }, 'TCP']],
    );
    const steps = net[0]!.networkReachabilityDetails!.networkPath!.steps!;
    assert.deepEqual(steps[0], { componentId: instanceId, componentType: 'AWS_EC2_INSTANCE' });
    assert.deepEqual(steps.at(-1), { componentId: '0.0.0.0:22 (sshd)', componentType: 'LISTENING_SOCKET' });

    // Filters and sorting: by severity, package name and type; the details carry the advisory's CWE.
    const critical = await findings({ severity: [{ comparison: 'EQUALS', value: 'CRITICAL' }] });
    assert.deepEqual(
      critical.map((f) => f.findingArn),
      [openssl.findingArn],
    );
    const byPackage = await findings({
      vulnerablePackages: [{ name: { comparison: 'EQUALS', value: 'left-pad-fixture' } }],
    });
    assert.deepEqual(
      byPackage.map((f) => f.findingArn),
      [leftPad.findingArn],
    );
    const sorted = await inspector.send(
      new ListFindingsCommand({ sortCriteria: { field: 'SEVERITY', sortOrder: 'DESC' } }),
    );
    assert.equal(sorted.findings?.[0]?.severity, 'CRITICAL');
    const details = await inspector.send(
      new BatchGetFindingDetailsCommand({
        findingArns: [
          openssl.findingArn!,
          'arn:aws:inspector2:us-east-1:123456789012:finding/00000000000000000000000000000000',
        ],
      }),
    );
    assert.deepEqual(details.findingDetails?.[0]?.cwes, ['CWE-125']);
    assert.equal(details.errors?.[0]?.errorCode, 'FINDING_DETAILS_NOT_FOUND');

    const coverage = await inspector.send(new ListCoverageCommand({}));
    assert.deepEqual(
      coverage.coveredResources?.map((r) => [r.resourceType, r.resourceId, r.scanType, r.scanStatus?.reason]),
      [
        ['AWS_EC2_INSTANCE', instanceId, 'NETWORK', 'SUCCESSFUL'],
        ['AWS_EC2_INSTANCE', instanceId, 'PACKAGE', 'SUCCESSFUL'],
      ],
    );
  });

  test('ListCoverageStatistics counts what ListCoverage lists', async () => {
    const all = await inspector.send(new ListCoverageStatisticsCommand({}));
    assert.equal(all.totalCounts, 2);
    const byReason = await inspector.send(
      new ListCoverageStatisticsCommand({
        groupBy: 'SCAN_STATUS_REASON',
        filterCriteria: { scanType: [{ comparison: 'EQUALS', value: 'PACKAGE' }] },
      }),
    );
    assert.equal(byReason.totalCounts, 1);
    assert.deepEqual(byReason.countsByGroup, [{ count: 1, groupKey: 'SCAN_STATUS_REASON' }]);
  });

  test('a second account sees none of the first account’s findings or coverage', async () => {
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'inspector-second@example.com',
      accountId: '222233334444',
    });
    const second = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    });
    try {
      await second.send(new EnableCommand({ resourceTypes: ['EC2'] }));
      assert.deepEqual((await second.send(new ListFindingsCommand({}))).findings, []);
      const status = await second.send(new BatchGetAccountStatusCommand({ accountIds: [w.accountId] }));
      assert.deepEqual(status.accounts, []);
      assert.equal(status.failedAccounts?.[0]?.errorCode, 'ACCESS_DENIED');
      assert.deepEqual((await second.send(new ListCoverageCommand({}))).coveredResources, []);
      assert.equal((await second.send(new ListCoverageStatisticsCommand({}))).totalCounts, 0);
      const mine = (await findings())[0]!;
      const details = await second.send(new BatchGetFindingDetailsCommand({ findingArns: [mine.findingArn!] }));
      assert.deepEqual(details.findingDetails, []);
      assert.equal(details.errors?.[0]?.errorCode, 'FINDING_DETAILS_NOT_FOUND');
      // A page token of the first account's is refused to the second.
      const page = await inspector.send(new ListFindingsCommand({ maxResults: 1 }));
      assert.ok(page.nextToken);
      await assert.rejects(second.send(new ListFindingsCommand({ maxResults: 1, nextToken: page.nextToken })), {
        name: 'ValidationException',
      });
    } finally {
      second.destroy();
    }
  });

  test('upgrading a package closes its finding on the next inventory; the rest stay active', async () => {
    const upgraded = DEB_BEFORE.map((p) =>
      (p.source ?? p.name) === 'openssl' ? { ...p, version: '3.0.11-1~deb12u2' } : p,
    );
    await writeRoot(root, upgraded);
    const agent = await run([
      'agent',
      '--endpoint',
      w.endpoint,
      '--region',
      'us-east-1',
      '--root',
      root,
      '--state-dir',
      stateDir(),
      '--once',
    ]);
    assert.equal(agent.code, 0, agent.stderr);
    const all = await until('openssl finding closed', (f) =>
      f.some((x) => x.packageVulnerabilityDetails?.vulnerabilityId === 'CVE-2099-0001' && x.status === 'CLOSED'),
    );
    const expected = await oracle(upgraded);
    assert.ok(!expected.has('CVE-2099-0001'));
    const active = all.filter((f) => f.type === 'PACKAGE_VULNERABILITY' && f.status === 'ACTIVE');
    assert.deepEqual(
      new Set(active.map((f) => f.packageVulnerabilityDetails!.vulnerabilityId)),
      new Set(expected.keys()),
    );
    const closed = await findings({ findingStatus: [{ comparison: 'EQUALS', value: 'CLOSED' }] });
    assert.deepEqual(
      closed.map((f) => f.packageVulnerabilityDetails?.vulnerabilityId),
      ['CVE-2099-0001'],
    );

    // Disabling EC2 scanning removes the account's findings.
    await inspector.send(new DisableCommand({ resourceTypes: ['EC2'] }));
    assert.deepEqual(await findings(), []);
  });
});
