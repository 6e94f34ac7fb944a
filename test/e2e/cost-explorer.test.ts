// Cost Explorer end to end: GetCostAndUsage reports the calls Warden metered, priced, consolidated per organization.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeKeyCommand, GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { waitFor } from '../helpers/wait.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DAY_MS as DAY, utcTodayWithRoom } from '../helpers/utc-day.js';
import { administratorKeys } from '../helpers/administrator.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = await utcTodayWithRoom();
const TODAY = day(today);
const TOMORROW = day(today + DAY);
const FIRST_OF_MONTH = TODAY.slice(0, 8) + '01';
const KMS_REQUEST = 0.03 / 10_000;
const CE_REQUEST = 0.01;

function byKey(out: GetCostAndUsageCommandOutput): Map<string, { quantity: number; cost: number }> {
  const groups = new Map<string, { quantity: number; cost: number }>();
  for (const result of out.ResultsByTime ?? []) {
    for (const g of result.Groups ?? []) {
      const id = g.Keys!.join('|');
      const prev = groups.get(id) ?? { quantity: 0, cost: 0 };
      groups.set(id, {
        quantity: prev.quantity + Number(g.Metrics!.UsageQuantity!.Amount),
        cost: prev.cost + Number(g.Metrics!.UnblendedCost!.Amount),
      });
    }
  }
  return groups;
}

function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
}

function rejectsWith(code: string, message?: RegExp) {
  return (err: { name: string; message: string }) => {
    assert.equal(err.name, code);
    if (message) assert.match(err.message, message);
    return true;
  };
}

const costQuery = (extra: Partial<GetCostAndUsageCommandInput> = {}): GetCostAndUsageCommandInput => ({
  TimePeriod: { Start: TODAY, End: TOMORROW },
  Granularity: 'DAILY',
  Metrics: ['UnblendedCost', 'UsageQuantity'],
  ...extra,
});

