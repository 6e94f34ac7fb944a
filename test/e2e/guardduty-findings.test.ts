// GuardDuty findings and filters through the SDK: sample findings, criteria operators, sorting, paging,
// statistics, archive/unarchive, feedback, and filters (CRUD, validation, ARCHIVE suppressing new findings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArchiveFindingsCommand,
  CreateDetectorCommand,
  CreateFilterCommand,
  CreateSampleFindingsCommand,
  DeleteFilterCommand,
  GetFilterCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListFiltersCommand,
  ListFindingsCommand,
  ListTagsForResourceCommand,
  UnarchiveFindingsCommand,
  UpdateFilterCommand,
  UpdateFindingsFeedbackCommand,
  type FindingCriteria,
} from '@aws-sdk/client-guardduty';
import { administratorKeys } from '../helpers/administrator.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let gd: GuardDutyClient;
let detectorId: string;

const ROOT = 'Policy:IAMUser/RootCredentialUsage';
const KALI = 'PenTest:IAMUser/KaliLinux';
const EXFIL = 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS';
const PROBE = 'Recon:EC2/PortProbeUnprotectedPort';

before(async () => {
  w = await startWarden();
  // An IAM administrator, not the root user: the detector would otherwise find every call of this test's
  // (Policy:IAMUser/RootCredentialUsage) among the sample findings it counts.
  gd = new GuardDutyClient({ ...w.clientConfig, credentials: await administratorKeys(w) });
  detectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  await gd.send(new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: [ROOT, KALI, EXFIL, PROBE] }));
});

after(async () => {
  await w?.stop();
});

const badRequest = (p: Promise<unknown>, message: string | RegExp) =>
  assert.rejects(p, (e: Error & { Type?: string }) => {
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.Type, 'InvalidInputException');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

async function ids(criteria?: FindingCriteria): Promise<string[]> {
  return (await gd.send(new ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: criteria }))).FindingIds!;
}

async function types(criteria?: FindingCriteria): Promise<string[]> {
  const found = await ids(criteria);
  if (found.length === 0) return [];
  const { Findings } = await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: found }));
  return Findings!.map((f) => f.Type!).sort();
}

test('sample findings are exact GuardDuty findings, marked sample, and a repeat aggregates', async () => {
  const all = await ids();
  assert.equal(all.length, 4);
  const { Findings } = await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: all }));
  const root = Findings!.find((f) => f.Type === ROOT)!;
  assert.equal(root.AccountId, w.accountId);
  assert.equal(root.Region, 'us-east-1');
  assert.equal(root.Partition, 'aws');
  assert.equal(root.SchemaVersion, '2.0');
  assert.equal(root.Severity, 2);
  assert.equal(root.Arn, `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${detectorId}/finding/${root.Id}`);
  assert.match(root.Title!, /^\[SAMPLE\] /);
  assert.equal(root.Resource?.AccessKeyDetails?.UserName, 'GeneratedFindingUserName');
  assert.deepEqual(JSON.parse(root.Service!.AdditionalInfo!.Value!), { sample: true });
  assert.equal(root.Service?.Archived, false);
  assert.equal(root.Service?.Count, 1);
  assert.equal(root.Service?.DetectorId, detectorId);

  await gd.send(new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: [ROOT] }));
  assert.equal((await ids()).length, 4);
  const again = (await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: [root.Id!] })))
    .Findings![0]!;
  assert.equal(again.Service?.Count, 2);

  await badRequest(
    gd.send(new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: ['Not:A/RealType'] })),
    /invalid or out-of-range value/,
  );
});

test('criteria: Equals, NotEquals, bounds (both spellings), several fields at once; undocumented field refused', async () => {
  assert.deepEqual(await types({ Criterion: { type: { Equals: [ROOT, KALI] } } }), [KALI, ROOT]);
  assert.deepEqual(await types({ Criterion: { type: { Eq: [ROOT] } } }), [ROOT]);
  assert.deepEqual(await types({ Criterion: { type: { NotEquals: [ROOT, KALI] } } }), [PROBE, EXFIL].sort());
  assert.deepEqual(await types({ Criterion: { severity: { GreaterThanOrEqual: 5 } } }), [KALI, EXFIL].sort());
  assert.deepEqual(await types({ Criterion: { severity: { Gt: 5 } } }), [EXFIL]);
  assert.deepEqual(await types({ Criterion: { severity: { LessThan: 5 } } }), [PROBE, ROOT].sort());
  assert.deepEqual(
    await types({ Criterion: { severity: { Lte: 2 }, 'resource.resourceType': { Equals: ['Instance'] } } }),
    [PROBE],
  );
  assert.deepEqual(
    await types({ Criterion: { 'resource.accessKeyDetails.userName': { Equals: ['GeneratedFindingUserName'] } } }),
    [ROOT, KALI, EXFIL].sort(),
  );
  assert.deepEqual(await types({ Criterion: { updatedAt: { GreaterThan: Date.now() + 3_600_000 } } }), []);
  assert.equal((await ids({ Criterion: { updatedAt: { LessThanOrEqual: Date.now() + 3_600_000 } } })).length, 4);
  await badRequest(
    gd.send(
      new ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: { Criterion: { colour: { Eq: ['red'] } } } }),
    ),
    /invalid or out-of-range value/,
  );
});

