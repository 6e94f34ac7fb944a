// Another account's root calls every GuardDuty read on the first account's detector, finding, filter, lists, members,
// publishing destination and tags, and is answered as AWS answers a detector it does not own, seeing nothing of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDetectorCommand,
  CreateMembersCommand,
  CreatePublishingDestinationCommand,
  DescribeOrganizationConfigurationCommand,
  EnableOrganizationAdminAccountCommand,
  DescribePublishingDestinationCommand,
  GetAdministratorAccountCommand,
  GetInvitationsCountCommand,
  GetMasterAccountCommand,
  GetMemberDetectorsCommand,
  GetMembersCommand,
  InviteMembersCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ListPublishingDestinationsCommand,
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
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AcceptHandshakeCommand,
  CreateOrganizationCommand,
  InviteAccountToOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
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
  // A member (invited: its address is not the account's, so verification fails) and a publishing destination.
  const memberId = '222233335555';
  await first.send(
    new CreateMembersCommand({ DetectorId, AccountDetails: [{ AccountId: memberId, Email: 'm@example.com' }] }),
  );
  await first.send(new InviteMembersCommand({ DetectorId, AccountIds: [memberId] }));
  const keyPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.accountId}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'guardduty.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
    ],
  });
  const key = (await new KMSClient(w.clientConfig).send(new CreateKeyCommand({ Policy: keyPolicy }))).KeyMetadata!;
  await mkdir(join(w.dataDir, 'guardduty', 'publishing', 'iso-bucket'), { recursive: true });
  const DestinationId = (
    await first.send(
      new CreatePublishingDestinationCommand({
        DetectorId,
        DestinationType: 'S3',
        DestinationProperties: { DestinationArn: 'arn:aws:s3:::iso-bucket', KmsKeyArn: key.Arn! },
        Tags: { k: 'v' },
      }),
    )
  ).DestinationId!;

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
    () => second.send(new ListTagsForResourceCommand({ ResourceArn: `${arn}/publishingDestination/${DestinationId}` })),
    () => second.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'false' })),
    () => second.send(new GetMembersCommand({ DetectorId, AccountIds: [memberId] })),
    () => second.send(new GetMemberDetectorsCommand({ DetectorId, AccountIds: [memberId] })),
    () => second.send(new GetAdministratorAccountCommand({ DetectorId })),
    () => second.send(new GetMasterAccountCommand({ DetectorId })),
    () => second.send(new DescribeOrganizationConfigurationCommand({ DetectorId })),
    () => second.send(new ListPublishingDestinationsCommand({ DetectorId })),
    () => second.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId })),
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
  // Detection may record findings of the second account's own (its root's calls): never the first account's.
  const ownIds = (await second.send(new ListFindingsCommand({ DetectorId: own }))).FindingIds!;
  assert.ok(!ownIds.includes(findingId));
  if (ownIds.length > 0) {
    const ownFindings = (await second.send(new GetFindingsCommand({ DetectorId: own, FindingIds: ownIds }))).Findings!;
    assert.ok(ownFindings.every((f) => f.AccountId === '222233334444'));
  }
  assert.deepEqual((await second.send(new ListFiltersCommand({ DetectorId: own }))).FilterNames, []);
  assert.deepEqual((await second.send(new ListDetectorsCommand({}))).DetectorIds, [own]);
  assert.deepEqual(
    (await second.send(new ListMembersCommand({ DetectorId: own, OnlyAssociated: 'false' }))).Members,
    [],
  );
  assert.deepEqual((await second.send(new ListPublishingDestinationsCommand({ DetectorId: own }))).Destinations, []);
  assert.deepEqual((await second.send(new ListInvitationsCommand({}))).Invitations, []);
  assert.equal((await second.send(new GetInvitationsCountCommand({}))).InvitationsCount, 0);
});

test("an account outside the first account's organization sees none of its GuardDuty administration", async () => {
  const org = new OrganizationsClient(w.clientConfig);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const joined = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'guardduty-iso-admin@example.com',
    accountId: '222233336666',
  });
  const handshake = (
    await org.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: joined.accountId } }))
  ).Handshake!;
  await new OrganizationsClient({
    ...w.clientConfig,
    credentials: { accessKeyId: joined.accessKeyId, secretAccessKey: joined.secretAccessKey },
  }).send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }));
  await first.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: joined.accountId }));
  assert.equal((await first.send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts!.length, 1);

  await assert.rejects(second.send(new ListOrganizationAdminAccountsCommand({})), (e: Error) => {
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.message, 'The request failed because you do not have required AWS Organization master permission.');
    return true;
  });
});
