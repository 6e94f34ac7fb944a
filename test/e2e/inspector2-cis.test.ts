// Inspector2 CIS scans end to end: a fixture host with known good and bad settings is registered by `warden agent
// --once` through a tagged activation (a second, untagged host is not targeted); a oneTime scan configuration
// completes from the host's CIS inventory, and ListCisScans, both aggregations, GetCisScanResultDetails and the
// report show exactly the expected PASSED and FAILED checks; fixing two settings and running the agent again makes
// the next scan pass them; tagging the second host with AddTagsToResource brings it into the next scan. Validation
// errors, a recurring schedule, IAM denial, the trail, and a second account that sees none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  CreateCisScanConfigurationCommand,
  DeleteCisScanConfigurationCommand,
  GetCisScanReportCommand,
  GetCisScanResultDetailsCommand,
  Inspector2Client,
  ListCisScanConfigurationsCommand,
  ListCisScanResultsAggregatedByChecksCommand,
  ListCisScanResultsAggregatedByTargetResourceCommand,
  ListCisScansCommand,
  UpdateCisScanConfigurationCommand,
  type CisScan,
} from '@aws-sdk/client-inspector2';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { CHECKS } from '../../src/agent/cis/checks.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DEB_BEFORE, TRUST_SSM, activateHost, run, writeRoot } from '../helpers/inspector2-host.js';
import { waitFor } from '../helpers/wait.js';

