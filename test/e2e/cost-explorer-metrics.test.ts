// Cost Explorer end to end: every metric, filters and dimension values against hand-computed totals for a known
// set of metered calls across a three-account organization, priced with tiers so blended and unblended differ.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetDimensionValuesCommand,
  type Expression,
  type GetCostAndUsageCommandInput,
  type GetCostAndUsageCommandOutput,
  type GetDimensionValuesCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { insertCalls, type CallSpec } from '../helpers/billing.js';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DAY_MS as DAY, utcTodayWithRoom } from '../helpers/utc-day.js';
import { administratorKeys } from '../helpers/administrator.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const now = new Date(await utcTodayWithRoom());
/** The calendar month before this one: complete, and touched by nothing but the calls inserted below. */
const M = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
const THIS_MONTH = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
/** The month before M, for the paging scenario (its usage cannot disturb M's tiers). */
const M2 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
const D1 = M;
const D2 = M + DAY;
const D3 = M + 2 * DAY;
const D4 = M + 3 * DAY;

const KMS = 'AWS Key Management Service';
const STS = 'AWS Security Token Service';
const CE = 'AWS Cost Explorer';
const ALL_METRICS = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
];

/**
 * KMS requests cost $1 each for the family's first 10 in a month, $0.50 for the next 10, $0.25 beyond. The
 * family's KMS requests last month, in time order:
 *   D1: A 4, B 6            → month-to-date 0 → 10, all at $1: A $4, B $6
 *   D2: B 4, C 8            → 10 → 22: 10 × $0.50 + 2 × $0.25 = $5.50, shared 4:8: B $1.8333…, C $3.6666…
 *   D3: C 3                 → 22 → 25: 3 × $0.25 = $0.75 for C
 * Month: 25 requests for $16.25, so the blended rate is $0.65: blended A 4 × 0.65 = $2.60, B 10 × 0.65 = $6.50,
 * C 11 × 0.65 = $7.15 (unblended A $4, B $7.8333…, C $4.4166…; both sum to $16.25).
 * Also: 2 Cost Explorer calls by A on D1 (flat $0.01: $0.02 blended or not), 5 free STS calls by B on D2, and a
 * failed KMS call by C on D3 (not billed).
 */
const TIERED_PRICES = { 'KMS-Requests': [{ upTo: 10, price: 1 }, { upTo: 20, price: 0.5 }, { price: 0.25 }] };
const RATE = 16.25 / 25;
const B_UNBLENDED = 6 + (5.5 * 4) / 12;
const C_UNBLENDED = (5.5 * 8) / 12 + 0.75;

function calls(n: number, spec: Omit<CallSpec, 'time'> & { time: number }): CallSpec[] {
  return Array.from({ length: n }, (_, i) => ({ ...spec, time: spec.time + 3_600_000 + i }));
}

function near(actual: string | number | undefined, expected: number, what: string): void {
  assert.ok(Math.abs(Number(actual) - expected) < 1e-6, `${what}: ${actual} ≈ ${expected}`);
}

