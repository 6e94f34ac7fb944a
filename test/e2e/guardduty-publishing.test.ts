// GuardDuty publishing destinations through the SDK: a bucket ARN mapped to a directory under the data directory,
// a KMS key GuardDuty may use, PENDING_VERIFICATION → PUBLISHING / UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY, new
// active findings exported as gzipped JSON lines under AWSLogs/<account>/GuardDuty/<region>/<yyyy>/<mm>/<dd>/, updates
// once the detector's FindingPublishingFrequency has passed, an administrator's export holding its members' findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  AcceptAdministratorInvitationCommand,
  ArchiveFindingsCommand,
  CreateDetectorCommand,
  CreateMembersCommand,
  CreatePublishingDestinationCommand,
  CreateSampleFindingsCommand,
  DeleteDetectorCommand,
  DeletePublishingDestinationCommand,
  DescribePublishingDestinationCommand,
  DisassociateMembersCommand,
  GetFindingsCommand,
  GuardDutyClient,
  InviteMembersCommand,
  ListFindingsCommand,
  ListInvitationsCommand,
  ListPublishingDestinationsCommand,
  ListTagsForResourceCommand,
  UpdatePublishingDestinationCommand,
} from '@aws-sdk/client-guardduty';
import { DisableKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { publishNow } from '../../src/services/guardduty/publisher.js';
import { newKey, policyDocument } from '../helpers/kms.js';
import { rootConfigOf } from '../helpers/organizations.js';
import { waitFor } from '../helpers/wait.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let gd: GuardDutyClient;
let kms: KMSClient;
let root: string;

before(async () => {
  w = await startWarden();
  gd = new GuardDutyClient(w.clientConfig);
  kms = new KMSClient(w.clientConfig);
  root = join(w.dataDir, 'guardduty', 'publishing');
});

after(async () => {
  await w?.stop();
});

const badRequest = (p: Promise<unknown>, message: string) =>
  assert.rejects(p, (e: Error & { Type?: string }) => {
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.Type, 'InvalidInputException');
    assert.equal(e.message, message);
    return true;
  });

const INVALID = 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.';