/** The fixture's CIS settings: `bad` ones fail exactly the checks in FAILED_BEFORE. */
async function writeCisFiles(root: string, fixed: boolean): Promise<void> {
  const files: Record<string, [string, number]> = {
    'etc/fstab': ['/dev/sda1 / ext4 defaults 0 1\ntmpfs /tmp tmpfs defaults,nodev,nosuid 0 0\n', 0o644],
    'etc/sysctl.d/60-cis.conf': [
      [
        'kernel.randomize_va_space = 2',
        'fs.suid_dumpable = 0',
        `net.ipv4.ip_forward = ${fixed ? 0 : 1}`,
        'net.ipv6.conf.all.forwarding = 0',
        'net.ipv4.conf.all.accept_redirects = 0',
        'net.ipv4.conf.default.accept_redirects = 0',
        'net.ipv6.conf.all.accept_redirects = 0',
        'net.ipv6.conf.default.accept_redirects = 0',
        'net.ipv4.conf.all.rp_filter = 1',
        'net.ipv4.conf.default.rp_filter = 1',
        'net.ipv4.tcp_syncookies = 1',
        '',
      ].join('\n'),
      0o644,
    ],
    'etc/security/limits.conf': ['*               hard    core            0\n', 0o644],
    'etc/issue': ['Authorized access only.\n', 0o644],
    'etc/issue.net': ['Debian GNU/Linux 12\n', 0o644],
    'etc/crontab': ['# m h dom mon dow user command\n', 0o644],
    'etc/ssh/sshd_config': ['Include /etc/ssh/sshd_config.d/*.conf\nMaxAuthTries 4\n', 0o600],
    'etc/ssh/sshd_config.d/50-local.conf': [`PermitRootLogin ${fixed ? 'no' : 'yes'}\n`, 0o644],
    'etc/login.defs': ['PASS_MAX_DAYS 365\nPASS_MIN_DAYS 1\nPASS_WARN_AGE 7\n', 0o644],
    'etc/default/useradd': ['SHELL=/bin/sh\nINACTIVE=30\n', 0o644],
    'etc/passwd': ['root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n', 0o644],
    'etc/shadow': ['root:*:19000:0:99999:7:::\nalice:$y$j9T$salt$hash:19000:1:365:7:30::\n', 0o640],
    'srv/shared/notes.txt': ['scratch\n', 0o666],
  };
  for (const [path, [text, mode]] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
    await chmod(join(root, path), mode);
  }
  await mkdir(join(root, 'etc/cron.d'), { recursive: true });
  await chmod(join(root, 'etc/cron.d'), 0o700);
  await mkdir(join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
  await rm(join(root, 'etc/systemd/system/multi-user.target.wants/avahi-daemon.service'), { force: true });
  await symlink(
    '/lib/systemd/system/avahi-daemon.service',
    join(root, 'etc/systemd/system/multi-user.target.wants/avahi-daemon.service'),
  );
}

const FAILED_BEFORE = ['1.1.2.1.4', '1.6.3', '2.1.2', '2.4.1.2', '3.3.1', '5.1.20', '7.1.11'];
const FIXED = ['3.3.1', '5.1.20'];
const ALL = CHECKS.map((c) => c.id);

describe('Inspector2 CIS scans', () => {
  let w: TestWarden;
  let inspector: Inspector2Client;
  let work: string;
  let root: string;
  let stateDir: string;
  let tagged: string;
  let untagged: string;
  /** How the CIS operations name the tagged host (their model admits only EC2 ids: mi-X is shown as i-X). */
  let taggedCisId: string;

  before(async () => {
    w = await startWarden();
    inspector = new Inspector2Client(w.clientConfig);
    work = await mkdtemp(join(tmpdir(), 'warden-cis-e2e-'));
    root = join(work, 'root');
    stateDir = join(work, 'state');
    await writeRoot(root, DEB_BEFORE);
    await writeCisFiles(root, false);
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateRoleCommand({ RoleName: 'HybridRole', AssumeRolePolicyDocument: TRUST_SSM }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'HybridRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      }),
    );
    iam.destroy();
    // The targeted host registers through an activation tagged cis=yes: its tags are the activation's.
    const ssm = new SSMClient(w.clientConfig);
    const act = await ssm.send(
      new CreateActivationCommand({ IamRole: 'HybridRole', Tags: [{ Key: 'cis', Value: 'yes' }] }),
    );
    ssm.destroy();
    const agent = await run([
      'agent',
      ...['--activation-id', act.ActivationId!, '--activation-code', act.ActivationCode!],
      ...['--endpoint', w.endpoint, '--region', 'us-east-1', '--root', root, '--state-dir', stateDir, '--once'],
    ]);
    assert.equal(agent.code, 0, agent.stderr);
    assert.match(agent.stdout, new RegExp(`${FAILED_BEFORE.length} of ${ALL.length} CIS checks failed`));
    tagged = /(mi-[0-9a-f]{17})/.exec(agent.stdout)![1];
    taggedCisId = `i-${tagged.slice(3)}`;
    // An untagged host of the same account.
    const otherRoot = join(work, 'other');
    await writeRoot(otherRoot, DEB_BEFORE);
    untagged = await activateHost(w, otherRoot, join(work, 'other-state'));
  });

  after(async () => {
    inspector?.destroy();
    await w?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function completedScan(configArn: string, count: number): Promise<CisScan> {
    return waitFor(
      async () => {
        const scans = (
          await inspector.send(
            new ListCisScansCommand({
              filterCriteria: { scanConfigurationArnFilters: [{ comparison: 'EQUALS', value: configArn }] },
            }),
          )
        ).scans!;
        return scans.length === count && scans[0].status === 'COMPLETED' ? scans[0] : undefined;
      },
      { what: `scan ${count} of ${configArn} to complete`, timeoutMs: 30_000 },
    );
  }

  async function statuses(scanArn: string): Promise<Map<string, string>> {
    const out = await inspector.send(
      new GetCisScanResultDetailsCommand({ scanArn, targetResourceId: taggedCisId, accountId: w.accountId }),
    );
    return new Map(out.scanResultDetails!.map((d) => [d.checkId!, d.status!]));
  }

  let firstConfig: string;
  let firstScan: CisScan;

  test('a oneTime configuration scans the tagged host at once and completes from its inventory', async () => {
    const created = await inspector.send(
      new CreateCisScanConfigurationCommand({
        scanName: 'level-1-now',
        securityLevel: 'LEVEL_1',
        schedule: { oneTime: {} },
        targets: { accountIds: ['SELF'], targetResourceTags: { cis: ['yes'] } },
        tags: { team: 'platform' },
      }),
    );
    firstConfig = created.scanConfigurationArn!;
    assert.match(
      firstConfig,
      new RegExp(`^arn:aws:inspector2:us-east-1:${w.accountId}:owner/${w.accountId}/cis-configuration/[0-9a-f-]{36}$`),
    );
    firstScan = await completedScan(firstConfig, 1);
    assert.match(
      firstScan.scanArn!,
      new RegExp(`^arn:aws:inspector2:us-east-1:${w.accountId}:owner/${w.accountId}/cis-scan/`),
    );
    assert.equal(firstScan.scanName, 'level-1-now');
    assert.equal(firstScan.securityLevel, 'LEVEL_1');
    assert.equal(firstScan.scheduledBy, w.accountId);
    assert.equal(firstScan.totalChecks, ALL.length);
    assert.equal(firstScan.failedChecks, FAILED_BEFORE.length);
    assert.deepEqual(firstScan.targets, { accountIds: ['SELF'], targetResourceTags: { cis: ['yes'] } });
  });

  test('by target: only the tagged host, with its counts and tags', async () => {
    const out = await inspector.send(
      new ListCisScanResultsAggregatedByTargetResourceCommand({ scanArn: firstScan.scanArn }),
    );
    assert.equal(out.targetResourceAggregations!.length, 1);
    const t = out.targetResourceAggregations![0];
    assert.equal(t.targetResourceId, taggedCisId);
    assert.notEqual(t.targetResourceId, `i-${untagged.slice(3)}`);
    assert.equal(t.accountId, w.accountId);
    assert.equal(t.targetStatus, 'COMPLETED');
    assert.deepEqual(t.targetResourceTags, { cis: ['yes'] });
    assert.equal(t.platform, 'Debian GNU/Linux 12');
    assert.deepEqual(t.statusCounts, {
      failed: FAILED_BEFORE.length,
      passed: ALL.length - FAILED_BEFORE.length,
      skipped: 0,
    });
    const failing = await inspector.send(
      new ListCisScanResultsAggregatedByTargetResourceCommand({
        scanArn: firstScan.scanArn!,
        filterCriteria: { checkIdFilters: [{ comparison: 'EQUALS', value: '5.1.20' }] },
      }),
    );
    assert.deepEqual(failing.targetResourceAggregations![0].statusCounts, { failed: 1, passed: 0, skipped: 0 });
  });

  test('by check: exactly the expected checks failed', async () => {
    const out = await inspector.send(
      new ListCisScanResultsAggregatedByChecksCommand({ scanArn: firstScan.scanArn!, maxResults: 100 }),
    );
    const checks = out.checkAggregations!;
    assert.deepEqual(
      checks.map((c) => c.checkId),
      ALL,
      'every check once, in the benchmark order',
    );
    const failed = checks.filter((c) => c.statusCounts!.failed === 1).map((c) => c.checkId);
    assert.deepEqual(failed.sort(), [...FAILED_BEFORE].sort());
    for (const c of checks) {
      assert.equal(c.level, 'LEVEL_1');
      assert.equal(c.accountId, w.accountId);
      assert.equal((c.statusCounts!.failed ?? 0) + (c.statusCounts!.passed ?? 0), 1, c.checkId);
      assert.equal(c.title, CHECKS.find((x) => x.id === c.checkId)!.title);
    }
    const filtered = await inspector.send(
      new ListCisScanResultsAggregatedByChecksCommand({
        scanArn: firstScan.scanArn!,
        filterCriteria: { failedResourcesFilters: [{ lowerInclusive: 1 }] },
        sortBy: 'TITLE',
      }),
    );
    assert.equal(filtered.checkAggregations!.length, FAILED_BEFORE.length);
    const titles = filtered.checkAggregations!.map((c) => c.title!);
    assert.deepEqual(titles, [...titles].sort());
  });

  test('result details name each failing setting', async () => {
    const all = await statuses(firstScan.scanArn!);
    assert.deepEqual([...all.keys()].sort(), [...ALL].sort());
    for (const id of ALL) assert.equal(all.get(id), FAILED_BEFORE.includes(id) ? 'FAILED' : 'PASSED', id);
    const failed = await inspector.send(
      new GetCisScanResultDetailsCommand({
        scanArn: firstScan.scanArn!,
        targetResourceId: taggedCisId,
        accountId: w.accountId,
        filterCriteria: { findingStatusFilters: [{ comparison: 'EQUALS', value: 'FAILED' }] },
        sortBy: 'CHECK_ID',
        sortOrder: 'DESC',
      }),
    );
    const details = failed.scanResultDetails!;
    assert.deepEqual(
      details.map((d) => d.checkId),
      ['7.1.11', '5.1.20', '3.3.1', '2.4.1.2', '2.1.2', '1.6.3', '1.1.2.1.4'],
    );
    const byId = new Map(details.map((d) => [d.checkId, d.statusReason ?? '']));
    assert.match(byId.get('5.1.20')!, /PermitRootLogin yes/);
    assert.match(byId.get('3.3.1')!, /net\.ipv4\.ip_forward = 1/);
    assert.match(byId.get('7.1.11')!, /\/srv\/shared\/notes\.txt/);
    assert.match(byId.get('2.1.2')!, /avahi-daemon\.service/);
    assert.match(byId.get('1.1.2.1.4')!, /without noexec/);
  });

  test('the report: a presigned CSV and PDF', async () => {
    const csv = await inspector.send(new GetCisScanReportCommand({ scanArn: firstScan.scanArn!, reportFormat: 'CSV' }));
    assert.equal(csv.status, 'SUCCEEDED');
    const res = await fetch(csv.url!);
    assert.equal(res.status, 200);
    const lines = (await res.text()).trim().split('\r\n');
    assert.equal(
      lines[0],
      '"Account ID","Target Resource ID","Platform","Check ID","Title","Level","Status","Status Reason"',
    );
    assert.equal(lines.length, 1 + ALL.length);
    assert.ok(lines.some((l) => l.includes('"5.1.20","Ensure sshd PermitRootLogin is disabled","LEVEL_1","FAILED"')));
    const pdf = await inspector.send(new GetCisScanReportCommand({ scanArn: firstScan.scanArn }));
    const body = Buffer.from(await (await fetch(pdf.url!)).arrayBuffer());
    assert.equal(body.subarray(0, 5).toString(), '%PDF-');
    // An altered URL is refused.
    const forged = new URL(csv.url!);
    forged.searchParams.set('account', '222233334444');
    assert.equal((await fetch(forged)).status, 403);
  });

  test('fixing two settings and running the agent again: the next scan passes them', async () => {
    await writeCisFiles(root, true);
    const again = await run(['agent', '--endpoint', w.endpoint, '--root', root, '--state-dir', stateDir, '--once']);
    assert.equal(again.code, 0, again.stderr);
    // Updating the schedule to oneTime runs the configuration again.
    await inspector.send(
      new UpdateCisScanConfigurationCommand({ scanConfigurationArn: firstConfig, schedule: { oneTime: {} } }),
    );
    const second = await completedScan(firstConfig, 2);
    assert.notEqual(second.scanArn, firstScan.scanArn);
    assert.equal(second.failedChecks, FAILED_BEFORE.length - FIXED.length);
    const now = await statuses(second.scanArn!);
    for (const id of FIXED) assert.equal(now.get(id), 'PASSED', id);
    for (const id of FAILED_BEFORE.filter((x) => !FIXED.includes(x))) assert.equal(now.get(id), 'FAILED', id);
    const later = await inspector.send(
      new ListCisScansCommand({
        filterCriteria: { scanAtFilters: [{ earliestScanStartTime: new Date(firstScan.scanDate!.getTime() + 1) }] },
      }),
    );
    assert.deepEqual(
      later.scans!.map((s) => s.scanArn),
      [second.scanArn],
    );
    const oldestFirst = await inspector.send(new ListCisScansCommand({ sortBy: 'SCAN_START_DATE', sortOrder: 'ASC' }));
    assert.deepEqual(
      oldestFirst.scans!.map((s) => s.scanArn),
      [firstScan.scanArn, second.scanArn],
    );
    // The first scan's results stand.
    assert.equal((await statuses(firstScan.scanArn!)).get('5.1.20'), 'FAILED');
  });

  test('configurations: listed, a recurring schedule waits for its time, validation, delete', async () => {
    const daily = await inspector.send(
      new CreateCisScanConfigurationCommand({
        scanName: 'nightly',
        securityLevel: 'LEVEL_2',
        schedule: { daily: { startTime: { timeOfDay: '03:30', timezone: 'Europe/Berlin' } } },
        targets: { accountIds: [w.accountId], targetResourceTags: { cis: ['yes'] } },
      }),
    );
    const listed = await inspector.send(new ListCisScanConfigurationsCommand({ sortBy: 'SCAN_NAME' }));
    assert.deepEqual(
      listed.scanConfigurations!.map((c) => c.scanName),
      ['level-1-now', 'nightly'],
    );
    const nightly = listed.scanConfigurations![1];
    assert.equal(nightly.scanConfigurationArn, daily.scanConfigurationArn);
    assert.equal(nightly.ownerId, w.accountId);
    assert.deepEqual(nightly.schedule, { daily: { startTime: { timeOfDay: '03:30', timezone: 'Europe/Berlin' } } });
    assert.deepEqual(listed.scanConfigurations![0].tags, { team: 'platform' });
    const scans = await inspector.send(
      new ListCisScansCommand({
        filterCriteria: { scanConfigurationArnFilters: [{ comparison: 'EQUALS', value: daily.scanConfigurationArn! }] },
      }),
    );
    assert.deepEqual(scans.scans, []);

    const refusals: [string, () => Promise<unknown>][] = [
      [
        'two schedules',
        () =>
          inspector.send(
            new CreateCisScanConfigurationCommand({
              scanName: 'x',
              securityLevel: 'LEVEL_1',
              schedule: { oneTime: {}, daily: { startTime: { timeOfDay: '01:00', timezone: 'UTC' } } } as never,
              targets: { accountIds: ['SELF'], targetResourceTags: { a: ['b'] } },
            }),
          ),
      ],
      [
        'a time zone that does not exist',
        () =>
          inspector.send(
            new CreateCisScanConfigurationCommand({
              scanName: 'x',
              securityLevel: 'LEVEL_1',
              schedule: { daily: { startTime: { timeOfDay: '01:00', timezone: 'Mars/Olympus_Mons' } } },
              targets: { accountIds: ['SELF'], targetResourceTags: { a: ['b'] } },
            }),
          ),
      ],
      [
        "another account's instances",
        () =>
          inspector.send(
            new CreateCisScanConfigurationCommand({
              scanName: 'x',
              securityLevel: 'LEVEL_1',
              schedule: { oneTime: {} },
              targets: { accountIds: ['222233334444'], targetResourceTags: { a: ['b'] } },
            }),
          ),
      ],
    ];
    for (const [what, call] of refusals) {
      await assert.rejects(call(), (e: Error) => e.name === 'ValidationException', what);
    }

    await inspector.send(new DeleteCisScanConfigurationCommand({ scanConfigurationArn: daily.scanConfigurationArn! }));
    await assert.rejects(
      inspector.send(new DeleteCisScanConfigurationCommand({ scanConfigurationArn: daily.scanConfigurationArn! })),
      (e: Error) => e.name === 'ResourceNotFoundException',
    );
    const left = await inspector.send(new ListCisScanConfigurationsCommand({}));
    assert.deepEqual(
      left.scanConfigurations!.map((c) => c.scanConfigurationArn),
      [firstConfig],
    );
  });

  test("a managed instance's own tags (AddTagsToResource) bring it into the next scan", async () => {
    const ssm = new SSMClient(w.clientConfig);
    const tag = { ResourceType: 'ManagedInstance' as const, ResourceId: untagged };
    await ssm.send(new AddTagsToResourceCommand({ ...tag, Tags: [{ Key: 'cis', Value: 'yes' }] }));
    try {
      await inspector.send(
        new UpdateCisScanConfigurationCommand({ scanConfigurationArn: firstConfig, schedule: { oneTime: {} } }),
      );
      const third = await completedScan(firstConfig, 3);
      const targets = await inspector.send(
        new ListCisScanResultsAggregatedByTargetResourceCommand({ scanArn: third.scanArn! }),
      );
      assert.deepEqual(
        targets.targetResourceAggregations!.map((t) => t.targetResourceId).sort(),
        [taggedCisId, `i-${untagged.slice(3)}`].sort(),
      );
      for (const t of targets.targetResourceAggregations!) assert.equal(t.targetStatus, 'COMPLETED');
    } finally {
      await ssm.send(new RemoveTagsFromResourceCommand({ ...tag, TagKeys: ['cis'] }));
      ssm.destroy();
    }
  });

  test('IAM decides each operation, and changes are in the trail', async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'cis-reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'cis-reader',
        PolicyName: 'read-cis',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['inspector2:ListCisScans'], Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cis-reader' }))).AccessKey!;
    iam.destroy();
    const reader = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    try {
      assert.equal((await reader.send(new ListCisScansCommand({}))).scans!.length, 3);
      await assert.rejects(
        reader.send(
          new CreateCisScanConfigurationCommand({
            scanName: 'not-allowed',
            securityLevel: 'LEVEL_1',
            schedule: { oneTime: {} },
            targets: { accountIds: ['SELF'], targetResourceTags: { cis: ['yes'] } },
          }),
        ),
        (e: Error) => e.name === 'AccessDeniedException',
      );
    } finally {
      reader.destroy();
    }
    const trail = new CloudTrailClient(w.clientConfig);
    try {
      const events = await trail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCisScanConfiguration' }],
        }),
      );
      const sources = new Set(events.Events!.map((e) => JSON.parse(e.CloudTrailEvent!).eventSource as string));
      assert.deepEqual([...sources], ['inspector2.amazonaws.com']);
      assert.ok(events.Events!.some((e) => e.Resources?.some((r) => r.ResourceName === firstConfig)));
    } finally {
      trail.destroy();
    }
  });

  test('another account sees none of it', async () => {
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'cis-second@example.com',
      accountId: '222233334444',
    });
    const second = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    });
    try {
      assert.deepEqual((await second.send(new ListCisScansCommand({}))).scans, []);
      assert.deepEqual((await second.send(new ListCisScanConfigurationsCommand({}))).scanConfigurations, []);
      assert.deepEqual(
        (await second.send(new ListCisScanResultsAggregatedByChecksCommand({ scanArn: firstScan.scanArn })))
          .checkAggregations,
        [],
      );
      assert.deepEqual(
        (await second.send(new ListCisScanResultsAggregatedByTargetResourceCommand({ scanArn: firstScan.scanArn })))
          .targetResourceAggregations,
        [],
      );
      for (const accountId of [w.accountId, '222233334444']) {
        const details = await second.send(
          new GetCisScanResultDetailsCommand({ scanArn: firstScan.scanArn!, targetResourceId: taggedCisId, accountId }),
        );
        assert.deepEqual(details.scanResultDetails, []);
      }
      await assert.rejects(
        second.send(new GetCisScanReportCommand({ scanArn: firstScan.scanArn })),
        (e: Error) => e.name === 'ResourceNotFoundException',
      );
      for (const call of [
        () => second.send(new DeleteCisScanConfigurationCommand({ scanConfigurationArn: firstConfig })),
        () =>
          second.send(new UpdateCisScanConfigurationCommand({ scanConfigurationArn: firstConfig, scanName: 'mine' })),
      ]) {
        await assert.rejects(call(), (e: Error) => e.name === 'ResourceNotFoundException');
      }
    } finally {
      second.destroy();
    }
  });
});
