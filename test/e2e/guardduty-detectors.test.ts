// GuardDuty detectors and tags through the SDK: one detector per account and Region, features echoed, AWS's errors, paging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDetectorCommand,
  DeleteDetectorCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDetectorCommand,
  ListCoverageCommand,
} from '@aws-sdk/client-guardduty';
import { LookupEventsCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';

let w: TestWarden;
let gd: GuardDutyClient;

before(async () => {
  w = await startWarden();
  gd = new GuardDutyClient(w.clientConfig);
});

after(async () => {
  await w?.stop();
});

const NOT_OWNED = 'The request is rejected because the input detectorId is not owned by the current account.';

const badRequest = (p: Promise<unknown>, message: string | RegExp) =>
  assert.rejects(p, (e: Error & { Type?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.Type, 'InvalidInputException');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

test('detector lifecycle: create, one per Region, get with features, update, tags, delete', async () => {
  const created = await gd.send(
    new CreateDetectorCommand({
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }],
      Tags: { team: 'sec' },
    }),
  );
  const id = created.DetectorId!;
  assert.match(id, /^[0-9a-f]{32}$/);

  await badRequest(
    gd.send(new CreateDetectorCommand({ Enable: true })),
    'The request is rejected because a detector already exists for the current account.',
  );

  const got = await gd.send(new GetDetectorCommand({ DetectorId: id }));
  assert.equal(got.Status, 'ENABLED');
  assert.equal(got.FindingPublishingFrequency, 'FIFTEEN_MINUTES');
  assert.equal(
    got.ServiceRole,
    `arn:aws:iam::${w.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
  );
  assert.deepEqual(got.Tags, { team: 'sec' });
  const status = (name: string) => got.Features!.find((f) => f.Name === name)?.Status;
  assert.equal(status('S3_DATA_EVENTS'), 'DISABLED');
  assert.equal(status('CLOUD_TRAIL'), 'ENABLED');
  assert.equal(status('RUNTIME_MONITORING'), 'DISABLED');
  assert.equal(got.DataSources?.S3Logs?.Status, 'DISABLED');
  assert.equal(got.DataSources?.CloudTrail?.Status, 'ENABLED');
  assert.ok(!Number.isNaN(Date.parse(got.CreatedAt!)));

  await gd.send(
    new UpdateDetectorCommand({
      DetectorId: id,
      Enable: false,
      FindingPublishingFrequency: 'ONE_HOUR',
      DataSources: { S3Logs: { Enable: true } },
    }),
  );
  const updated = await gd.send(new GetDetectorCommand({ DetectorId: id }));
  assert.equal(updated.Status, 'DISABLED');
  assert.equal(updated.FindingPublishingFrequency, 'ONE_HOUR');
  assert.equal(updated.DataSources?.S3Logs?.Status, 'ENABLED');
  assert.equal(updated.Features!.find((f) => f.Name === 'S3_DATA_EVENTS')?.Status, 'ENABLED');

  await badRequest(
    gd.send(
      new UpdateDetectorCommand({
        DetectorId: id,
        Features: [
          { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' },
          { Name: 'RUNTIME_MONITORING', Status: 'ENABLED' },
        ],
      }),
    ),
    /EKS_RUNTIME_MONITORING and RUNTIME_MONITORING/,
  );

  const arn = `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${id}`;
  await gd.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod', team: 'blue' } }));
  assert.deepEqual((await gd.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, {
    env: 'prod',
    team: 'blue',
  });
  await gd.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
  assert.deepEqual((await gd.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { env: 'prod' });
  // A reserved aws: key is refused (by the model's TagKey pattern) and nothing is written.
  await assert.rejects(gd.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:x': 'y' } })));
  assert.deepEqual((await gd.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { env: 'prod' });
  await badRequest(
    gd.send(
      new ListTagsForResourceCommand({
        ResourceArn: `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${'0'.repeat(32)}`,
      }),
    ),
    NOT_OWNED,
  );
  await badRequest(
    gd.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:guardduty:us-east-1:111122223333:detector/${id}` })),
    NOT_OWNED,
  );

  assert.deepEqual((await gd.send(new ListDetectorsCommand({}))).DetectorIds, [id]);

  // Another Region has no detector of this account, and may have its own.
  const west = new GuardDutyClient({ ...w.clientConfig, region: 'eu-west-1' });
  assert.deepEqual((await west.send(new ListDetectorsCommand({}))).DetectorIds, []);
  await badRequest(west.send(new GetDetectorCommand({ DetectorId: id })), NOT_OWNED);
  const westId = (await west.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  assert.notEqual(westId, id);
  await west.send(new DeleteDetectorCommand({ DetectorId: westId }));

  await gd.send(new DeleteDetectorCommand({ DetectorId: id }));
  await badRequest(gd.send(new GetDetectorCommand({ DetectorId: id })), NOT_OWNED);
  await badRequest(gd.send(new DeleteDetectorCommand({ DetectorId: id })), NOT_OWNED);
  assert.deepEqual((await gd.send(new ListDetectorsCommand({}))).DetectorIds, []);
  // After deletion a new detector may be created, without the old one's tags.
  const again = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  assert.deepEqual((await gd.send(new GetDetectorCommand({ DetectorId: again }))).Tags, {});
  await gd.send(new DeleteDetectorCommand({ DetectorId: again }));
});

test('ListDetectors refuses a made-up NextToken with BadRequestException', async () => {
  await badRequest(gd.send(new ListDetectorsCommand({ NextToken: 'bogus' })), /invalid or out-of-range value/);
});

test('operations not built yet answer 501 naming the operation', async () => {
  await assert.rejects(
    gd.send(new ListCoverageCommand({ DetectorId: 'd' })),
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.$metadata?.httpStatusCode, 501);
      assert.match(e.message, /ListCoverage/);
      return true;
    },
  );
});

test('calls are recorded in CloudTrail under guardduty.amazonaws.com', async () => {
  const ct = new CloudTrailClient(w.clientConfig);
  const event = await waitFor(
    async () => {
      const found = await ct.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateDetector' }],
        }),
      );
      return found.Events?.find((e) => e.EventSource === 'guardduty.amazonaws.com');
    },
    { what: 'the CreateDetector record' },
  );
  assert.equal(event.EventName, 'CreateDetector');
});
