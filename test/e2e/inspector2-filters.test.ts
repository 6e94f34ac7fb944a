// Inspector2 finding filters and aggregations end to end with the SDK v3 client: the fixture host's findings (see
// test/helpers/inspector2-host.ts), a NONE filter that changes nothing, a SUPPRESS filter whose matching findings read
// SUPPRESSED and come back ACTIVE when it is changed or deleted, AWS's errors, and a second account that sees none of
// the first's filters or aggregations and cannot touch them. ListFindingAggregations counts what ListFindings shows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFilterCommand,
  DeleteFilterCommand,
  EnableCommand,
  Inspector2Client,
  ListFiltersCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  UpdateFilterCommand,
  type FilterCriteria,
  type Finding,
} from '@aws-sdk/client-inspector2';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DEB_BEFORE, OSV, registerHost, run, writeRoot } from '../helpers/inspector2-host.js';

const NETWORK: FilterCriteria = { findingType: [{ comparison: 'EQUALS', value: 'NETWORK_REACHABILITY' }] };
const PACKAGE: FilterCriteria = { findingType: [{ comparison: 'EQUALS', value: 'PACKAGE_VULNERABILITY' }] };

async function rejection(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  return assert.fail('expected a rejection');
}

describe('Inspector2 filters and suppression rules', () => {
  let w: TestWarden;
  let work: string;
  let inspector: Inspector2Client;

  async function findings(criteria?: FilterCriteria): Promise<Finding[]> {
    const all: Finding[] = [];
    let nextToken: string | undefined;
    do {
      const page = await inspector.send(new ListFindingsCommand({ filterCriteria: criteria, nextToken }));
      all.push(...(page.findings ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  }

  /** Each finding's type and status, sorted: what suppression changes. */
  async function statuses(): Promise<string[]> {
    return (await findings()).map((f) => `${f.type}:${f.status}`).sort();
  }

  before(async () => {
    w = await startWarden();
    work = await mkdtemp(join(tmpdir(), 'warden-inspector2-filters-'));
    const root = join(work, 'root');
    await writeRoot(root, DEB_BEFORE);
    const imported = await run(['inspector', 'import-advisories', OSV, '--data-dir', w.dataDir]);
    assert.equal(imported.code, 0, imported.stderr);
    inspector = new Inspector2Client(w.clientConfig);
    await registerHost(w, root, join(work, 'state'));
    await inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));
    // The evaluator runs in the background; the deadline only guards against a hang.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const f = await findings();
      if (f.some((x) => x.type === 'NETWORK_REACHABILITY') && f.some((x) => x.type === 'PACKAGE_VULNERABILITY')) break;
      if (Date.now() > deadline) assert.fail(`no findings: ${JSON.stringify(f).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    inspector?.destroy();
    await w?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('a NONE filter is kept as created and suppresses nothing', async () => {
    const before = await statuses();
    assert.ok(
      before.every((s) => s.endsWith(':ACTIVE')),
      before.join(),
    );
    const created = await inspector.send(
      new CreateFilterCommand({
        name: 'critical',
        action: 'NONE',
        description: 'Critical findings',
        filterCriteria: { severity: [{ comparison: 'EQUALS', value: 'CRITICAL' }] },
        tags: { team: 'sec' },
      }),
    );
    assert.match(
      created.arn!,
      new RegExp(`^arn:aws:inspector2:us-east-1:${w.accountId}:owner/${w.accountId}/filter/[0-9a-f]{16}$`),
    );
    const listed = await inspector.send(new ListFiltersCommand({}));
    assert.equal(listed.filters?.length, 1);
    const f = listed.filters![0]!;
    assert.equal(f.arn, created.arn);
    assert.equal(f.ownerId, w.accountId);
    assert.equal(f.name, 'critical');
    assert.equal(f.action, 'NONE');
    assert.equal(f.description, 'Critical findings');
    assert.deepEqual(f.criteria, { severity: [{ comparison: 'EQUALS', value: 'CRITICAL' }] });
    assert.deepEqual(f.tags, { team: 'sec' });
    assert.ok(f.createdAt instanceof Date && f.updatedAt instanceof Date);
    assert.equal(f.reason, undefined);
    assert.deepEqual(await statuses(), before);
  });

  test('a SUPPRESS filter suppresses the active findings it matches, until changed or deleted', async () => {
    const all = await findings();
    const network = all.filter((f) => f.type === 'NETWORK_REACHABILITY').length;
    const pkg = all.filter((f) => f.type === 'PACKAGE_VULNERABILITY').length;
    const { arn } = await inspector.send(
      new CreateFilterCommand({
        name: 'hide-network',
        action: 'SUPPRESS',
        reason: 'behind a firewall',
        filterCriteria: NETWORK,
      }),
    );
    const expect = (n: string, p: string) =>
      [...Array(network).fill(`NETWORK_REACHABILITY:${n}`), ...Array(pkg).fill(`PACKAGE_VULNERABILITY:${p}`)].sort();
    assert.deepEqual(await statuses(), expect('SUPPRESSED', 'ACTIVE'));
    // ListFindings filters on the status findings read with.
    const suppressed = await findings({ findingStatus: [{ comparison: 'EQUALS', value: 'SUPPRESSED' }] });
    assert.equal(suppressed.length, network);
    assert.ok(suppressed.every((f) => f.type === 'NETWORK_REACHABILITY'));
    const only = await inspector.send(new ListFiltersCommand({ action: 'SUPPRESS' }));
    assert.deepEqual(
      only.filters?.map((f) => [f.arn, f.reason]),
      [[arn, 'behind a firewall']],
    );

    await inspector.send(new UpdateFilterCommand({ filterArn: arn, filterCriteria: PACKAGE }));
    assert.deepEqual(await statuses(), expect('ACTIVE', 'SUPPRESSED'));
    await inspector.send(new UpdateFilterCommand({ filterArn: arn, action: 'NONE' }));
    assert.deepEqual(await statuses(), expect('ACTIVE', 'ACTIVE'));
    await inspector.send(new UpdateFilterCommand({ filterArn: arn, action: 'SUPPRESS', name: 'hide-packages' }));
    assert.deepEqual(await statuses(), expect('ACTIVE', 'SUPPRESSED'));
    const updated = (await inspector.send(new ListFiltersCommand({ arns: [arn!] }))).filters!;
    assert.deepEqual(
      updated.map((f) => [f.name, f.action, f.criteria]),
      [['hide-packages', 'SUPPRESS', PACKAGE]],
    );
    assert.ok(updated[0]!.updatedAt! > updated[0]!.createdAt!);

    assert.deepEqual(await inspector.send(new DeleteFilterCommand({ arn })).then((r) => r.arn), arn);
    assert.deepEqual(await statuses(), expect('ACTIVE', 'ACTIVE'));
  });

  test('pages of filters, and the errors AWS answers', async () => {
    const second = await inspector.send(
      new CreateFilterCommand({ name: 'b', action: 'NONE', filterCriteria: PACKAGE }),
    );
    const page1 = await inspector.send(new ListFiltersCommand({ maxResults: 1 }));
    assert.equal(page1.filters?.length, 1);
    assert.ok(page1.nextToken);
    const page2 = await inspector.send(new ListFiltersCommand({ maxResults: 1, nextToken: page1.nextToken }));
    assert.deepEqual(
      page2.filters?.map((f) => f.arn),
      [second.arn],
    );
    assert.equal(page2.nextToken, undefined);
    const bad = await rejection(inspector.send(new ListFiltersCommand({ nextToken: 'forged' })));
    assert.equal(bad.name, 'ValidationException');

    const empty = await rejection(
      inspector.send(new CreateFilterCommand({ name: 'x', action: 'SUPPRESS', filterCriteria: {} })),
    );
    assert.deepEqual([empty.name, empty.status], ['ValidationException', 400]);
    const badAction = await rejection(
      inspector.send(new CreateFilterCommand({ name: 'x', action: 'HIDE' as 'NONE', filterCriteria: PACKAGE })),
    );
    assert.equal(badAction.name, 'ValidationException');
    const tags = await rejection(
      inspector.send(
        new CreateFilterCommand({ name: 'x', action: 'NONE', filterCriteria: PACKAGE, tags: { 'aws:x': 'y' } }),
      ),
    );
    assert.deepEqual([tags.name, tags.status], ['BadRequestException', 400]);
    const gone = `arn:aws:inspector2:us-east-1:${w.accountId}:owner/${w.accountId}/filter/0000000000000000`;
    for (const p of [
      inspector.send(new UpdateFilterCommand({ filterArn: gone, name: 'y' })),
      inspector.send(new DeleteFilterCommand({ arn: gone })),
    ]) {
      const e = await rejection(p);
      assert.deepEqual([e.name, e.status], ['ResourceNotFoundException', 404]);
    }
    await inspector.send(new DeleteFilterCommand({ arn: second.arn }));
    // The quota: 500 filters per account and region (the rows written straight to the store, in another region).
    await w.warden.runtime.store.db
      .insertInto('inspector2_filters')
      .values(
        Array.from({ length: 500 }, (_, i) => ({
          arn: `arn:aws:inspector2:eu-west-1:${w.accountId}:owner/${w.accountId}/filter/q${i}`,
          account_id: w.accountId,
          region: 'eu-west-1',
          name: `q${i}`,
          action: 'NONE',
          criteria: JSON.stringify(PACKAGE),
          description: null,
          reason: null,
          tags: '{}',
          created_at: i,
          updated_at: i,
        })),
      )
      .execute();
    const eu = new Inspector2Client({ ...w.clientConfig, region: 'eu-west-1' });
    try {
      const quota = await rejection(
        eu.send(new CreateFilterCommand({ name: 'one-too-many', action: 'NONE', filterCriteria: PACKAGE })),
      );
      assert.deepEqual([quota.name, quota.status], ['ServiceQuotaExceededException', 402]);
    } finally {
      eu.destroy();
    }
    const again = await rejection(inspector.send(new DeleteFilterCommand({ arn: second.arn })));
    assert.equal(again.name, 'ResourceNotFoundException');
  });

  test('ListFindingAggregations: ACCOUNT and TITLE count the active findings, not the suppressed ones', async () => {
    const all = await findings();
    const sev = (fs: Finding[]) => {
      // The installed SDK reads only these members of SeverityCounts (the newer model's low, informational and
      // untriaged, which Warden also sends, are dropped by its deserializer).
      const c: Record<string, number> = { all: fs.length, critical: 0, high: 0, medium: 0 };
      for (const f of fs) {
        const k = f.severity!.toLowerCase();
        if (k in c) c[k]! += 1;
      }
      return c;
    };
    const account = async () =>
      (await inspector.send(new ListFindingAggregationsCommand({ aggregationType: 'ACCOUNT' }))).responses;
    assert.deepEqual(await account(), [
      {
        accountAggregation: {
          accountId: w.accountId,
          severityCounts: sev(all),
          exploitAvailableCount: 0,
          fixAvailableCount: all.filter((f) => f.fixAvailable === 'YES').length,
        },
      },
    ]);
    const pkgs = all.filter((f) => f.type === 'PACKAGE_VULNERABILITY');
    const byType = await inspector.send(
      new ListFindingAggregationsCommand({
        aggregationType: 'ACCOUNT',
        aggregationRequest: { accountAggregation: { findingType: 'PACKAGE_VULNERABILITY' } },
      }),
    );
    assert.deepEqual(byType.responses?.[0]?.accountAggregation?.severityCounts, sev(pkgs));

    const titles = await inspector.send(
      new ListFindingAggregationsCommand({
        aggregationType: 'TITLE',
        aggregationRequest: { titleAggregation: { sortBy: 'ALL' } },
      }),
    );
    assert.deepEqual(
      titles.responses?.map((r) => r.titleAggregation?.title).sort(),
      [...new Set(all.map((f) => f.title))].sort(),
    );
    for (const r of titles.responses ?? []) {
      const t = r.titleAggregation!;
      const mine = all.filter((f) => f.title === t.title);
      assert.deepEqual(t.severityCounts, sev(mine));
      assert.equal(t.vulnerabilityId, mine[0]!.packageVulnerabilityDetails?.vulnerabilityId);
    }

    const { arn } = await inspector.send(
      new CreateFilterCommand({ name: 'agg', action: 'SUPPRESS', filterCriteria: PACKAGE }),
    );
    const left = all.filter((f) => f.type !== 'PACKAGE_VULNERABILITY');
    assert.deepEqual((await account())?.[0]?.accountAggregation?.severityCounts, sev(left));
    await inspector.send(new DeleteFilterCommand({ arn }));
    assert.deepEqual((await account())?.[0]?.accountAggregation?.severityCounts, sev(all));

    const mismatch = await rejection(
      inspector.send(
        new ListFindingAggregationsCommand({
          aggregationType: 'ACCOUNT',
          aggregationRequest: { titleAggregation: {} },
        }),
      ),
    );
    assert.equal(mismatch.name, 'ValidationException');
    // Managed instances are launched from no AMI: the AMI aggregation has no groups.
    const amis = await inspector.send(new ListFindingAggregationsCommand({ aggregationType: 'AMI' }));
    assert.deepEqual(amis.responses, []);
  });

  test('a second account sees none of the first account’s filters and its rules suppress nothing of the first’s', async () => {
    const mine = await inspector.send(
      new CreateFilterCommand({ name: 'mine', action: 'NONE', filterCriteria: NETWORK }),
    );
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'inspector-filters-second@example.com',
      accountId: '222233334444',
    });
    const second = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    });
    try {
      assert.deepEqual((await second.send(new ListFiltersCommand({}))).filters, []);
      for (const aggregationType of ['ACCOUNT', 'TITLE'] as const)
        assert.deepEqual((await second.send(new ListFindingAggregationsCommand({ aggregationType }))).responses, []);
      assert.deepEqual((await second.send(new ListFiltersCommand({ arns: [mine.arn!] }))).filters, []);
      for (const p of [
        second.send(new UpdateFilterCommand({ filterArn: mine.arn, action: 'SUPPRESS' })),
        second.send(new DeleteFilterCommand({ arn: mine.arn })),
      ])
        assert.equal((await rejection(p)).name, 'ResourceNotFoundException');
      await second.send(new CreateFilterCommand({ name: 'all', action: 'SUPPRESS', filterCriteria: NETWORK }));
      assert.ok((await statuses()).every((s) => s.endsWith(':ACTIVE')));
      const own = (await inspector.send(new ListFiltersCommand({}))).filters!;
      assert.deepEqual(
        own.map((f) => [f.name, f.action]),
        [
          ['critical', 'NONE'],
          ['mine', 'NONE'],
        ],
      );
    } finally {
      second.destroy();
    }
  });
});