function rejectsWith(code: string, message: string | RegExp) {
  return (err: { name: string; message: string }) => {
    assert.equal(err.name, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  };
}

/** Every group's metrics, keyed by its keys joined with |, over all periods of a one-period answer. */
function groupsOf(out: GetCostAndUsageCommandOutput): Map<string, Record<string, { Amount?: string; Unit?: string }>> {
  assert.equal(out.ResultsByTime!.length, 1);
  return new Map(out.ResultsByTime![0]!.Groups!.map((g) => [g.Keys!.join('|'), g.Metrics!]));
}

describe('cost explorer: consolidated billing metrics, filters and dimension values of an organization', () => {
  let w: TestWarden;
  let ce: CostExplorerClient;
  let memberCe: CostExplorerClient;
  let A = '';
  let B = '';
  let C = '';
  const lastMonth = (extra: Partial<GetCostAndUsageCommandInput> = {}): GetCostAndUsageCommandInput => ({
    TimePeriod: { Start: day(M), End: day(THIS_MONTH) },
    Granularity: 'MONTHLY',
    Metrics: ALL_METRICS,
    ...extra,
  });
  const cost = (input: GetCostAndUsageCommandInput) => ce.send(new GetCostAndUsageCommand(input));
  const values = async (input: Partial<GetDimensionValuesCommandInput>) =>
    ce.send(
      new GetDimensionValuesCommand({
        TimePeriod: { Start: day(M), End: day(THIS_MONTH) },
        Dimension: 'SERVICE',
        ...input,
      }),
    );

  before(async () => {
    w = await startWarden();
    ce = new CostExplorerClient(w.clientConfig);
    const org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    A = w.accountId;
    B = await createMemberAccount(org, 'dev');
    C = await createMemberAccount(org, 'prod');
    // AWS refuses AssumeRole to the root user: the management account's administrator assumes the member's role.
    const admin = await administratorKeys(w);
    const session = await new STSClient({ ...w.clientConfig, credentials: admin }).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ce' }),
    );
    memberCe = new CostExplorerClient({
      ...w.clientConfig,
      credentials: {
        accessKeyId: session.Credentials!.AccessKeyId!,
        secretAccessKey: session.Credentials!.SecretAccessKey!,
        sessionToken: session.Credentials!.SessionToken!,
      },
    });
    const kms = 'kms.amazonaws.com';
    await insertCalls(w.warden.runtime.store.db, [
      ...calls(4, { account: A, eventSource: kms, eventName: 'Encrypt', region: 'us-east-1', time: D1 }),
      ...calls(6, { account: B, eventSource: kms, eventName: 'Decrypt', region: 'eu-west-1', time: D1 }),
      ...calls(2, { account: A, eventSource: 'ce.amazonaws.com', eventName: 'GetCostAndUsage', time: D1 }),
      ...calls(4, { account: B, eventSource: kms, eventName: 'Decrypt', region: 'eu-west-1', time: D2 }),
      ...calls(8, { account: C, eventSource: kms, eventName: 'GenerateDataKey', region: 'us-east-1', time: D2 }),
      ...calls(5, {
        account: B,
        eventSource: 'sts.amazonaws.com',
        eventName: 'GetCallerIdentity',
        region: 'us-west-2',
        time: D2,
      }),
      ...calls(3, { account: C, eventSource: kms, eventName: 'Encrypt', region: 'us-east-1', time: D3 }),
      { account: C, eventSource: kms, eventName: 'Encrypt', time: D3, errorCode: 'AccessDeniedException' },
      // 1001 operations (free IAM calls) two months ago, for GetDimensionValues' paging.
      ...Array.from({ length: 1001 }, (_, i) => ({
        account: A,
        eventSource: 'iam.amazonaws.com',
        eventName: `Op${String(i).padStart(4, '0')}`,
        time: M2 + i,
      })),
    ]);
    writeFileSync(join(w.dataDir, 'price-list.json'), JSON.stringify(TIERED_PRICES));
  });
  after(async () => {
    await w.stop();
  });

  test('every metric per linked account: blended at the family rate, unblended at the tiers each day reached', async () => {
    const out = await cost(lastMonth({ GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] }));
    const groups = groupsOf(out);
    assert.deepEqual([...groups.keys()].sort(), [A, B, C].sort());
    const expected: Record<string, { unblended: number; blended: number; quantity: number }> = {
      [A]: { unblended: 4 + 0.02, blended: 4 * RATE + 0.02, quantity: 4 + 2 },
      [B]: { unblended: B_UNBLENDED, blended: 10 * RATE, quantity: 10 + 5 },
      [C]: { unblended: C_UNBLENDED, blended: 11 * RATE, quantity: 11 },
    };
    for (const [account, e] of Object.entries(expected)) {
      const m = groups.get(account)!;
      near(m.UnblendedCost!.Amount, e.unblended, `${account} UnblendedCost`);
      near(m.BlendedCost!.Amount, e.blended, `${account} BlendedCost`);
      // No reservations, Savings Plans or discounts exist: amortized and net costs are the unblended cost.
      for (const same of ['AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost']) {
        near(m[same]!.Amount, e.unblended, `${account} ${same}`);
        assert.equal(m[same]!.Unit, 'USD');
      }
      near(m.UsageQuantity!.Amount, e.quantity, `${account} UsageQuantity`);
      // Requests and key-months have no normalization factor.
      assert.deepEqual(m.NormalizedUsageAmount, { Amount: '0', Unit: 'N/A' });
    }
    assert.notEqual(groups.get(C)!.BlendedCost!.Amount, groups.get(C)!.UnblendedCost!.Amount);
    assert.equal(out.ResultsByTime![0]!.Estimated, false, 'last month is final');
    const names = new Map(out.DimensionValueAttributes!.map((a) => [a.Value, a.Attributes!.description]));
    assert.equal(names.get(B), 'dev');
    assert.equal(names.get(C), 'prod');

    const total = (await cost(lastMonth())).ResultsByTime![0]!.Total!;
    near(total.UnblendedCost!.Amount, 16.27, 'the family pays');
    near(total.BlendedCost!.Amount, 16.27, 'blending redistributes the same total');
    near(total.UsageQuantity!.Amount, 32, 'UsageQuantity');
  });

  test('DAILY: each day priced at the tier the family had reached, blended at the month rate', async () => {
    const out = await cost({
      TimePeriod: { Start: day(D1), End: day(D4) },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'BlendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
    });
    const perDay = out.ResultsByTime!.map((r) => new Map(r.Groups!.map((g) => [g.Keys![0], g.Metrics!])));
    assert.deepEqual(
      perDay.map((d) => [...d.keys()].sort()),
      [[A, B].sort(), [B, C].sort(), [C]],
    );
    const expected: [number, string, number, number][] = [
      [0, A, 4.02, 4 * RATE + 0.02],
      [0, B, 6, 6 * RATE],
      [1, B, (5.5 * 4) / 12, 4 * RATE],
      [1, C, (5.5 * 8) / 12, 8 * RATE],
      [2, C, 0.75, 3 * RATE],
    ];
    for (const [i, account, unblended, blended] of expected) {
      near(perDay[i]!.get(account)!.UnblendedCost!.Amount, unblended, `day ${i + 1} ${account} unblended`);
      near(perDay[i]!.get(account)!.BlendedCost!.Amount, blended, `day ${i + 1} ${account} blended`);
    }
  });

  test("a member sees only its own usage, priced with its organization's tiers and blended rate", async () => {
    const out = await memberCe.send(
      new GetCostAndUsageCommand(lastMonth({ GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] })),
    );
    const groups = groupsOf(out);
    assert.deepEqual([...groups.keys()], [B]);
    near(groups.get(B)!.UnblendedCost!.Amount, B_UNBLENDED, 'member unblended');
    near(groups.get(B)!.BlendedCost!.Amount, 10 * RATE, 'member blended');
  });

  test('filters: Dimensions, And, Or, Not, Tags', async () => {
    const totalOf = async (Filter: Expression, metric = 'UnblendedCost') =>
      Number((await cost(lastMonth({ Filter }))).ResultsByTime![0]!.Total![metric]!.Amount);
    const service = (name: string): Expression => ({ Dimensions: { Key: 'SERVICE', Values: [name] } });
    const account = (id: string): Expression => ({ Dimensions: { Key: 'LINKED_ACCOUNT', Values: [id] } });

    // KMS outside the management account: B and C's KMS usage, at the prices the whole family set.
    const notA: Expression = { And: [service(KMS), { Not: account(A) }] };
    near(await totalOf(notA), B_UNBLENDED + C_UNBLENDED, 'And/Not unblended');
    near(await totalOf(notA, 'BlendedCost'), 21 * RATE, 'And/Not blended');
    near(await totalOf(notA, 'UsageQuantity'), 21, 'And/Not quantity');
    // eu-west-1 (B's Decrypts) or any Encrypt (A's 4 on D1, C's 3 on D3).
    const either: Expression = {
      Or: [
        { Dimensions: { Key: 'REGION', Values: ['eu-west-1'] } },
        { Dimensions: { Key: 'OPERATION', Values: ['Encrypt'] } },
      ],
    };
    near(await totalOf(either), B_UNBLENDED + 4 + 0.75, 'Or unblended');
    near(await totalOf(either, 'UsageQuantity'), 17, 'Or quantity');
    // Values of one key are OR-ed.
    const byType = await cost(
      lastMonth({
        Filter: { Dimensions: { Key: 'USAGE_TYPE', Values: ['STS-Requests', 'CE-Requests'] } },
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    );
    const types = groupsOf(byType);
    assert.deepEqual([...types.keys()].sort(), [CE, STS]);
    near(types.get(STS)!.UsageQuantity!.Amount, 5, 'STS quantity');
    near(types.get(CE)!.UnblendedCost!.Amount, 0.02, 'CE cost');
    // Grouping by OPERATION inside one service.
    const ops = groupsOf(
      await cost(lastMonth({ Filter: service(KMS), GroupBy: [{ Type: 'DIMENSION', Key: 'OPERATION' }] })),
    );
    assert.deepEqual(
      [...ops.entries()].map(([k, m]) => [k, Number(m.UsageQuantity!.Amount)]),
      [
        ['Decrypt', 10],
        ['Encrypt', 7],
        ['GenerateDataKey', 8],
      ],
    );
    // No usage carries a cost allocation tag: a tag value matches nothing, its absence everything.
    near(await totalOf({ Tags: { Key: 'team', Values: ['platform'] } }), 0, 'tagged');
    near(await totalOf({ Tags: { Key: 'team', MatchOptions: ['ABSENT'] } }), 16.27, 'untagged');
    near(await totalOf({ Not: { Tags: { Key: 'team', Values: ['platform'] } } }), 16.27, 'not tagged');
  });

  test("filter validation answers Cost Explorer's ValidationException", async () => {
    const kms: Expression = { Dimensions: { Key: 'SERVICE', Values: [KMS] } };
    let deep: Expression = kms;
    for (let i = 0; i < 10; i++) deep = { Not: deep }; // 11 levels
    const cases: [Expression, string | RegExp][] = [
      [
        { And: [kms, kms], Dimensions: { Key: 'USAGE_TYPE', Values: ['KMS-Requests'] } },
        'Expression has more than one roots. Only one root operator is allowed for each expression: And, Or, Not, Dimensions, Tags, CostCategories',
      ],
      [{}, /^Expression has zero or more than one roots\. Only one root operator/],
      [{ And: [kms] }, 'And expression must have at least 2 operands'],
      [{ Or: [kms] }, 'Or expression must have at least 2 operands'],
      [{ Dimensions: { Key: 'RESOURCE_ID', Values: ['i-1'] } }, 'Dimension RESOURCE_ID is not allowed.'],
      [{ Dimensions: { Key: 'SERVICE', Values: ['K'], MatchOptions: ['STARTS_WITH'] } }, /MatchOptions STARTS_WITH/],
      [{ Not: { And: [kms, { Or: [kms] }] } }, 'Or expression must have at least 2 operands'],
      [deep, /nested too deeply: at most 10 levels/],
    ];
    for (const [Filter, message] of cases) {
      await assert.rejects(cost(lastMonth({ Filter })), rejectsWith('ValidationException', message));
    }
    let ten: Expression = kms;
    for (let i = 0; i < 9; i++) ten = { Not: ten }; // 10 levels: allowed (Not⁹ of KMS is "not KMS")
    near((await cost(lastMonth({ Filter: ten }))).ResultsByTime![0]!.Total!.UnblendedCost!.Amount, 0.02, 'ten levels');
  });

  test('GetDimensionValues: the values in the period, with attributes, search, filter and sort', async () => {
    const list = (out: { DimensionValues?: { Value?: string }[] }) => out.DimensionValues!.map((v) => v.Value);
    const services = await values({});
    assert.deepEqual(list(services), [CE, KMS, STS]);
    assert.equal(services.ReturnSize, 3);
    assert.equal(services.TotalSize, 3);
    assert.equal(services.NextPageToken, undefined);

    const accounts = await values({ Dimension: 'LINKED_ACCOUNT' });
    assert.deepEqual(list(accounts), [A, B, C].sort());
    const described = new Map(accounts.DimensionValues!.map((v) => [v.Value, v.Attributes!.description]));
    assert.equal(described.get(B), 'dev');
    assert.deepEqual(list(await values({ Dimension: 'LINKED_ACCOUNT', SearchString: 'PRO' })), [C]);

    assert.deepEqual(list(await values({ Dimension: 'REGION' })), ['eu-west-1', 'us-east-1', 'us-west-2']);
    assert.deepEqual(list(await values({ Dimension: 'OPERATION', SearchString: 'CRYPT' })), ['Decrypt', 'Encrypt']);
    const usageTypes = await values({ Dimension: 'USAGE_TYPE' });
    assert.deepEqual(
      usageTypes.DimensionValues!.map((v) => [v.Value, v.Attributes!.unit]),
      [
        ['CE-Requests', 'Requests'],
        ['KMS-Requests', 'Requests'],
        ['STS-Requests', 'Requests'],
      ],
    );
    assert.deepEqual(
      list(await values({ Dimension: 'OPERATION', Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [C] } } })),
      ['Encrypt', 'GenerateDataKey'],
    );
    assert.deepEqual(list(await values({ Dimension: 'AZ' })), [], 'Warden has no Availability Zone usage');

    const sorted = (Key: string) =>
      values({ Dimension: 'LINKED_ACCOUNT', SortBy: [{ Key, SortOrder: 'DESCENDING' }] }).then(list);
    assert.deepEqual(await sorted('UnblendedCost'), [B, C, A]); // 7.83, 4.42, 4.02
    assert.deepEqual(await sorted('BlendedCost'), [C, B, A]); // 7.15, 6.50, 2.62
    const top = await values({ Dimension: 'LINKED_ACCOUNT', SortBy: [{ Key: 'BlendedCost' }], MaxResults: 1 });
    assert.deepEqual([list(top), top.ReturnSize, top.TotalSize], [[A], 1, 3]);
  });

  test('GetDimensionValues pages 1000 values at a time, the token bound to its request', async () => {
    const period = { Start: day(M2), End: day(M2 + DAY) };
    const first = await values({ Dimension: 'OPERATION', TimePeriod: period });
    assert.equal(first.ReturnSize, 1000);
    assert.equal(first.TotalSize, 1001);
    assert.equal(first.DimensionValues![0]!.Value, 'Op0000');
    assert.ok(first.NextPageToken);
    const second = await values({ Dimension: 'OPERATION', TimePeriod: period, NextPageToken: first.NextPageToken });
    assert.deepEqual(
      second.DimensionValues!.map((v) => v.Value),
      ['Op1000'],
    );
    assert.equal(second.NextPageToken, undefined);
    await assert.rejects(
      values({ Dimension: 'SERVICE', TimePeriod: period, NextPageToken: first.NextPageToken }),
      rejectsWith('RequestChangedException', /parameters changed between pages/),
    );
  });

  test('GetDimensionValues validation', async () => {
    await assert.rejects(
      values({ Dimension: 'LINKED_ACCOUNT_NAME' }),
      rejectsWith('ValidationException', 'Dimension LINKED_ACCOUNT_NAME is not allowed.'),
    );
    await assert.rejects(
      values({ SearchString: 'a', SortBy: [{ Key: 'UnblendedCost' }] }),
      rejectsWith('ValidationException', /SearchString is not supported with SortBy/),
    );
    await assert.rejects(
      values({ SortBy: [{ Key: 'Cost' }] }),
      rejectsWith('ValidationException', /SortBy key Cost is not supported/),
    );
    await assert.rejects(
      values({ TimePeriod: { Start: day(THIS_MONTH), End: day(M) } }),
      rejectsWith('ValidationException', 'Start date (and hour) should be before end date (and hour)'),
    );
    await assert.rejects(
      values({ Filter: { Or: [{ Dimensions: { Key: 'SERVICE', Values: [KMS] } }] } }),
      rejectsWith('ValidationException', 'Or expression must have at least 2 operands'),
    );
  });
});
