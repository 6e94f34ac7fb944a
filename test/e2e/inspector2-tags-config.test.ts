// Inspector2 tags and scan configuration end to end with the SDK v3 client: a filter's tags listed, added and removed,
// AWS's bounds (50 tags, key 128 / value 256, no `aws:` keys) and errors, aws:ResourceTag / aws:TagKeys deciding a
// tag call, a second account that can neither list nor change the first's filter's tags nor read its configuration,
// and UpdateConfiguration / GetConfiguration round trips per account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateCisScanConfigurationCommand,
  CreateFilterCommand,
  GetConfigurationCommand,
  Inspector2Client,
  ListFiltersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateConfigurationCommand,
  type FilterCriteria,
} from '@aws-sdk/client-inspector2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';

const NETWORK: FilterCriteria = { findingType: [{ comparison: 'EQUALS', value: 'NETWORK_REACHABILITY' }] };

async function rejection(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  return assert.fail('expected a rejection');
}

const manyTags = (n: number, prefix = 'k') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));

describe('Inspector2 tags and configuration', () => {
  let w: TestWarden;
  let inspector: Inspector2Client;
  let second: Inspector2Client;

  const filter = async (name: string, tags?: Record<string, string>) =>
    (await inspector.send(new CreateFilterCommand({ name, action: 'NONE', filterCriteria: NETWORK, tags }))).arn!;
  const tagsOf = async (arn: string, client = inspector) =>
    (await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags;

  before(async () => {
    w = await startWarden();
    inspector = new Inspector2Client(w.clientConfig);
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'inspector-tags-second@example.com',
      accountId: '222233334444',
    });
    second = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    });
  });

  after(async () => {
    await w?.stop();
  });

  test("a filter's tags are listed, added to, overwritten and removed", async () => {
    const arn = await filter('tagged', { team: 'blue' });
    assert.deepEqual(await tagsOf(arn), { team: 'blue' });
    await inspector.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'prod', team: 'red' } }));
    assert.deepEqual(await tagsOf(arn), { env: 'prod', team: 'red' });
    await inspector.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'absent'] }));
    assert.deepEqual(await tagsOf(arn), { env: 'prod' });
    // ListFilters shows the same tags.
    const listed = (await inspector.send(new ListFiltersCommand({ arns: [arn] }))).filters!;
    assert.deepEqual(listed[0]!.tags, { env: 'prod' });
    assert.deepEqual(await tagsOf(await filter('untagged')), {});
  });

  test('tags past AWS’s bounds are refused, and the filter keeps its tags', async () => {
    const arn = await filter('bounded', manyTags(45));
    const refused = async (tags: Record<string, string>) =>
      rejection(inspector.send(new TagResourceCommand({ resourceArn: arn, tags })));
    for (const tags of [manyTags(51, 'x'), manyTags(6, 'y'), { 'aws:owner': 'me' }, { 'AWS:owner': 'me' }]) {
      const r = await refused(tags);
      assert.equal(r.name, 'BadRequestException', JSON.stringify(tags).slice(0, 80));
      assert.equal(r.status, 400);
      assert.equal(r.message, 'One or more tags submitted as part of the request is not valid.');
    }
    // Five more make exactly 50.
    await inspector.send(new TagResourceCommand({ resourceArn: arn, tags: manyTags(5, 'z') }));
    assert.equal(Object.keys((await tagsOf(arn))!).length, 50);
    for (const tags of [{ ['k'.repeat(129)]: 'v' }, { long: 'v'.repeat(257) }]) {
      const r = await refused(tags);
      assert.equal(r.name, 'ValidationException');
      assert.equal(r.status, 400);
    }
    const ok = await tagsOf(arn);
    assert.equal(Object.keys(ok!).length, 50);
    // The limits themselves are accepted (after making room).
    await inspector.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['k0'] }));
    await inspector.send(new TagResourceCommand({ resourceArn: arn, tags: { ['k'.repeat(128)]: 'v'.repeat(256) } }));
    assert.equal((await tagsOf(arn))!['k'.repeat(128)], 'v'.repeat(256));
    // UntagResource's keys follow the model's TagKey pattern, which excludes aws: keys.
    const r = await rejection(inspector.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['aws:x'] })));
    assert.equal(r.name, 'ValidationException');
  });

  test('an ARN that names no filter of the caller is not found; one that names no Inspector resource is invalid', async () => {
    const arn = await filter('present');
    const missing = arn.replace(/filter\/[0-9a-f]+$/, 'filter/0123456789abcdef');
    for (const call of [
      () => inspector.send(new ListTagsForResourceCommand({ resourceArn: missing })),
      () => inspector.send(new TagResourceCommand({ resourceArn: missing, tags: { a: 'b' } })),
      () => inspector.send(new UntagResourceCommand({ resourceArn: missing, tagKeys: ['a'] })),
      // Another Region's ARN names no filter of this Region.
      () => inspector.send(new ListTagsForResourceCommand({ resourceArn: arn.replace(':us-east-1:', ':eu-west-1:') })),
    ]) {
      const r = await rejection(call());
      assert.equal(r.name, 'ResourceNotFoundException');
      assert.equal(r.status, 404);
    }
    for (const resourceArn of ['arn:aws:s3:::bucket', 'not an arn']) {
      const r = await rejection(inspector.send(new ListTagsForResourceCommand({ resourceArn })));
      assert.equal(r.name, 'ValidationException');
      assert.equal(r.status, 400);
    }
  });

  test('another account can neither list nor change the first account’s filter’s tags', async () => {
    const arn = await filter('private', { secret: 'yes' });
    for (const call of [
      () => second.send(new ListTagsForResourceCommand({ resourceArn: arn })),
      () => second.send(new TagResourceCommand({ resourceArn: arn, tags: { mine: 'now' } })),
      () => second.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['secret'] })),
    ]) {
      const r = await rejection(call());
      assert.equal(r.name, 'ResourceNotFoundException');
      assert.doesNotMatch(r.message, /secret/);
    }
    assert.deepEqual(await tagsOf(arn), { secret: 'yes' });
  });

  test('aws:ResourceTag and aws:TagKeys decide a tag call on a filter', async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'tagger' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'tagger',
        PolicyName: 'blue-filters',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'inspector2:TagResource',
              Resource: '*',
              Condition: {
                StringEquals: { 'aws:ResourceTag/team': 'blue' },
                'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'owner'] },
              },
            },
            {
              Effect: 'Allow',
              Action: 'inspector2:UntagResource',
              Resource: '*',
              Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } },
            },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tagger' }))).AccessKey!;
    const tagger = new Inspector2Client({
      ...w.clientConfig,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    const blue = await filter('blue', { team: 'blue' });
    const red = await filter('red', { team: 'red' });
    await waitFor(
      async () => {
        try {
          await tagger.send(new TagResourceCommand({ resourceArn: blue, tags: { env: 'dev' } }));
          return true;
        } catch {
          return false;
        }
      },
      { what: 'the blue filter taggable by the tagger' },
    );
    assert.deepEqual(await tagsOf(blue), { team: 'blue', env: 'dev' });
    const denied = await rejection(tagger.send(new TagResourceCommand({ resourceArn: red, tags: { env: 'dev' } })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, new RegExp(`on resource: ${red}`));
    const badKey = await rejection(tagger.send(new TagResourceCommand({ resourceArn: blue, tags: { cost: '1' } })));
    assert.equal(badKey.name, 'AccessDeniedException');
    assert.deepEqual(await tagsOf(blue), { team: 'blue', env: 'dev' });
    // UntagResource's tagKeys are its aws:TagKeys: removing env is allowed, removing team is not.
    const untagTeam = await rejection(tagger.send(new UntagResourceCommand({ resourceArn: blue, tagKeys: ['team'] })));
    assert.equal(untagTeam.name, 'AccessDeniedException');
    await tagger.send(new UntagResourceCommand({ resourceArn: blue, tagKeys: ['env'] }));
    assert.deepEqual(await tagsOf(blue), { team: 'blue' });
  });

  test('the trail records a tag call on the filter it names', async () => {
    const arn = await filter('trailed');
    await inspector.send(new TagResourceCommand({ resourceArn: arn, tags: { audit: 'yes' } }));
    const ct = new CloudTrailClient(w.clientConfig);
    const event = await waitFor(
      async () =>
        (
          await ct.send(
            new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn }] }),
          )
        ).Events?.find((e) => e.EventName === 'TagResource'),
      { what: 'the TagResource record' },
    );
    assert.equal(event.EventSource, 'inspector2.amazonaws.com');
    assert.deepEqual(event.Resources, [{ ResourceName: arn, ResourceType: 'AWS::InspectorV2::Filter' }]);
  });

  test('a CIS scan configuration takes tags as a filter does: its own, and not another account', async () => {
    const arn = (
      await inspector.send(
        new CreateCisScanConfigurationCommand({
          scanName: 'tagged-weekly',
          securityLevel: 'LEVEL_1',
          schedule: { weekly: { startTime: { timeOfDay: '03:00', timezone: 'UTC' }, days: ['MON'] } },
          targets: { accountIds: ['SELF'], targetResourceTags: { cis: ['yes'] } },
          tags: { team: 'platform' },
        }),
      )
    ).scanConfigurationArn!;
    assert.deepEqual(await tagsOf(arn), { team: 'platform' });
    await inspector.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'prod' } }));
    await inspector.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    assert.deepEqual(await tagsOf(arn), { env: 'prod' });
    const r = await rejection(second.send(new TagResourceCommand({ resourceArn: arn, tags: { x: 'y' } })));
    assert.equal(r.name, 'ResourceNotFoundException');
    assert.deepEqual(await tagsOf(arn), { env: 'prod' });
  });

  test('UpdateConfiguration sets what GetConfiguration answers, per account', async () => {
    const initial = await inspector.send(new GetConfigurationCommand({}));
    assert.deepEqual(initial.ec2Configuration?.scanModeState, {
      scanMode: 'EC2_SSM_AGENT_BASED',
      scanModeStatus: 'SUCCESS',
    });
    assert.equal(initial.ecrConfiguration?.rescanDurationState?.rescanDuration, 'DAYS_14');
    assert.equal(initial.ecrConfiguration?.rescanDurationState?.updatedAt, undefined);

    await inspector.send(new UpdateConfigurationCommand({ ec2Configuration: { scanMode: 'EC2_HYBRID' } }));
    const before = Date.now();
    await inspector.send(
      new UpdateConfigurationCommand({
        ecrConfiguration: {
          rescanDuration: 'DAYS_90',
          pullDateRescanDuration: 'DAYS_30',
          pullDateRescanMode: 'LAST_PULL_DATE',
        },
      }),
    );
    const got = await inspector.send(new GetConfigurationCommand({}));
    assert.deepEqual(got.ec2Configuration?.scanModeState, { scanMode: 'EC2_HYBRID', scanModeStatus: 'SUCCESS' });
    const ecr = got.ecrConfiguration!.rescanDurationState!;
    assert.equal(ecr.rescanDuration, 'DAYS_90');
    assert.equal(ecr.pullDateRescanDuration, 'DAYS_30');
    assert.equal(ecr.pullDateRescanMode, 'LAST_PULL_DATE');
    assert.equal(ecr.status, 'SUCCESS');
    assert.ok(ecr.updatedAt!.getTime() >= Math.floor(before / 1000) * 1000 - 1000);
    // A later ECR update naming only the push duration keeps the pull settings.
    await inspector.send(new UpdateConfigurationCommand({ ecrConfiguration: { rescanDuration: 'LIFETIME' } }));
    const again = (await inspector.send(new GetConfigurationCommand({}))).ecrConfiguration!.rescanDurationState!;
    assert.equal(again.rescanDuration, 'LIFETIME');
    assert.equal(again.pullDateRescanDuration, 'DAYS_30');

    // The second account's configuration is its own; it cannot read or change the first's.
    const theirs = await second.send(new GetConfigurationCommand({}));
    assert.equal(theirs.ec2Configuration?.scanModeState?.scanMode, 'EC2_SSM_AGENT_BASED');
    assert.equal(theirs.ecrConfiguration?.rescanDurationState?.rescanDuration, 'DAYS_14');
    for (const call of [
      () => second.send(new GetConfigurationCommand({ accountId: w.accountId })),
      () =>
        second.send(
          new UpdateConfigurationCommand({
            accountId: w.accountId,
            ec2Configuration: { scanMode: 'EC2_SSM_AGENT_BASED' },
          }),
        ),
    ]) {
      const r = await rejection(call());
      assert.equal(r.name, 'AccessDeniedException');
      assert.equal(r.status, 403);
    }
    assert.equal(
      (await inspector.send(new GetConfigurationCommand({}))).ec2Configuration?.scanModeState?.scanMode,
      'EC2_HYBRID',
    );

    const empty = await rejection(inspector.send(new UpdateConfigurationCommand({})));
    assert.equal(empty.name, 'ValidationException');
  });
});
