// Shield Advanced's control plane through the SDK: the subscription, protections of load balancers, protection
// groups, emergency contacts and proactive engagement, tags, authorization by the resolved protection, and 501s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateProactiveEngagementDetailsCommand,
  CreateProtectionCommand,
  CreateProtectionGroupCommand,
  CreateSubscriptionCommand,
  DeleteProtectionCommand,
  DeleteProtectionGroupCommand,
  DeleteSubscriptionCommand,
  DescribeEmergencyContactSettingsCommand,
  DescribeProtectionCommand,
  DescribeProtectionGroupCommand,
  DescribeSubscriptionCommand,
  DisableProactiveEngagementCommand,
  EnableProactiveEngagementCommand,
  GetSubscriptionStateCommand,
  ListProtectionGroupsCommand,
  ListProtectionsCommand,
  ListResourcesInProtectionGroupCommand,
  ListTagsForResourceCommand,
  ShieldClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEmergencyContactSettingsCommand,
  UpdateProtectionGroupCommand,
  UpdateSubscriptionCommand,
} from '@aws-sdk/client-shield';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let shield: ShieldClient;
let lbA: string;
let lbB: string;

before(async () => {
  w = await startWarden();
  shield = new ShieldClient(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  lbA = (await elb.send(new CreateLoadBalancerCommand({ Name: 'shield-a' }))).LoadBalancers![0]!.LoadBalancerArn!;
  lbB = (await elb.send(new CreateLoadBalancerCommand({ Name: 'shield-b' }))).LoadBalancers![0]!.LoadBalancerArn!;
});

after(async () => {
  await w?.stop();
});

const rejects = (p: Promise<unknown>, name: string, message?: string | RegExp) =>
  assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });

test('without a subscription: INACTIVE, and Advanced operations answer ResourceNotFoundException', async () => {
  assert.equal((await shield.send(new GetSubscriptionStateCommand({}))).SubscriptionState, 'INACTIVE');
  await rejects(
    shield.send(new DescribeSubscriptionCommand({})),
    'ResourceNotFoundException',
    'The subscription does not exist.',
  );
  await rejects(
    shield.send(new CreateProtectionCommand({ Name: 'early', ResourceArn: lbA })),
    'ResourceNotFoundException',
    'The subscription does not exist.',
  );
  await rejects(shield.send(new DeleteSubscriptionCommand({})), 'ResourceNotFoundException');
});

test('the subscription: one year, renewing, locked before its last 30 days', async () => {
  await shield.send(new CreateSubscriptionCommand({}));
  await rejects(shield.send(new CreateSubscriptionCommand({})), 'ResourceAlreadyExistsException');
  assert.equal((await shield.send(new GetSubscriptionStateCommand({}))).SubscriptionState, 'ACTIVE');
  const s = (await shield.send(new DescribeSubscriptionCommand({}))).Subscription!;
  assert.equal(s.AutoRenew, 'ENABLED');
  assert.equal(s.TimeCommitmentInSeconds, 31_536_000);
  assert.equal(s.EndTime!.getTime() - s.StartTime!.getTime(), 31_536_000_000);
  assert.match(s.SubscriptionArn!, new RegExp(`^arn:aws:shield::${w.accountId}:subscription/[0-9a-f]{32}$`));
  assert.deepEqual(s.SubscriptionLimits!.ProtectionGroupLimits, {
    MaxProtectionGroups: 100,
    PatternTypeLimits: { ArbitraryPatternLimits: { MaxMembers: 10000 } },
  });
  assert.deepEqual(s.SubscriptionLimits!.ProtectionLimits!.ProtectedResourceTypeLimits, [
    { Type: 'APPLICATION_LOAD_BALANCER', Max: 1000 },
  ]);
  assert.equal(s.ProactiveEngagementStatus, undefined);
  // AutoRenew can change only in the last 30 days; naming the current value changes nothing and is accepted.
  await rejects(shield.send(new UpdateSubscriptionCommand({ AutoRenew: 'DISABLED' })), 'LockedSubscriptionException');
  await shield.send(new UpdateSubscriptionCommand({ AutoRenew: 'ENABLED' }));
  await shield.send(new UpdateSubscriptionCommand({}));
  await rejects(shield.send(new DeleteSubscriptionCommand({})), 'LockedSubscriptionException', /1-year commitment/);
});

