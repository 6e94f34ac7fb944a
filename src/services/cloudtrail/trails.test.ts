import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/error.js';
import { storeBackends } from '../../../test/helpers/stores.js';
import { cloudtrail } from './index.js';
import { ACCOUNT, OTHER_ACCOUNT, openFixture, type CloudTrailFixture } from '../../../test/helpers/cloudtrail.js';

const h = cloudtrail.handlers;
const ARN = (name: string, region = 'us-east-1', account = ACCOUNT) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AwsError, `expected an AwsError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.httpStatus, 400);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

for (const backend of storeBackends()) {
  describe(`CloudTrail trails on ${backend.name}`, { skip: backend.skip }, () => {
    let fx: CloudTrailFixture;
    before(async () => {
      fx = await openFixture(backend);
    });
    after(async () => {
      await fx?.close();
    });

    test('CreateTrail returns the trail with AWS defaults and names it in the audit notes', async () => {
      const ctx = fx.ctx();
      const out = await h.CreateTrail(ctx, { Name: 'main', S3BucketName: 'audit-logs', S3KeyPrefix: 'org/prod' });
      assert.deepEqual(out, {
        Name: 'main',
        S3BucketName: 'audit-logs',
        S3KeyPrefix: 'org/prod',
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: false,
        TrailARN: ARN('main'),
        LogFileValidationEnabled: false,
        IsOrganizationTrail: false,
      });
      assert.deepEqual(ctx.audit.resources, [{ ARN: ARN('main'), accountId: ACCOUNT, type: 'AWS::CloudTrail::Trail' }]);
      const status = await h.GetTrailStatus(fx.ctx(), { Name: 'main' });
      assert.equal(status.IsLogging, false, 'a new trail does not log until StartLogging');
    });

    test('CreateTrail refuses a duplicate name, bad names, bad buckets and prefixes', async () => {
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'main', S3BucketName: 'other-bucket' }),
        'TrailAlreadyExistsException',
        `Trail main already exists for customer: ${ACCOUNT}`,
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'ab', S3BucketName: 'b-ucket' }),
        'InvalidTrailNameException',
        'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.',
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: '-abc', S3BucketName: 'bucket' }),
        'InvalidTrailNameException',
        /starts with a letter/,
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'abc-', S3BucketName: 'bucket' }),
        'InvalidTrailNameException',
        /ends with a letter/,
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'a b c', S3BucketName: 'bucket' }),
        'InvalidTrailNameException',
        /can only contain/,
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'my-_trail', S3BucketName: 'bucket' }),
        'InvalidTrailNameException',
        /adjacent/,
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: '192.168.5.4', S3BucketName: 'bucket' }),
        'InvalidTrailNameException',
        /IP address/,
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'x'.repeat(129), S3BucketName: 'bucket' }),
        'InvalidTrailNameException',
        /too long/,
      );
      for (const bucket of ['..', 'a..b', 'Upper', 'a/b', 'ab', '10.0.0.1']) {
        await rejectsWith(
          h.CreateTrail(fx.ctx(), { Name: 'other', S3BucketName: bucket }),
          'InvalidS3BucketNameException',
        );
      }
      for (const prefix of ['../escape', 'a/../../b', '/abs', 'a\\b', 'p'.repeat(201)]) {
        await rejectsWith(
          h.CreateTrail(fx.ctx(), { Name: 'other', S3BucketName: 'bucket', S3KeyPrefix: prefix }),
          'InvalidS3PrefixException',
        );
      }
      await rejectsWith(
        h.CreateTrail(fx.ctx(), {
          Name: 'other',
          S3BucketName: 'bucket',
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: false,
        }),
        'InvalidParameterCombinationException',
      );
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'other', S3BucketName: 'bucket', SnsTopicName: 'topic' }),
        'UnsupportedOperationException',
      );
      const names = (await h.ListTrails(fx.ctx(), {})).Trails.map((t: { Name: string }) => t.Name);
      assert.deepEqual(names, ['main'], 'no refused create left a trail behind');
    });

    test('GetTrail finds a trail by name or ARN; unknown trails get AWS messages', async () => {
      const byName = await h.GetTrail(fx.ctx(), { Name: 'main' });
      const byArn = await h.GetTrail(fx.ctx(), { Name: ARN('main') });
      assert.deepEqual(byName, byArn);
      assert.equal(byName.Trail.HomeRegion, 'us-east-1');
      assert.equal(byName.Trail.HasCustomEventSelectors, false);
      await rejectsWith(
        h.GetTrail(fx.ctx(), { Name: 'nope' }),
        'TrailNotFoundException',
        `Unknown trail: nope for the user: ${ACCOUNT}`,
      );
      await rejectsWith(
        h.GetTrailStatus(fx.ctx(), { Name: 'nope' }),
        'TrailNotFoundException',
        `Unknown trail: ${ARN('nope')} for the user: ${ACCOUNT}`,
      );
      await rejectsWith(
        h.StartLogging(fx.ctx(), { Name: 'nope' }),
        'TrailNotFoundException',
        `Unknown trail: ${ARN('nope')} for the user: ${ACCOUNT}`,
      );
      await rejectsWith(h.GetTrail(fx.ctx(), { Name: 'arn:aws:s3:::bucket' }), 'CloudTrailARNInvalidException');
      // Another account's trail is invisible, even by ARN.
      await rejectsWith(
        h.GetTrail(fx.ctx({ accountId: OTHER_ACCOUNT }), { Name: ARN('main') }),
        'TrailNotFoundException',
      );
      await rejectsWith(h.GetTrail(fx.ctx({ accountId: OTHER_ACCOUNT }), { Name: 'main' }), 'TrailNotFoundException');
    });

    test('regions: single-Region trails stay home, multi-Region trails shadow into every Region', async () => {
      await h.CreateTrail(fx.ctx({ region: 'eu-west-1' }), { Name: 'europe', S3BucketName: 'eu-logs' });
      await h.CreateTrail(fx.ctx({ region: 'eu-west-1' }), {
        Name: 'everywhere',
        S3BucketName: 'all-logs',
        IsMultiRegionTrail: true,
      });
      const names = async (region: string, input: Record<string, unknown> = {}) =>
        (await h.DescribeTrails(fx.ctx({ region }), input)).trailList.map((t: { Name: string }) => t.Name).sort();
      assert.deepEqual(await names('us-east-1'), ['everywhere', 'main']);
      assert.deepEqual(await names('us-east-1', { includeShadowTrails: false }), ['main']);
      assert.deepEqual(await names('eu-west-1'), ['europe', 'everywhere']);
      // Names only find this Region's own trails; another Region's trail needs its ARN.
      assert.deepEqual(await names('us-east-1', { trailNameList: ['europe', 'main'] }), ['main']);
      assert.deepEqual(await names('us-east-1', { trailNameList: [ARN('europe', 'eu-west-1')] }), ['europe']);
      await rejectsWith(h.GetTrail(fx.ctx(), { Name: 'europe' }), 'TrailNotFoundException');
      assert.equal((await h.GetTrail(fx.ctx(), { Name: 'everywhere' })).Trail.HomeRegion, 'eu-west-1');
      // A shadow trail is read-only outside its home Region.
      await rejectsWith(h.StartLogging(fx.ctx(), { Name: 'everywhere' }), 'InvalidHomeRegionException');
      await rejectsWith(
        h.DeleteTrail(fx.ctx(), { Name: ARN('everywhere', 'eu-west-1') }),
        'InvalidHomeRegionException',
      );
      const listed = (await h.ListTrails(fx.ctx(), {})).Trails;
      assert.deepEqual(
        listed.map((t: { Name: string; HomeRegion: string }) => `${t.Name}@${t.HomeRegion}`),
        ['europe@eu-west-1', 'everywhere@eu-west-1', 'main@us-east-1'],
      );
    });

    test('StartLogging and StopLogging change the status and its times', async () => {
      const started = new Date('2026-11-28T01:00:00Z');
      await h.StartLogging(fx.ctx({ receivedAt: started }), { Name: 'main' });
      let status = await h.GetTrailStatus(fx.ctx(), { Name: ARN('main') });
      assert.equal(status.IsLogging, true);
      assert.deepEqual(status.StartLoggingTime, started);
      assert.equal(status.TimeLoggingStarted, '2026-11-28T01:00:00Z');
      assert.equal(status.TimeLoggingStopped, '');
      assert.equal(status.StopLoggingTime, undefined);
      const stopped = new Date('2026-11-28T02:00:00Z');
      await h.StopLogging(fx.ctx({ receivedAt: stopped }), { Name: 'main' });
      status = await h.GetTrailStatus(fx.ctx(), { Name: 'main' });
      assert.equal(status.IsLogging, false);
      assert.deepEqual(status.StopLoggingTime, stopped);
      assert.equal(status.TimeLoggingStopped, '2026-11-28T02:00:00Z');
    });

    test('UpdateTrail changes settings in the home Region and validates them', async () => {
      const out = await h.UpdateTrail(fx.ctx(), {
        Name: 'main',
        S3BucketName: 'new-bucket',
        S3KeyPrefix: '',
        EnableLogFileValidation: true,
        KmsKeyId: 'alias/trail-key',
      });
      assert.equal(out.S3BucketName, 'new-bucket');
      assert.equal(out.S3KeyPrefix, undefined);
      assert.equal(out.LogFileValidationEnabled, true);
      assert.equal(out.KmsKeyId, `arn:aws:kms:us-east-1:${ACCOUNT}:alias/trail-key`);
      const trail = (await h.GetTrail(fx.ctx(), { Name: 'main' })).Trail;
      assert.equal(trail.S3BucketName, 'new-bucket');
      assert.equal(trail.KmsKeyId, `arn:aws:kms:us-east-1:${ACCOUNT}:alias/trail-key`);
      await rejectsWith(h.UpdateTrail(fx.ctx(), { Name: 'main', KmsKeyId: 'not a key' }), 'InvalidKmsKeyIdException');
      await rejectsWith(
        h.UpdateTrail(fx.ctx(), { Name: 'main', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false }),
        'InvalidParameterCombinationException',
      );
      await rejectsWith(
        h.UpdateTrail(fx.ctx(), { Name: 'nope' }),
        'TrailNotFoundException',
        `Unknown trail: nope for the user: ${ACCOUNT}`,
      );
    });

    test('tags: CreateTrail, AddTags, RemoveTags and ListTags', async () => {
      await h.CreateTrail(fx.ctx(), {
        Name: 'tagged',
        S3BucketName: 'bucket',
        TagsList: [{ Key: 'team', Value: 'sec' }],
      });
      await h.AddTags(fx.ctx(), {
        ResourceId: ARN('tagged'),
        TagsList: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'ops' }, { Key: 'flag' }],
      });
      let tags = await h.ListTags(fx.ctx(), { ResourceIdList: [ARN('tagged')] });
      assert.deepEqual(tags, {
        ResourceTagList: [
          {
            ResourceId: ARN('tagged'),
            TagsList: [{ Key: 'env', Value: 'prod' }, { Key: 'flag' }, { Key: 'team', Value: 'ops' }],
          },
        ],
      });
      await h.RemoveTags(fx.ctx(), { ResourceId: ARN('tagged'), TagsList: [{ Key: 'flag' }, { Key: 'env' }] });
      tags = await h.ListTags(fx.ctx(), { ResourceIdList: [ARN('tagged')] });
      assert.deepEqual(tags.ResourceTagList[0].TagsList, [{ Key: 'team', Value: 'ops' }]);
      await rejectsWith(
        h.AddTags(fx.ctx(), { ResourceId: ARN('tagged'), TagsList: [{ Key: 'aws:x', Value: '1' }] }),
        'InvalidTagParameterException',
      );
      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await rejectsWith(
        h.AddTags(fx.ctx(), { ResourceId: ARN('tagged'), TagsList: many }),
        'TagsLimitExceededException',
      );
      await rejectsWith(h.ListTags(fx.ctx(), { ResourceIdList: [ARN('missing')] }), 'ResourceNotFoundException');
      await rejectsWith(h.ListTags(fx.ctx(), { ResourceIdList: ['not-an-arn'] }), 'CloudTrailARNInvalidException');
    });

    test('DeleteTrail removes the trail and its tags; five trails per Region at most', async () => {
      await h.DeleteTrail(fx.ctx(), { Name: ARN('tagged') });
      await rejectsWith(h.GetTrail(fx.ctx(), { Name: 'tagged' }), 'TrailNotFoundException');
      await h.CreateTrail(fx.ctx(), { Name: 'tagged', S3BucketName: 'bucket' });
      const tags = await h.ListTags(fx.ctx(), { ResourceIdList: [ARN('tagged')] });
      assert.deepEqual(tags.ResourceTagList[0].TagsList, [], 'a re-created trail does not inherit old tags');

      // us-east-1 now holds main and tagged.
      for (const name of ['trail3', 'trail4', 'trail5'])
        await h.CreateTrail(fx.ctx(), { Name: name, S3BucketName: 'bucket' });
      await rejectsWith(
        h.CreateTrail(fx.ctx(), { Name: 'trail6', S3BucketName: 'bucket' }),
        'MaximumNumberOfTrailsExceededException',
        `User: ${ACCOUNT} already has 5 trails in us-east-1.`,
      );
      // The quota is per Region and per account.
      await h.CreateTrail(fx.ctx({ region: 'us-west-2' }), { Name: 'trail6', S3BucketName: 'bucket' });
      await h.CreateTrail(fx.ctx({ accountId: OTHER_ACCOUNT }), { Name: 'main', S3BucketName: 'bucket' });
      await rejectsWith(
        h.DeleteTrail(fx.ctx(), { Name: 'nope' }),
        'TrailNotFoundException',
        `Unknown trail: ${ARN('nope')} for the user: ${ACCOUNT}`,
      );
    });
  });
}
