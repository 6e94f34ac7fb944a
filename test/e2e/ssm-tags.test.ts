// Systems Manager tags on managed instances end to end with the SDK v3 client: an activation's tags applied to the
// hosts it registers, AddTagsToResource / RemoveTagsFromResource / ListTagsForResource and their errors, the tag
// filters of DescribeInstanceInformation, IAM's aws:ResourceTag on the instance, another account refused, the trail;
// then Inspector2 reading the tags: ListFindings' resourceTags criteria, a SUPPRESS rule, ListCoverage's
// ec2InstanceTags and instance aggregations match the tagged host's findings and not the other's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  SSMServiceException,
  type Tag,
} from '@aws-sdk/client-ssm';
import {
  CreateFilterCommand,
  DeleteFilterCommand,
  EnableCommand,
  Inspector2Client,
  ListFindingAggregationsCommand,
  ListCoverageCommand,
  ListFindingsCommand,
  type FilterCriteria,
  type Finding,
} from '@aws-sdk/client-inspector2';
import { register } from '../../src/agent/client.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DEB_BEFORE, OSV, activateHost, registerHost, run, writeRoot } from '../helpers/inspector2-host.js';

const TRUST_SSM = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
}

const COMMANDS = {
  AddTagsToResource: AddTagsToResourceCommand,
  RemoveTagsFromResource: RemoveTagsFromResourceCommand,
  ListTagsForResource: ListTagsForResourceCommand,
} as const;

/** One call's outcome as status and body (an error as its code, message and status), so refusals read like successes. */
async function call(w: TestWarden, operation: keyof typeof COMMANDS, input: unknown, creds: Creds = w.credentials) {
  const client = new SSMClient({ ...w.clientConfig, credentials: creds });
  const Command = COMMANDS[operation] as unknown as new (input: unknown) => Parameters<SSMClient['send']>[0];
  try {
    const out = (await client.send(new Command(input))) as unknown as Record<string, any>;
    return { status: out.$metadata.httpStatusCode as number, json: out };
  } catch (err) {
    if (!(err instanceof SSMServiceException)) throw err;
    const body = err as unknown as Record<string, unknown>;
    return {
      status: err.$metadata.httpStatusCode ?? 0,
      json: { __type: err.name, message: body.message ?? body.Message } as Record<string, any>,
    };
  } finally {
    client.destroy();
  }
}