describe('cost explorer: one account', () => {
  let w: TestWarden;
  let ce: CostExplorerClient;
  /** GetCostAndUsage calls made so far that succeeded: each is metered (and billed) once it has answered. */
  let ceCalls = 0;
  const send = async (input: GetCostAndUsageCommandInput) => {
    const out = await ce.send(new GetCostAndUsageCommand(input));
    ceCalls++;
    return out;
  };
  before(async () => {
    w = await startWarden();
    ce = new CostExplorerClient(w.clientConfig);
    const sts = new STSClient(w.clientConfig);
    const kms = new KMSClient(w.clientConfig);
    const iam = new IAMClient(w.clientConfig);
    for (let i = 0; i < 7; i++) await sts.send(new GetCallerIdentityCommand({}));
    for (let i = 0; i < 3; i++) await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    for (let i = 0; i < 2; i++) await iam.send(new ListUsersCommand({}));
    // A failed call is not billed.
    await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })));
  });
  after(async () => {
    await w.stop();
  });

  test('DAILY by SERVICE: quantity per service equals the successful calls, cost = quantity × price', async () => {
    const out = await send(costQuery({ GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] }));
    assert.deepEqual(out.GroupDefinitions, [{ Type: 'DIMENSION', Key: 'SERVICE' }]);
    assert.equal(out.ResultsByTime!.length, 1);
    const result = out.ResultsByTime![0]!;
    assert.deepEqual(result.TimePeriod, { Start: TODAY, End: TOMORROW });
    assert.deepEqual(result.Total, {});
    assert.equal(result.Estimated, true);
    const groups = byKey(out);
    assert.deepEqual([...groups.keys()].sort(), [
      'AWS Identity and Access Management',
      'AWS Key Management Service',
      'AWS Security Token Service',
    ]);
    assert.equal(groups.get('AWS Security Token Service')!.quantity, 7);
    assert.equal(groups.get('AWS Key Management Service')!.quantity, 3);
    assert.equal(groups.get('AWS Identity and Access Management')!.quantity, 2);
    near(groups.get('AWS Key Management Service')!.cost, 3 * KMS_REQUEST);
    near(groups.get('AWS Security Token Service')!.cost, 0);
    const unit = result.Groups![0]!.Metrics!;
    assert.equal(unit.UnblendedCost!.Unit, 'USD');
    assert.equal(unit.UsageQuantity!.Unit, 'N/A');
  });

  test('the Cost Explorer call itself is metered at $0.01 once it has answered', async () => {
    const before = ceCalls;
    const out = await send(costQuery({ GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] }));
    const groups = byKey(out);
    assert.equal(groups.get('AWS Cost Explorer')!.quantity, before);
    near(groups.get('AWS Cost Explorer')!.cost, before * CE_REQUEST);
  });

  test('MONTHLY without GroupBy: one period from the start date, Total holds the metrics', async () => {
    const before = ceCalls;
    const out = await send(costQuery({ TimePeriod: { Start: FIRST_OF_MONTH, End: TOMORROW }, Granularity: 'MONTHLY' }));
    assert.equal(out.ResultsByTime!.length, 1);
    const result = out.ResultsByTime![0]!;
    assert.deepEqual(result.TimePeriod, { Start: FIRST_OF_MONTH, End: TOMORROW });
    assert.deepEqual(result.Groups, []);
    assert.equal(Number(result.Total!.UsageQuantity!.Amount), 7 + 3 + 2 + before);
    near(Number(result.Total!.UnblendedCost!.Amount), 3 * KMS_REQUEST + before * CE_REQUEST);
    assert.deepEqual(out.GroupDefinitions, []);
  });

  test('days without usage are reported with zero amounts', async () => {
    const out = await send(costQuery({ TimePeriod: { Start: day(today - 2 * DAY), End: TODAY } }));
    assert.equal(out.ResultsByTime!.length, 2);
    for (const r of out.ResultsByTime!) {
      assert.deepEqual(r.Total, {
        UnblendedCost: { Amount: '0', Unit: 'USD' },
        UsageQuantity: { Amount: '0', Unit: 'N/A' },
      });
    }
  });

  test('a price list override changes the cost', async () => {
    const path = join(w.dataDir, 'price-list.json');
    writeFileSync(path, JSON.stringify({ 'STS-Requests': 0.5, 'KMS-Requests': 1 }));
    try {
      const groups = byKey(await send(costQuery({ GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] })));
      near(groups.get('AWS Security Token Service')!.cost, 3.5);
      near(groups.get('AWS Key Management Service')!.cost, 3);
      near(groups.get('AWS Identity and Access Management')!.cost, 0);
    } finally {
      rmSync(path);
    }
    const groups = byKey(await send(costQuery({ GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] })));
    near(groups.get('AWS Security Token Service')!.cost, 0);
  });

  test('NextPageToken pages DAILY results 100 periods at a time and is bound to its request', async () => {
    const input = costQuery({ TimePeriod: { Start: day(today - 130 * DAY), End: TOMORROW } });
    const first = await send(input);
    assert.equal(first.ResultsByTime!.length, 100);
    assert.equal(first.ResultsByTime![0]!.TimePeriod!.Start, day(today - 130 * DAY));
    assert.ok(first.NextPageToken);
    const second = await send({ ...input, NextPageToken: first.NextPageToken });
    assert.equal(second.ResultsByTime!.length, 31);
    assert.equal(second.ResultsByTime!.at(-1)!.TimePeriod!.End, TOMORROW);
    assert.equal(second.NextPageToken, undefined);
    await assert.rejects(
      ce.send(new GetCostAndUsageCommand({ ...input, Granularity: 'MONTHLY', NextPageToken: first.NextPageToken })),
      rejectsWith('RequestChangedException'),
    );
    await assert.rejects(
      ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken: 'garbage' })),
      rejectsWith('InvalidNextTokenException'),
    );
  });

  test('validation errors', async () => {
    const cases: [Partial<GetCostAndUsageCommandInput>, string, RegExp][] = [
      [
        { TimePeriod: { Start: TOMORROW, End: TODAY } },
        'ValidationException',
        /^Start date \(and hour\) should be before end date \(and hour\)$/,
      ],
      [{ TimePeriod: { Start: TODAY, End: TODAY } }, 'ValidationException', /Start date/],
      [{ TimePeriod: { Start: '2026-02-30', End: TOMORROW } }, 'ValidationException', /2026-02-30/],
      [
        { TimePeriod: { Start: TODAY, End: day(today + 40 * DAY) } },
        'ValidationException',
        /end date past the beginning of next month/,
      ],
      [{ Granularity: 'HOURLY' }, 'ValidationException', /HOURLY/],
      [{ Metrics: ['CarbonFootprint', 'UsageQuantity'] }, 'ValidationException', /CarbonFootprint/],
      [{ Metrics: [] }, 'ValidationException', /Metrics/],
      [{ GroupBy: [{ Type: 'TAG', Key: 'team' }] }, 'ValidationException', /TAG/],
      [{ GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }] }, 'ValidationException', /REGION/],
      [
        {
          GroupBy: [
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
          ],
        },
        'ValidationException',
        /at most 2/,
      ],
    ];
    for (const [extra, code, message] of cases) {
      await assert.rejects(ce.send(new GetCostAndUsageCommand(costQuery(extra))), rejectsWith(code, message));
    }
  });
});

