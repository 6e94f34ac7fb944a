// Another account's root calls every GuardDuty read on the first account's detector, finding, filter, lists and
// tags, and is answered as AWS answers a detector it does not own, seeing nothing of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDetectorCommand,
  CreateFilterCommand,
  CreateIPSetCommand,
  CreateSampleFindingsCommand,
  CreateThreatIntelSetCommand,
  GetDetectorCommand,
  GetFilterCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GetIPSetCommand,
  GetThreatIntelSetCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFiltersCommand,
  ListFindingsCommand,
  ListIPSetsCommand,
  ListTagsForResourceCommand,
  ListThreatIntelSetsCommand,
} from '@aws-sdk/client-guardduty';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let dir: string;
let first: GuardDutyClient;
let second: GuardDutyClient;

before(async () => {
  w = await startWarden();
  dir = await mkdtemp(join(tmpdir(), 'gd-iso-'));
  await writeFile(join(dir, 'list.txt'), '192.0.2.1\n');
  first = new GuardDutyClient(w.clientConfig);
  const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'guardduty-second@example.com',
    accountId: '222233334444',
  });
  second = new GuardDutyClient({
    ...w.clientConfig,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  });
});

after(async () => {
  await w?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const NOT_OWNED = 'The request is rejected because the input detectorId is not owned by the current account.';

test("the second account sees none of the first account's GuardDuty resources", async () => {
  const DetectorId = (await first.send(new CreateDetectorCommand({ Enable: true, Tags: { k: 'v' } }))).DetectorId!;
  await first.send(new CreateSampleFindingsCommand({ DetectorId, FindingTypes: ['PenTest:IAMUser/KaliLinux'] }));
  const findingId = (await first.send(new ListFindingsCommand({ DetectorId }))).FindingIds![0]!;
  await first.send(
    new CreateFilterCommand({
      DetectorId,
      Name: 'iso-filter',
      FindingCriteria: { Criterion: { severity: { Gte: 1 } } },
    }),
  );
  const list = { Format: 'TXT' as const, Location: join(dir, 'list.txt'), Activate: false };
  const IpSetId = (await first.send(new CreateIPSetCommand({ DetectorId, Name: 'iso-ip', ...list }))).IpSetId!;
  const ThreatIntelSetId = (await first.send(new CreateThreatIntelSetCommand({ DetectorId, Name: 'iso-t', ...list })))
    .ThreatIntelSetId!;
  const arn = `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${DetectorId}`;

  assert.deepEqual((await second.send(new ListDetectorsCommand({}))).DetectorIds, []);
  const refused = [
    () => second.send(new GetDetectorCommand({ DetectorId })),
    () => second.send(new ListFindingsCommand({ DetectorId })),
    () => second.send(new GetFindingsCommand({ DetectorId, FindingIds: [findingId] })),
    () => second.send(new GetFindingsStatisticsCommand({ DetectorId, FindingStatisticTypes: ['COUNT_BY_SEVERITY'] })),
    () => second.send(new GetFilterCommand({ DetectorId, FilterName: 'iso-filter' })),
    () => second.send(new ListFiltersCommand({ DetectorId })),
    () => second.send(new GetIPSetCommand({ DetectorId, IpSetId })),
    () => second.send(new ListIPSetsCommand({ DetectorId })),
    () => second.send(new GetThreatIntelSetCommand({ DetectorId, ThreatIntelSetId })),
    () => second.send(new ListThreatIntelSetsCommand({ DetectorId })),
    () => second.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
    () => second.send(new ListTagsForResourceCommand({ ResourceArn: `${arn}/filter/iso-filter` })),
  ];
  for (const call of refused) {
    await assert.rejects(call(), (e: Error & { Type?: string }) => {
      assert.equal(e.name, 'BadRequestException');
      assert.equal(e.message, NOT_OWNED);
      return true;
    });
  }

  // With a detector of its own, the second account still sees only its own (empty) data.
  const own = (await second.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  assert.notEqual(own, DetectorId);
  assert.deepEqual((await second.send(new ListFindingsCommand({ DetectorId: own }))).FindingIds, []);
  assert.deepEqual((await second.send(new ListFiltersCommand({ DetectorId: own }))).FilterNames, []);
  assert.deepEqual((await second.send(new ListDetectorsCommand({}))).DetectorIds, [own]);
});