test('protections: create, refuse duplicates and what cannot be protected, describe, list with filters, delete', async () => {
  const id = (
    await shield.send(
      new CreateProtectionCommand({ Name: 'alb a', ResourceArn: lbA, Tags: [{ Key: 'team', Value: 'web' }] }),
    )
  ).ProtectionId!;
  assert.match(id, /^[0-9a-f-]{36}$/);
  await rejects(
    shield.send(new CreateProtectionCommand({ Name: 'again', ResourceArn: lbA })),
    'ResourceAlreadyExistsException',
    'The referenced protection already exists.',
  );
  const gone = lbA.replace(/[0-9a-f]{16}$/, '0000000000000000');
  await rejects(
    shield.send(new CreateProtectionCommand({ Name: 'gone', ResourceArn: gone })),
    'InvalidResourceException',
  );
  const otherAccount = lbA.replace(`:${w.accountId}:`, ':111122223333:');
  await rejects(
    shield.send(new CreateProtectionCommand({ Name: 'theirs', ResourceArn: otherAccount })),
    'InvalidResourceException',
  );
  await rejects(
    shield.send(
      new CreateProtectionCommand({ Name: 'cf', ResourceArn: `arn:aws:cloudfront::${w.accountId}:distribution/E1ABC` }),
    ),
    'InvalidResourceException',
  );
  await rejects(
    shield.send(
      new CreateProtectionCommand({ Name: 'ddb', ResourceArn: `arn:aws:dynamodb:us-east-1:${w.accountId}:table/t` }),
    ),
    'InvalidResourceException',
    "Unrecognized resource 'table' of service 'dynamodb'.",
  );

  const byId = (await shield.send(new DescribeProtectionCommand({ ProtectionId: id }))).Protection!;
  assert.deepEqual(byId, {
    Id: id,
    Name: 'alb a',
    ResourceArn: lbA,
    HealthCheckIds: [],
    ProtectionArn: `arn:aws:shield::${w.accountId}:protection/${id}`,
  });
  assert.deepEqual((await shield.send(new DescribeProtectionCommand({ ResourceArn: lbA }))).Protection, byId);
  await rejects(
    shield.send(new DescribeProtectionCommand({ ResourceArn: lbB })),
    'ResourceNotFoundException',
    'The referenced protection does not exist.',
  );
  await rejects(
    shield.send(new DescribeProtectionCommand({ ProtectionId: id, ResourceArn: lbA })),
    'InvalidParameterException',
  );
  await rejects(shield.send(new DescribeProtectionCommand({})), 'InvalidParameterException');

  const idB = (await shield.send(new CreateProtectionCommand({ Name: 'alb b', ResourceArn: lbB }))).ProtectionId!;
  const all = (await shield.send(new ListProtectionsCommand({}))).Protections!;
  assert.deepEqual(all.map((p) => p.Id).sort(), [id, idB].sort());
  const named = (await shield.send(new ListProtectionsCommand({ InclusionFilters: { ProtectionNames: ['alb b'] } })))
    .Protections!;
  assert.deepEqual(
    named.map((p) => p.Id),
    [idB],
  );
  const byType = await shield.send(
    new ListProtectionsCommand({ InclusionFilters: { ResourceTypes: ['CLOUDFRONT_DISTRIBUTION'] } }),
  );
  assert.deepEqual(byType.Protections, []);
  const page = await shield.send(new ListProtectionsCommand({ MaxResults: 1 }));
  assert.equal(page.Protections!.length, 1);
  const rest = await shield.send(new ListProtectionsCommand({ MaxResults: 1, NextToken: page.NextToken }));
  assert.equal(rest.NextToken, undefined);
  assert.notEqual(rest.Protections![0]!.Id, page.Protections![0]!.Id);
  await rejects(shield.send(new ListProtectionsCommand({ NextToken: 'forged' })), 'InvalidPaginationTokenException');

  // Tags: given at creation, added, listed, removed; tags go with the protection.
  const arn = byId.ProtectionArn!;
  await shield.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'test' }] }));
  assert.deepEqual((await shield.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [
    { Key: 'env', Value: 'test' },
    { Key: 'team', Value: 'web' },
  ]);
  await shield.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
  assert.deepEqual((await shield.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [
    { Key: 'env', Value: 'test' },
  ]);
  await rejects(
    shield.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'aws:x', Value: '1' }] })),
    'InvalidParameterException',
  );

  await shield.send(new DeleteProtectionCommand({ ProtectionId: idB }));
  await rejects(shield.send(new DeleteProtectionCommand({ ProtectionId: idB })), 'ResourceNotFoundException');
  await rejects(
    shield.send(new ListTagsForResourceCommand({ ResourceARN: `arn:aws:shield::${w.accountId}:protection/${idB}` })),
    'ResourceNotFoundException',
  );
});