describe('cost explorer: consolidated billing of an organization', () => {
  let w: TestWarden;
  let memberId = '';
  /** Successful calls the management account made, each metered to it. */
  let managementCalls = 0;
  let memberCe: CostExplorerClient;
  before(async () => {
    w = await startWarden();
    const org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const req = (await org.send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'dev' })))
      .CreateAccountStatus!;
    managementCalls += 2;
    const settled = await waitFor(
      async () => {
        const s = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: req.Id! })))
          .CreateAccountStatus!;
        managementCalls++;
        return s.State === 'IN_PROGRESS' ? undefined : s;
      },
      { what: `CreateAccount request ${req.Id} to leave IN_PROGRESS` },
    );
    assert.equal(settled.State, 'SUCCEEDED');
    memberId = settled.AccountId!;
    // Billed to the management account (the caller), not to the member owning the role.
    // AWS refuses AssumeRole to the root user: the management account's administrator (three IAM calls) assumes it.
    const admin = await administratorKeys(w);
    managementCalls += 3;
    const session = await new STSClient({ ...w.clientConfig, credentials: admin }).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'billing',
      }),
    );
    managementCalls++;
    const credentials = {
      accessKeyId: session.Credentials!.AccessKeyId!,
      secretAccessKey: session.Credentials!.SecretAccessKey!,
      sessionToken: session.Credentials!.SessionToken!,
    };
    const member = { ...w.clientConfig, credentials };
    for (let i = 0; i < 4; i++) await new STSClient(member).send(new GetCallerIdentityCommand({}));
    for (let i = 0; i < 2; i++) await new IAMClient(member).send(new ListRolesCommand({}));
    memberCe = new CostExplorerClient(member);
  });
  after(async () => {
    await w.stop();
  });

  test('the management account sees every account of its organization (GroupBy LINKED_ACCOUNT)', async () => {
    const ce = new CostExplorerClient(w.clientConfig);
    const out = await ce.send(
      new GetCostAndUsageCommand(
        costQuery({ Granularity: 'MONTHLY', GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] }),
      ),
    );
    const groups = byKey(out);
    assert.deepEqual([...groups.keys()].sort(), [w.accountId, memberId].sort());
    assert.equal(groups.get(memberId)!.quantity, 6);
    assert.equal(groups.get(w.accountId)!.quantity, managementCalls);
    near(groups.get(memberId)!.cost, 0);
    const attributes = new Map(out.DimensionValueAttributes!.map((a) => [a.Value, a.Attributes!.description]));
    assert.equal(attributes.get(memberId), 'dev');
    assert.equal(attributes.size, 2);

    const two = await ce.send(
      new GetCostAndUsageCommand(
        costQuery({
          GroupBy: [
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
          ],
        }),
      ),
    );
    const pairs = byKey(two);
    assert.equal(pairs.get(`${memberId}|AWS Security Token Service`)!.quantity, 4);
    assert.equal(pairs.get(`${memberId}|AWS Identity and Access Management`)!.quantity, 2);
    assert.equal(pairs.get(`${w.accountId}|AWS Cost Explorer`)!.quantity, 1);
    assert.equal(pairs.get(`${w.accountId}|AWS Security Token Service`)!.quantity, 1);
  });

  test('a member account sees only its own usage', async () => {
    const out = await memberCe.send(
      new GetCostAndUsageCommand(costQuery({ GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] })),
    );
    const groups = byKey(out);
    assert.deepEqual([...groups.keys()], [memberId]);
    assert.equal(groups.get(memberId)!.quantity, 6);
  });
});