describe('SSM managed instance tags', () => {
  let w: TestWarden;
  let tagged: string;
  let plain: string;

  const list = async (id: string, creds?: Creds) =>
    call(w, 'ListTagsForResource', { ResourceType: 'ManagedInstance', ResourceId: id }, creds);

  /** Registers a host through a new activation (as `warden agent` registers), answering its instance id. */
  async function registerThrough(tags: Tag[] | undefined): Promise<string> {
    const ssm = new SSMClient(w.clientConfig);
    const act = await ssm.send(new CreateActivationCommand({ IamRole: 'TagsRole', Tags: tags }));
    ssm.destroy();
    const key = generateKeyPairSync('ed25519');
    const registered = await register(w.endpoint, {
      activationId: act.ActivationId!,
      activationCode: act.ActivationCode!,
      region: 'us-east-1',
      publicKeyDer: key.publicKey.export({ type: 'spki', format: 'der' }),
      computerName: 'tags-host',
    });
    return registered.instanceId;
  }

  before(async () => {
    w = await startWarden();
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateRoleCommand({ RoleName: 'TagsRole', AssumeRolePolicyDocument: TRUST_SSM }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'TagsRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      }),
    );
    iam.destroy();
    tagged = await registerThrough([
      { Key: 'Env', Value: 'prod' },
      { Key: 'OS', Value: 'Linux' },
    ]);
    plain = await registerThrough(undefined);
  });

  after(async () => {
    await w?.stop();
  });

  test("an activation's tags are applied to the managed nodes it registers", async () => {
    const res = await list(tagged);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json.TagList, [
      { Key: 'Env', Value: 'prod' },
      { Key: 'OS', Value: 'Linux' },
    ]);
    assert.deepEqual((await list(plain)).json.TagList, []);
  });

  test('DescribeInstanceInformation filters on tag-key and tag:<key>', async () => {
    const ssm = new SSMClient(w.clientConfig);
    const ids = async (Filters: { Key: string; Values: string[] }[]) =>
      ((await ssm.send(new DescribeInstanceInformationCommand({ Filters }))).InstanceInformationList ?? []).map(
        (i) => i.InstanceId,
      );
    try {
      assert.deepEqual(await ids([{ Key: 'tag:Env', Values: ['prod', 'qa'] }]), [tagged]);
      assert.deepEqual(await ids([{ Key: 'tag-key', Values: ['OS'] }]), [tagged]);
      assert.deepEqual(await ids([{ Key: 'tag:Env', Values: ['staging'] }]), []);
    } finally {
      ssm.destroy();
    }
  });

  test('AddTagsToResource adds or overwrites; RemoveTagsFromResource removes the keys named', async () => {
    const added = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: plain,
      Tags: [
        { Key: 'Team', Value: 'sec' },
        { Key: 'Stack', Value: 'Test' },
      ],
    });
    assert.equal(added.status, 200, JSON.stringify(added.json));
    const over = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: plain,
      Tags: [
        { Key: 'Stack', Value: 'Production' },
        { Key: 'Empty', Value: '' },
      ],
    });
    assert.equal(over.status, 200, JSON.stringify(over.json));
    assert.deepEqual((await list(plain)).json.TagList, [
      { Key: 'Team', Value: 'sec' },
      { Key: 'Stack', Value: 'Production' },
      { Key: 'Empty', Value: '' },
    ]);
    const removed = await call(w, 'RemoveTagsFromResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: plain,
      TagKeys: ['Empty', 'Team', 'NotThere'],
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.json));
    assert.deepEqual((await list(plain)).json.TagList, [{ Key: 'Stack', Value: 'Production' }]);
    // The other instance is untouched.
    assert.equal((await list(tagged)).json.TagList.length, 2);
  });

  test('50 tags at most, aws: reserved, and the errors AWS answers', async () => {
    const many = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));
    const host = await registerThrough(undefined);
    const fill = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: host,
      Tags: many(50, 'k'),
    });
    assert.equal(fill.status, 200, JSON.stringify(fill.json));
    // Overwriting an existing key keeps the count at 50.
    const same = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: host,
      Tags: [{ Key: 'k0', Value: 'changed' }],
    });
    assert.equal(same.status, 200, JSON.stringify(same.json));
    const over = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: host,
      Tags: [{ Key: 'one-more', Value: 'x' }],
    });
    assert.deepEqual([over.status, over.json.__type], [400, 'TooManyTagsError']);
    const tags = (await list(host)).json.TagList as Tag[];
    assert.equal(tags.length, 50);
    assert.deepEqual(tags[0], { Key: 'k0', Value: 'changed' });

    const reserved = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: plain,
      Tags: [{ Key: 'AWS:thing', Value: 'x' }],
    });
    assert.deepEqual([reserved.status, reserved.json.__type], [400, 'InvalidParameters']);
    const longKey = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: plain,
      Tags: [{ Key: 'k'.repeat(129), Value: 'x' }],
    });
    assert.deepEqual([longKey.status, longKey.json.__type], [400, 'ValidationException']);

    const missing = await list('mi-0123456789abcdef0');
    assert.deepEqual([missing.status, missing.json.__type], [400, 'InvalidResourceId']);
    const badId = await list('i-0123456789abcdef0');
    assert.deepEqual(
      [badId.status, badId.json.__type, badId.json.message],
      [400, 'ValidationException', 'resourceId should be in format mi-[0-9a-f]{17} for resource type ManagedInstance'],
    );
    const document = await call(w, 'ListTagsForResource', { ResourceType: 'Document', ResourceId: 'MyDocument' });
    assert.deepEqual([document.status, document.json.__type], [400, 'InvalidResourceId']);
    // An activation's tags cannot be changed (AWS: tag the managed nodes instead): Activation is no tagging type.
    const activation = await call(w, 'AddTagsToResource', {
      ResourceType: 'Activation',
      ResourceId: plain,
      Tags: [{ Key: 'a', Value: 'b' }],
    });
    assert.deepEqual([activation.status, activation.json.__type], [400, 'ValidationException']);
  });

  test("IAM decides on the instance's ARN with its tags as aws:ResourceTag", async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'tagger' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tagger' }))).AccessKey!;
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'tagger',
        PolicyName: 'prod-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['ssm:ListTagsForResource', 'ssm:AddTagsToResource'],
              Resource: `arn:aws:ssm:us-east-1:${w.accountId}:managed-instance/*`,
              Condition: { StringEquals: { 'aws:ResourceTag/Env': 'prod' } },
            },
          ],
        }),
      }),
    );
    iam.destroy();
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const allowed = await list(tagged, creds);
    assert.equal(allowed.status, 200, JSON.stringify(allowed.json));
    const denied = await list(plain, creds);
    assert.deepEqual([denied.status, denied.json.__type], [400, 'AccessDeniedException']);
    assert.match(
      String(denied.json.message),
      new RegExp(
        `is not authorized to perform: ssm:ListTagsForResource on resource: arn:aws:ssm:us-east-1:${w.accountId}:managed-instance/${plain}`,
      ),
    );
    // Retagging the instance away from Env=prod takes the permission away with it.
    const retag = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: tagged,
      Tags: [{ Key: 'Env', Value: 'staging' }],
    });
    assert.equal(retag.status, 200);
    assert.equal((await list(tagged, creds)).json.__type, 'AccessDeniedException');
    await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: tagged,
      Tags: [{ Key: 'Env', Value: 'prod' }],
    });
  });

  test("another account can neither read nor change an instance's tags", async () => {
    const other = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'ssm-tags-second@example.com',
      accountId: '222233334444',
    });
    const creds = { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey };
    const before = (await list(tagged)).json.TagList;
    const read = await list(tagged, creds);
    assert.deepEqual([read.status, read.json.__type], [400, 'InvalidResourceId']);
    const add = await call(
      w,
      'AddTagsToResource',
      { ResourceType: 'ManagedInstance', ResourceId: tagged, Tags: [{ Key: 'Env', Value: 'pwned' }] },
      creds,
    );
    assert.deepEqual([add.status, add.json.__type], [400, 'InvalidResourceId']);
    const remove = await call(
      w,
      'RemoveTagsFromResource',
      { ResourceType: 'ManagedInstance', ResourceId: tagged, TagKeys: ['Env'] },
      creds,
    );
    assert.deepEqual([remove.status, remove.json.__type], [400, 'InvalidResourceId']);
    assert.deepEqual((await list(tagged)).json.TagList, before);
  });

  test('each tag call is in the trail with the instance it named', async () => {
    await w.warden.runtime.audit.flush();
    const trail = new CloudTrailClient(w.clientConfig);
    const events = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RemoveTagsFromResource' }],
      }),
    );
    trail.destroy();
    const record = (events.Events ?? [])
      .map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, any>)
      .find((r) => r.recipientAccountId === w.accountId && r.requestParameters?.resourceId === plain);
    assert.ok(record, 'no RemoveTagsFromResource record');
    assert.equal(record.eventSource, 'ssm.amazonaws.com');
    assert.equal(record.readOnly, false);
    assert.deepEqual(record.resources, [
      {
        ARN: `arn:aws:ssm:us-east-1:${w.accountId}:managed-instance/${plain}`,
        accountId: w.accountId,
        type: 'AWS::SSM::ManagedInstance',
      },
    ]);
  });
});