test('sorting and paging', async () => {
  const bySeverity = await gd.send(
    new ListFindingsCommand({ DetectorId: detectorId, SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' } }),
  );
  const { Findings } = await gd.send(
    new GetFindingsCommand({
      DetectorId: detectorId,
      FindingIds: bySeverity.FindingIds,
      SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
    }),
  );
  const severities = Findings!.map((f) => f.Severity!);
  assert.deepEqual(
    severities,
    [...severities].sort((a, b) => b - a),
  );
  assert.equal(Findings![0]!.Type, EXFIL);

  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await gd.send(
      new ListFindingsCommand({
        DetectorId: detectorId,
        MaxResults: 3,
        NextToken: token,
        SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
      }),
    );
    assert.ok(page.FindingIds!.length <= 3);
    seen.push(...page.FindingIds!);
    token = page.NextToken;
  } while (token);
  assert.deepEqual(seen, bySeverity.FindingIds);
  await badRequest(
    gd.send(new ListFindingsCommand({ DetectorId: detectorId, SortCriteria: { AttributeName: 'colour' } })),
    /invalid or out-of-range value/,
  );
});

test('statistics: COUNT_BY_SEVERITY and GroupBy forms', async () => {
  const counted = await gd.send(
    new GetFindingsStatisticsCommand({ DetectorId: detectorId, FindingStatisticTypes: ['COUNT_BY_SEVERITY'] }),
  );
  assert.deepEqual(counted.FindingStatistics?.CountBySeverity, { '2': 2, '5': 1, '8': 1 });
  const byType = await gd.send(
    new GetFindingsStatisticsCommand({
      DetectorId: detectorId,
      GroupBy: 'FINDING_TYPE',
      FindingCriteria: { Criterion: { severity: { Gte: 5 } } },
    }),
  );
  assert.deepEqual(
    byType.FindingStatistics?.GroupedByFindingType?.map((g) => [g.FindingType, g.TotalFindings]).sort(),
    [
      [KALI, 1],
      [EXFIL, 1],
    ].sort(),
  );
  const bySeverity = await gd.send(
    new GetFindingsStatisticsCommand({ DetectorId: detectorId, GroupBy: 'SEVERITY', OrderBy: 'DESC', MaxResults: 1 }),
  );
  assert.deepEqual(
    bySeverity.FindingStatistics?.GroupedBySeverity?.map((g) => [g.Severity, g.TotalFindings]),
    [[2, 2]],
  );
  const byAccount = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detectorId, GroupBy: 'ACCOUNT' }));
  assert.deepEqual(
    byAccount.FindingStatistics?.GroupedByAccount?.map((g) => [g.AccountId, g.TotalFindings]),
    [[w.accountId, 4]],
  );
  await badRequest(gd.send(new GetFindingsStatisticsCommand({ DetectorId: detectorId })), /invalid or out-of-range/);
});

test('archive, unarchive and feedback', async () => {
  const [rootId] = await ids({ Criterion: { type: { Equals: [ROOT] } } });
  await gd.send(new ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: [rootId!] }));
  assert.deepEqual(await ids({ Criterion: { 'service.archived': { Equals: ['true'] } } }), [rootId]);
  assert.equal((await ids({ Criterion: { 'service.archived': { Equals: ['false'] } } })).length, 3);
  await gd.send(new UnarchiveFindingsCommand({ DetectorId: detectorId, FindingIds: [rootId!] }));
  assert.deepEqual(await ids({ Criterion: { 'service.archived': { Equals: ['true'] } } }), []);
  await gd.send(
    new UpdateFindingsFeedbackCommand({ DetectorId: detectorId, FindingIds: [rootId!], Feedback: 'USEFUL' }),
  );
  const f = (await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: [rootId!] }))).Findings![0]!;
  assert.equal(f.Service?.UserFeedback, 'USEFUL');
});