test('protection groups: patterns, members, resources in a group, update, delete', async () => {
  await shield.send(
    new CreateProtectionGroupCommand({ ProtectionGroupId: 'everything', Aggregation: 'SUM', Pattern: 'ALL' }),
  );
  await shield.send(
    new CreateProtectionGroupCommand({
      ProtectionGroupId: 'albs',
      Aggregation: 'MEAN',
      Pattern: 'BY_RESOURCE_TYPE',
      ResourceType: 'APPLICATION_LOAD_BALANCER',
      Tags: [{ Key: 'k', Value: 'v' }],
    }),
  );
  await shield.send(
    new CreateProtectionGroupCommand({
      ProtectionGroupId: 'picked',
      Aggregation: 'MAX',
      Pattern: 'ARBITRARY',
      Members: [lbB],
    }),
  );
  await rejects(
    shield.send(new CreateProtectionGroupCommand({ ProtectionGroupId: 'picked', Aggregation: 'MAX', Pattern: 'ALL' })),
    'ResourceAlreadyExistsException',
  );
  await rejects(
    shield.send(
      new CreateProtectionGroupCommand({ ProtectionGroupId: 'bad1', Aggregation: 'SUM', Pattern: 'ARBITRARY' }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    shield.send(
      new CreateProtectionGroupCommand({
        ProtectionGroupId: 'bad2',
        Aggregation: 'SUM',
        Pattern: 'ALL',
        Members: [lbA],
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    shield.send(
      new CreateProtectionGroupCommand({ ProtectionGroupId: 'bad3', Aggregation: 'SUM', Pattern: 'BY_RESOURCE_TYPE' }),
    ),
    'InvalidParameterException',
  );

  // ALL and BY_RESOURCE_TYPE follow the protections as they are now (only lbA is protected after the test above).
  const resources = async (id: string) =>
    (await shield.send(new ListResourcesInProtectionGroupCommand({ ProtectionGroupId: id }))).ResourceArns;
  assert.deepEqual(await resources('everything'), [lbA]);
  assert.deepEqual(await resources('albs'), [lbA]);
  assert.deepEqual(await resources('picked'), [lbB]);

  const group = (await shield.send(new DescribeProtectionGroupCommand({ ProtectionGroupId: 'albs' }))).ProtectionGroup!;
  assert.deepEqual(group, {
    ProtectionGroupId: 'albs',
    Aggregation: 'MEAN',
    Pattern: 'BY_RESOURCE_TYPE',
    ResourceType: 'APPLICATION_LOAD_BALANCER',
    Members: [],
    ProtectionGroupArn: `arn:aws:shield::${w.accountId}:protection-group/albs`,
  });
  assert.deepEqual(
    (await shield.send(new ListTagsForResourceCommand({ ResourceARN: group.ProtectionGroupArn }))).Tags,
    [{ Key: 'k', Value: 'v' }],
  );
  await shield.send(
    new UpdateProtectionGroupCommand({
      ProtectionGroupId: 'albs',
      Aggregation: 'SUM',
      Pattern: 'ARBITRARY',
      Members: [lbA, lbB],
    }),
  );
  assert.deepEqual(await resources('albs'), [lbA, lbB]);
  await rejects(
    shield.send(new UpdateProtectionGroupCommand({ ProtectionGroupId: 'nope', Aggregation: 'SUM', Pattern: 'ALL' })),
    'ResourceNotFoundException',
    'The referenced protection group does not exist.',
  );
  const arbitrary = await shield.send(
    new ListProtectionGroupsCommand({ InclusionFilters: { Patterns: ['ARBITRARY'] } }),
  );
  assert.deepEqual(
    arbitrary.ProtectionGroups!.map((g) => g.ProtectionGroupId),
    ['albs', 'picked'],
  );
  await shield.send(new DeleteProtectionGroupCommand({ ProtectionGroupId: 'picked' }));
  await rejects(
    shield.send(new DescribeProtectionGroupCommand({ ProtectionGroupId: 'picked' })),
    'ResourceNotFoundException',
  );
});

test('emergency contacts and proactive engagement', async () => {
  assert.deepEqual((await shield.send(new DescribeEmergencyContactSettingsCommand({}))).EmergencyContactList, []);
  await shield.send(
    new UpdateEmergencyContactSettingsCommand({ EmergencyContactList: [{ EmailAddress: 'ops@example.com' }] }),
  );
  assert.deepEqual((await shield.send(new DescribeEmergencyContactSettingsCommand({}))).EmergencyContactList, [
    { EmailAddress: 'ops@example.com' },
  ]);
  await rejects(shield.send(new EnableProactiveEngagementCommand({})), 'InvalidOperationException');
  await rejects(
    shield.send(
      new AssociateProactiveEngagementDetailsCommand({ EmergencyContactList: [{ EmailAddress: 'ops@example.com' }] }),
    ),
    'InvalidParameterException',
    'You must provide at least one phone number in the emergency contact list.',
  );
  const contacts = [{ EmailAddress: 'oncall@example.com', PhoneNumber: '+15555550100', ContactNotes: 'pager' }];
  await shield.send(new AssociateProactiveEngagementDetailsCommand({ EmergencyContactList: contacts }));
  assert.deepEqual((await shield.send(new DescribeEmergencyContactSettingsCommand({}))).EmergencyContactList, contacts);
  assert.equal(
    (await shield.send(new DescribeSubscriptionCommand({}))).Subscription!.ProactiveEngagementStatus,
    'ENABLED',
  );
  await rejects(
    shield.send(new AssociateProactiveEngagementDetailsCommand({ EmergencyContactList: contacts })),
    'InvalidOperationException',
  );
  await rejects(shield.send(new EnableProactiveEngagementCommand({})), 'InvalidOperationException');
  // While engaged, the list keeps a number to call.
  await rejects(
    shield.send(
      new UpdateEmergencyContactSettingsCommand({ EmergencyContactList: [{ EmailAddress: 'a@example.com' }] }),
    ),
    'InvalidParameterException',
  );
  await shield.send(new DisableProactiveEngagementCommand({}));
  assert.equal(
    (await shield.send(new DescribeSubscriptionCommand({}))).Subscription!.ProactiveEngagementStatus,
    'DISABLED',
  );
  await shield.send(new EnableProactiveEngagementCommand({}));
  // The model's own constraints (a phone number is E.164) answer the protocol's ValidationException.
  await rejects(
    shield.send(
      new UpdateEmergencyContactSettingsCommand({
        EmergencyContactList: [{ EmailAddress: 'a@example.com', PhoneNumber: '555' }],
      }),
    ),
    'ValidationException',
  );
});

test('DescribeProtection by resource ARN is authorized on the protection it resolves to', async () => {
  const idA = (await shield.send(new DescribeProtectionCommand({ ResourceArn: lbA }))).Protection!.Id!;
  const idB = (await shield.send(new CreateProtectionCommand({ Name: 'b again', ResourceArn: lbB }))).ProtectionId!;
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: 'shield-reader' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'shield-reader',
      PolicyName: 'one-protection',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'shield:DescribeProtection',
            Resource: `arn:aws:shield::${w.accountId}:protection/${idA}`,
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'shield-reader' }))).AccessKey!;
  const reader = new ShieldClient({
    ...w.clientConfig,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  });
  assert.equal((await reader.send(new DescribeProtectionCommand({ ResourceArn: lbA }))).Protection!.Id, idA);
  await rejects(
    reader.send(new DescribeProtectionCommand({ ResourceArn: lbB })),
    'AccessDeniedException',
    new RegExp(`protection/${idB}`),
  );
  await rejects(reader.send(new DescribeProtectionCommand({ ProtectionId: idB })), 'AccessDeniedException');
});