describe('Inspector2 reads managed instance tags', () => {
  let w: TestWarden;
  let work: string;
  let inspector: Inspector2Client;
  let first: string;
  let second: string;

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

  before(async () => {
    w = await startWarden();
    work = await mkdtemp(join(tmpdir(), 'warden-ssm-tags-'));
    const root = join(work, 'root');
    await writeRoot(root, DEB_BEFORE);
    const imported = await run(['inspector', 'import-advisories', OSV, '--data-dir', w.dataDir]);
    assert.equal(imported.code, 0, imported.stderr);
    inspector = new Inspector2Client(w.clientConfig);
    first = await registerHost(w, root, join(work, 'state-1'));
    second = await activateHost(w, root, join(work, 'state-2'));
    await inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));
    // The evaluator runs in the background; the deadline only guards against a hang.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ids = new Set((await findings()).flatMap((f) => (f.resources ?? []).map((r) => r.id)));
      if (ids.has(first) && ids.has(second)) break;
      if (Date.now() > deadline) assert.fail(`no findings for both hosts: ${[...ids].join()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    inspector?.destroy();
    await w?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('resourceTags criteria match the tagged host only, from the moment it is tagged', async () => {
    const criteria: FilterCriteria = { resourceTags: [{ comparison: 'EQUALS', key: 'Team', value: 'payments' }] };
    assert.deepEqual(await findings(criteria), []);
    const tagged = await call(w, 'AddTagsToResource', {
      ResourceType: 'ManagedInstance',
      ResourceId: first,
      Tags: [{ Key: 'Team', Value: 'payments' }],
    });
    assert.equal(tagged.status, 200, JSON.stringify(tagged.json));
    const matched = await findings(criteria);
    assert.ok(matched.length > 0);
    assert.deepEqual([...new Set(matched.flatMap((f) => (f.resources ?? []).map((r) => r.id)))], [first]);
    assert.deepEqual(matched[0]!.resources?.[0]?.tags, { Team: 'payments' });
    // A key alone matches whatever its value; another value matches nothing.
    const byKey = await findings({ resourceTags: [{ comparison: 'EQUALS', key: 'Team' }] });
    assert.equal(byKey.length, matched.length);
    assert.deepEqual(await findings({ resourceTags: [{ comparison: 'EQUALS', key: 'Team', value: 'web' }] }), []);
    const all = await findings();
    assert.ok(all.some((f) => (f.resources ?? []).some((r) => r.id === second)));

    // Coverage narrows by the same tags and reports them.
    const coverage = await inspector.send(
      new ListCoverageCommand({
        filterCriteria: { ec2InstanceTags: [{ comparison: 'EQUALS', key: 'Team', value: 'payments' }] },
      }),
    );
    assert.deepEqual([...new Set((coverage.coveredResources ?? []).map((r) => r.resourceId))], [first]);
    assert.deepEqual(coverage.coveredResources![0]!.resourceMetadata?.ec2?.tags, { Team: 'payments' });

    // A SUPPRESS rule on the tag suppresses the tagged host's findings only.
    const rule = await inspector.send(
      new CreateFilterCommand({ name: 'payments-quiet', action: 'SUPPRESS', filterCriteria: criteria }),
    );
    const statuses = await findings();
    const statusOf = (id: string) =>
      new Set(statuses.filter((f) => (f.resources ?? []).some((r) => r.id === id)).map((f) => f.status));
    assert.deepEqual([...statusOf(first)], ['SUPPRESSED']);
    assert.deepEqual([...statusOf(second)], ['ACTIVE']);
    await inspector.send(new DeleteFilterCommand({ arn: rule.arn! }));

    // Aggregations by instance narrow by the tags and answer them.
    const aggregated = await inspector.send(
      new ListFindingAggregationsCommand({
        aggregationType: 'AWS_EC2_INSTANCE',
        aggregationRequest: {
          ec2InstanceAggregation: { instanceTags: [{ comparison: 'EQUALS', key: 'Team', value: 'payments' }] },
        },
      }),
    );
    assert.deepEqual(
      (aggregated.responses ?? []).map((r) => [
        r.ec2InstanceAggregation?.instanceId,
        r.ec2InstanceAggregation?.instanceTags,
      ]),
      [[first, { Team: 'payments' }]],
    );

    // Untagged, it matches no more.
    await call(w, 'RemoveTagsFromResource', { ResourceType: 'ManagedInstance', ResourceId: first, TagKeys: ['Team'] });
    assert.deepEqual(await findings(criteria), []);
  });
});