test('filters: create, get, update, list with paging, delete; errors as AWS words them', async () => {
  const criteria = { Criterion: { severity: { Gte: 7 } } };
  const created = await gd.send(
    new CreateFilterCommand({
      DetectorId: detectorId,
      Name: 'high-only',
      FindingCriteria: criteria,
      Description: 'high severity',
      Tags: { owner: 'sec' },
    }),
  );
  assert.equal(created.Name, 'high-only');
  const got = await gd.send(new GetFilterCommand({ DetectorId: detectorId, FilterName: 'high-only' }));
  assert.equal(got.Action, 'NOOP');
  assert.equal(got.Rank, 1);
  assert.deepEqual(got.FindingCriteria, criteria);
  assert.deepEqual(got.Tags, { owner: 'sec' });
  const arn = `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${detectorId}/filter/high-only`;
  assert.deepEqual((await gd.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { owner: 'sec' });

  await badRequest(
    gd.send(new CreateFilterCommand({ DetectorId: detectorId, Name: 'high-only', FindingCriteria: criteria })),
    /already exists/,
  );
  await badRequest(
    gd.send(new CreateFilterCommand({ DetectorId: detectorId, Name: 'bad name!', FindingCriteria: criteria })),
    /invalid or out-of-range value/,
  );
  await badRequest(
    gd.send(
      new CreateFilterCommand({
        DetectorId: detectorId,
        Name: 'bad-field',
        FindingCriteria: { Criterion: { colour: { Eq: ['x'] } } },
      }),
    ),
    /invalid or out-of-range value/,
  );
  await badRequest(
    gd.send(new GetFilterCommand({ DetectorId: detectorId, FilterName: 'missing' })),
    'The request is rejected since no such resource found.',
  );

  await gd.send(
    new UpdateFilterCommand({ DetectorId: detectorId, FilterName: 'high-only', Action: 'ARCHIVE', Rank: 2 }),
  );
  const updated = await gd.send(new GetFilterCommand({ DetectorId: detectorId, FilterName: 'high-only' }));
  assert.equal(updated.Action, 'ARCHIVE');
  assert.equal(updated.Rank, 2);

  for (const name of ['f-a', 'f-b', 'f-c'])
    await gd.send(new CreateFilterCommand({ DetectorId: detectorId, Name: name, FindingCriteria: criteria }));
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await gd.send(new ListFiltersCommand({ DetectorId: detectorId, MaxResults: 2, NextToken: token }));
    names.push(...page.FilterNames!);
    token = page.NextToken;
  } while (token);
  assert.deepEqual(names.sort(), ['f-a', 'f-b', 'f-c', 'high-only']);

  for (const name of ['f-a', 'f-b', 'f-c', 'high-only'])
    await gd.send(new DeleteFilterCommand({ DetectorId: detectorId, FilterName: name }));
  assert.deepEqual((await gd.send(new ListFiltersCommand({ DetectorId: detectorId }))).FilterNames, []);
  await badRequest(
    gd.send(new DeleteFilterCommand({ DetectorId: detectorId, FilterName: 'high-only' })),
    'The request is rejected since no such resource found.',
  );
});

test('an ARCHIVE filter archives new findings it matches (suppression), not those it does not', async () => {
  const fresh = new GuardDutyClient({ ...w.clientConfig, region: 'eu-west-1' });
  const id = (await fresh.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  await fresh.send(
    new CreateFilterCommand({
      DetectorId: id,
      Name: 'suppress-pentest',
      Action: 'ARCHIVE',
      FindingCriteria: { Criterion: { type: { Equals: [KALI] } } },
    }),
  );
  await fresh.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: [KALI, ROOT] }));
  const archived = await fresh.send(
    new ListFindingsCommand({
      DetectorId: id,
      FindingCriteria: { Criterion: { 'service.archived': { Eq: ['true'] } } },
    }),
  );
  const { Findings } = await fresh.send(new GetFindingsCommand({ DetectorId: id, FindingIds: archived.FindingIds! }));
  assert.deepEqual(
    Findings!.map((f) => f.Type),
    [KALI],
  );
});

test('another detector id is refused as not owned by the current account', async () => {
  await badRequest(
    gd.send(new ListFindingsCommand({ DetectorId: '0'.repeat(32) })),
    'The request is rejected because the input detectorId is not owned by the current account.',
  );
});