/** A key whose policy lets the account administer it and GuardDuty generate data keys (AWS's export set-up). */
async function exportKey(allowGuardDuty = true): Promise<string> {
  const statements: Record<string, unknown>[] = [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.accountId}:root` }, Action: 'kms:*', Resource: '*' },
  ];
  if (allowGuardDuty)
    statements.push({
      Effect: 'Allow',
      Principal: { Service: 'guardduty.amazonaws.com' },
      Action: 'kms:GenerateDataKey',
      Resource: '*',
    });
  return (await newKey(kms, policyDocument(...statements))).arn;
}

/** Every exported object under a bucket directory: its key (relative path) and its findings. */
async function exported(bucket: string): Promise<{ key: string; findings: Record<string, any>[] }[]> {
  const dir = join(root, bucket);
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.jsonl.gz')).sort();
  const out = [];
  for (const key of files) {
    const lines = gunzipSync(await readFile(join(dir, key)))
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    out.push({ key, findings: lines.map((l) => JSON.parse(l) as Record<string, any>) });
  }
  return out;
}

async function describe(DetectorId: string, DestinationId: string) {
  return gd.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId }));
}

test('a destination is verified, exports new active findings, then updates at the detector frequency', async () => {
  const DetectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const key = await exportKey();
  const refused = await exportKey(false);
  await mkdir(join(root, 'gd-findings', 'exports'), { recursive: true });
  const create = (DestinationArn: string, KmsKeyArn = key) =>
    gd.send(
      new CreatePublishingDestinationCommand({
        DetectorId,
        DestinationType: 'S3',
        DestinationProperties: { DestinationArn, KmsKeyArn },
        Tags: { team: 'sec' },
      }),
    );
  // Bucket names, never paths; the bucket (a directory under the publishing root) and its prefix must exist.
  for (const bad of [
    'arn:aws:s3:::../gd-findings',
    'arn:aws:s3:::gd-findings/../../outside',
    'arn:aws:s3:::missing-bucket',
    'arn:aws:s3:::gd-findings/no-such-prefix',
    'gd-findings',
  ])
    await badRequest(create(bad), INVALID);
  await badRequest(create('arn:aws:s3:::gd-findings', 'arn:aws:kms:us-east-1:123456789012:alias/x'), INVALID);

  const DestinationId = (await create('arn:aws:s3:::gd-findings/exports')).DestinationId!;
  assert.match(DestinationId, /^[0-9a-f]{32}$/);
  const first = await describe(DetectorId, DestinationId);
  assert.equal(first.Status, 'PENDING_VERIFICATION');
  assert.equal(first.DestinationType, 'S3');
  assert.equal(first.PublishingFailureStartTimestamp, 0);
  assert.deepEqual(first.DestinationProperties, { DestinationArn: 'arn:aws:s3:::gd-findings/exports', KmsKeyArn: key });
  assert.deepEqual(first.Tags, { team: 'sec' });
  const arn = `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${DetectorId}/publishingDestination/${DestinationId}`;
  assert.deepEqual((await gd.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { team: 'sec' });
  assert.deepEqual((await gd.send(new ListPublishingDestinationsCommand({ DetectorId }))).Destinations, [
    { DestinationId, DestinationType: 'S3', Status: 'PENDING_VERIFICATION' },
  ]);

  // New findings: the active ones are exported at the next pass; an archived one is not.
  await gd.send(
    new CreateSampleFindingsCommand({
      DetectorId,
      FindingTypes: ['PenTest:IAMUser/KaliLinux', 'Stealth:IAMUser/PasswordPolicyChange'],
    }),
  );
  const ids = (await gd.send(new ListFindingsCommand({ DetectorId }))).FindingIds!;
  const samples = (await gd.send(new GetFindingsCommand({ DetectorId, FindingIds: ids }))).Findings!.filter((f) =>
    f.Title!.startsWith('[SAMPLE]'),
  );
  const kali = samples.find((f) => f.Type === 'PenTest:IAMUser/KaliLinux')!;
  const password = samples.find((f) => f.Type === 'Stealth:IAMUser/PasswordPolicyChange')!;
  await gd.send(new ArchiveFindingsCommand({ DetectorId, FindingIds: [password.Id!] }));
  const t0 = Date.now() + 1;
  await publishNow(w.warden.runtime, t0);
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'PUBLISHING');
  const objects = await exported('gd-findings');
  assert.ok(objects.length >= 1);
  const day = new Date(t0).toISOString().slice(0, 10).replaceAll('-', '/');
  for (const o of objects)
    assert.match(
      o.key,
      new RegExp(`^exports/AWSLogs/${w.accountId}/GuardDuty/us-east-1/${day}/[0-9a-f-]{36}\\.jsonl\\.gz$`),
    );
  const all = objects.flatMap((o) => o.findings);
  const exportedKali = all.filter((f) => f.id === kali.Id);
  assert.equal(exportedKali.length, 1);
  // GuardDuty's finding JSON with lowerCamelCase members.
  assert.equal(exportedKali[0]!.type, 'PenTest:IAMUser/KaliLinux');
  assert.equal(exportedKali[0]!.accountId, w.accountId);
  assert.equal(exportedKali[0]!.severity, kali.Severity);
  assert.equal(exportedKali[0]!.service.count, 1);
  assert.equal(exportedKali[0]!.resource.accessKeyDetails.userName, 'GeneratedFindingUserName');
  assert.ok(!all.some((f) => f.id === password.Id));

  // A repeat updates the finding; the update waits for the detector's frequency (SIX_HOURS by default).
  await gd.send(new CreateSampleFindingsCommand({ DetectorId, FindingTypes: ['PenTest:IAMUser/KaliLinux'] }));
  const t1 = Date.now() + 1;
  await publishNow(w.warden.runtime, t1);
  assert.equal((await exported('gd-findings')).flatMap((o) => o.findings).filter((f) => f.id === kali.Id).length, 1);

  // The destination's properties: a key GuardDuty may not use, a disabled key, a missing bucket.
  await gd.send(
    new UpdatePublishingDestinationCommand({
      DetectorId,
      DestinationId,
      DestinationProperties: { KmsKeyArn: refused },
    }),
  );
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'PENDING_VERIFICATION');
  await publishNow(w.warden.runtime, t1 + 1);
  const failing = await describe(DetectorId, DestinationId);
  assert.equal(failing.Status, 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY');
  assert.equal(failing.PublishingFailureStartTimestamp, t1 + 1);
  await publishNow(w.warden.runtime, t1 + 2);
  assert.equal((await describe(DetectorId, DestinationId)).PublishingFailureStartTimestamp, t1 + 1);
  await gd.send(
    new UpdatePublishingDestinationCommand({ DetectorId, DestinationId, DestinationProperties: { KmsKeyArn: key } }),
  );
  await publishNow(w.warden.runtime, t1 + 3);
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'PUBLISHING');
  await kms.send(new DisableKeyCommand({ KeyId: key }));
  await publishNow(w.warden.runtime, t1 + 4);
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY');
  await kms.send(new EnableKeyCommand({ KeyId: key }));
  await publishNow(w.warden.runtime, t1 + 5);
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'PUBLISHING');
  await rm(join(root, 'gd-findings', 'exports'), { recursive: true });
  await publishNow(w.warden.runtime, t1 + 6);
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY');
  await mkdir(join(root, 'gd-findings', 'exports'), { recursive: true });

  // Six hours on, the update is exported with its new count.
  await publishNow(w.warden.runtime, t1 + 6 * 60 * 60_000);
  assert.equal((await describe(DetectorId, DestinationId)).Status, 'PUBLISHING');
  const updated = (await exported('gd-findings')).flatMap((o) => o.findings).filter((f) => f.id === kali.Id);
  assert.deepEqual(
    updated.map((f) => f.service.count),
    [2],
  );

  await gd.send(new DeletePublishingDestinationCommand({ DetectorId, DestinationId }));
  await badRequest(describe(DetectorId, DestinationId), 'The request is rejected since no such resource found.');
  await badRequest(
    gd.send(new DeletePublishingDestinationCommand({ DetectorId, DestinationId })),
    'The request is rejected since no such resource found.',
  );
  await gd.send(new DeleteDetectorCommand({ DetectorId }));
});

test("an administrator's destination receives its members' findings; another account sees none of its destinations", async () => {
  const DetectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const made = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'gd-pub-member@example.com',
    accountId: '230000000001',
  });
  const member = new GuardDutyClient(rootConfigOf(w, made));
  const memberDetector = (await member.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  await gd.send(
    new CreateMembersCommand({
      DetectorId,
      AccountDetails: [{ AccountId: made.accountId, Email: 'gd-pub-member@example.com' }],
    }),
  );
  await gd.send(new InviteMembersCommand({ DetectorId, AccountIds: [made.accountId] }));
  const invitation = (await member.send(new ListInvitationsCommand({}))).Invitations![0]!;
  await member.send(
    new AcceptAdministratorInvitationCommand({
      DetectorId: memberDetector,
      AdministratorId: w.accountId,
      InvitationId: invitation.InvitationId!,
    }),
  );
  await mkdir(join(root, 'gd-org-findings'), { recursive: true });
  const DestinationId = (
    await gd.send(
      new CreatePublishingDestinationCommand({
        DetectorId,
        DestinationType: 'S3',
        DestinationProperties: { DestinationArn: 'arn:aws:s3:::gd-org-findings', KmsKeyArn: await exportKey() },
      }),
    )
  ).DestinationId!;
  await member.send(
    new CreateSampleFindingsCommand({ DetectorId: memberDetector, FindingTypes: ['PenTest:IAMUser/KaliLinux'] }),
  );
  await publishNow(w.warden.runtime, Date.now() + 1);
  const objects = await exported('gd-org-findings');
  const memberObjects = objects.filter((o) => o.key.startsWith(`AWSLogs/${made.accountId}/GuardDuty/us-east-1/`));
  assert.equal(memberObjects.length, 1);
  assert.ok(
    memberObjects[0]!.findings.some((f) => f.type === 'PenTest:IAMUser/KaliLinux' && f.accountId === made.accountId),
  );

  // The member owns no destination of the administrator's detector.
  const notOwned = 'The request is rejected because the input detectorId is not owned by the current account.';
  await badRequest(member.send(new ListPublishingDestinationsCommand({ DetectorId })), notOwned);
  await badRequest(member.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId })), notOwned);
  assert.deepEqual(
    (await member.send(new ListPublishingDestinationsCommand({ DetectorId: memberDetector }))).Destinations,
    [],
  );
  // An administrator's detector goes only once it has no invited or associated members.
  await badRequest(
    gd.send(new DeleteDetectorCommand({ DetectorId })),
    'The request is rejected because the current account cannot delete detector while it has invited or associated members.',
  );
  await gd.send(new DisassociateMembersCommand({ DetectorId, AccountIds: [made.accountId] }));
  await gd.send(new DeleteDetectorCommand({ DetectorId }));
  await badRequest(
    gd.send(new ListPublishingDestinationsCommand({ DetectorId })),
    'The request is rejected because the input detectorId is not owned by the current account.',
  );
});

test('the publisher runs on its own every guarddutyPublishIntervalMs', async () => {
  const fast = await startWarden({ guarddutyPublishIntervalMs: 50 });
  try {
    const client = new GuardDutyClient(fast.clientConfig);
    const keyArn = (
      await newKey(
        new KMSClient(fast.clientConfig),
        policyDocument(
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${fast.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          { Effect: 'Allow', Principal: { Service: 'guardduty.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
        ),
      )
    ).arn;
    const DetectorId = (await client.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
    const bucket = join(fast.dataDir, 'guardduty', 'publishing', 'gd-timer');
    await mkdir(bucket, { recursive: true });
    const DestinationId = (
      await client.send(
        new CreatePublishingDestinationCommand({
          DetectorId,
          DestinationType: 'S3',
          DestinationProperties: { DestinationArn: 'arn:aws:s3:::gd-timer', KmsKeyArn: keyArn },
        }),
      )
    ).DestinationId!;
    await client.send(new CreateSampleFindingsCommand({ DetectorId, FindingTypes: ['PenTest:IAMUser/KaliLinux'] }));
    await waitFor(
      async () => {
        const files = (await readdir(bucket, { recursive: true })).filter((f) => f.endsWith('.jsonl.gz'));
        return files.length > 0 ? files : undefined;
      },
      { what: 'the publisher to export the sample finding' },
    );
    const status = (await client.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId }))).Status;
    assert.equal(status, 'PUBLISHING');
  } finally {
    await fast.stop();
  }
});
