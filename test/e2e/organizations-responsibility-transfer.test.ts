// Billing transfers end to end: one organization's management account invites another's to let it pay the
// other's consolidated bill; accepting the TRANSFER_RESPONSIBILITY handshake makes Cost Explorer roll the source
// organization's charges up to the payer from the transfer's start (and the operator's billing statement of the
// payer too), and a withdrawal ends it at a month's end. The invitation's tags attach to the transfer on acceptance.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptHandshakeCommand,
  CreateOrganizationCommand,
  DescribeResponsibilityTransferCommand,
  InviteOrganizationToTransferResponsibilityCommand,
  ListHandshakesForAccountCommand,
  ListInboundResponsibilityTransfersCommand,
  ListOutboundResponsibilityTransfersCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  TagResourceCommand,
  TerminateResponsibilityTransferCommand,
  UntagResourceCommand,
  UpdateResponsibilityTransferCommand,
} from '@aws-sdk/client-organizations';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DAY_MS as DAY, utcTodayWithRoom } from '../helpers/utc-day.js';
import { createMemberAccount } from '../helpers/organizations.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { billingStatement } from '../../src/billing/statement.js';
import { loadPriceList } from '../../src/billing/price-list.js';
import { BILLED_SERVICES } from '../../src/services/registry.js';

const today = await utcTodayWithRoom();
const now = new Date(today);
const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
/** Two months on: always more than 24 hours away, as a transfer's start must be. */
const START = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
const TODAY = new Date(today).toISOString().slice(0, 10);
const TOMORROW = new Date(today + DAY).toISOString().slice(0, 10);

function rejectsWith(code: string, reason?: string) {
  return (err: { name: string; Reason?: string }) => {
    assert.equal(err.name, code);
    if (reason) assert.equal(err.Reason, reason);
    return true;
  };
}

describe('organizations: billing responsibility transfers', () => {
  let w: TestWarden;
  let payer: OrganizationsClient;
  let source: OrganizationsClient;
  let outsider: OrganizationsClient;
  let sourceId = '';
  let sourceOrgId = '';
  let payerOrgId = '';
  let memberId = '';
  let handshakeId = '';
  let transferId = '';
  let sourceKms: KMSClient;

  const linkedAccounts = async (): Promise<Set<string>> => {
    const ce = new CostExplorerClient(w.clientConfig);
    const out = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: TODAY, End: TOMORROW },
        Granularity: 'DAILY',
        Metrics: ['UsageQuantity'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
      }),
    );
    return new Set((out.ResultsByTime ?? []).flatMap((r) => (r.Groups ?? []).map((g) => g.Keys![0]!)));
  };

  before(async () => {
    w = await startWarden();
    payer = new OrganizationsClient(w.clientConfig);
    payerOrgId = (await payer.send(new CreateOrganizationCommand({}))).Organization!.Id!;
    const { store, secrets } = w.warden.runtime;
    const b = await createStandaloneAccount(store, secrets, { email: 'bill-source@example.com' });
    sourceId = b.accountId;
    const sourceCreds = { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey };
    source = new OrganizationsClient({ ...w.clientConfig, credentials: sourceCreds });
    sourceKms = new KMSClient({ ...w.clientConfig, credentials: sourceCreds });
    sourceOrgId = (await source.send(new CreateOrganizationCommand({}))).Organization!.Id!;
    memberId = await createMemberAccount(source, 'source-member');
    const c = await createStandaloneAccount(store, secrets, { email: 'outsider@example.com' });
    outsider = new OrganizationsClient({
      ...w.clientConfig,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    });
    await outsider.send(new CreateOrganizationCommand({}));
  });
  after(() => w.stop());

  const invite = (extra: Partial<{ StartTimestamp: Date; Id: string; Tags: { Key: string; Value: string }[] }> = {}) =>
    payer.send(
      new InviteOrganizationToTransferResponsibilityCommand({
        Type: 'BILLING',
        Target: { Type: 'ACCOUNT', Id: extra.Id ?? sourceId },
        StartTimestamp: extra.StartTimestamp ?? START,
        SourceName: 'pay for source',
        Notes: 'we pay from then on',
        ...(extra.Tags ? { Tags: extra.Tags } : {}),
      }),
    );
  const INVITATION_TAGS = [
    { Key: 'cost-center', Value: 'payer-42' },
    { Key: 'reason', Value: '' },
  ];
  const tagsOf = async (client: OrganizationsClient, id: string) =>
    (await client.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags;
  /** The operator's statement of the payer's bill today (`warden billing-report --account`): its accounts. */
  const statementAccounts = async (): Promise<Set<string>> => {
    const statement = await billingStatement(w.warden.runtime.store, {
      services: BILLED_SERVICES,
      start: Date.parse(TODAY),
      end: Date.parse(TOMORROW),
      accountId: w.accountId,
      prices: await loadPriceList({ dataDir: w.warden.runtime.config.dataDir, env: process.env }),
      now: Date.now(),
    });
    return new Set(statement.lines.map((l) => l.accountId));
  };

  test('an invitation whose tags are invalid is not sent', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await assert.rejects(
      invite({ Tags: tooMany }),
      rejectsWith('ConstraintViolationException', 'MAX_TAG_LIMIT_EXCEEDED'),
    );
    await assert.rejects(
      invite({ Tags: [INVITATION_TAGS[0]!, INVITATION_TAGS[0]!] }),
      rejectsWith('InvalidInputException', 'DUPLICATE_TAG_KEY'),
    );
    assert.deepEqual(
      (await payer.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }))).ResponsibilityTransfers,
      [],
    );
    assert.deepEqual((await source.send(new ListHandshakesForAccountCommand({}))).Handshakes, []);
  });

  test('the start must be the first instant of a month more than 24 hours away', async () => {
    await assert.rejects(
      invite({ StartTimestamp: new Date(START.getTime() + DAY) }),
      rejectsWith('InvalidInputException', 'START_DATE_NOT_BEGINNING_OF_MONTH'),
    );
    await assert.rejects(
      invite({ StartTimestamp: new Date(thisMonth) }),
      rejectsWith('InvalidInputException', 'START_DATE_TOO_EARLY'),
    );
  });

  test('only another organization’s management account can be invited', async () => {
    await assert.rejects(
      invite({ Id: w.accountId }),
      rejectsWith('HandshakeConstraintViolationException', 'SOURCE_AND_TARGET_CANNOT_MATCH'),
    );
    await assert.rejects(
      invite({ Id: memberId }),
      rejectsWith('HandshakeConstraintViolationException', 'TARGET_ACCOUNT_VALIDATION_FAILURE'),
    );
  });

  test('an invitation is a TRANSFER_RESPONSIBILITY handshake the source sees, and a REQUESTED transfer', async () => {
    const handshake = (await invite({ Tags: INVITATION_TAGS })).Handshake!;
    assert.equal(handshake.Action, 'TRANSFER_RESPONSIBILITY');
    assert.equal(handshake.State, 'OPEN');
    handshakeId = handshake.Id!;
    assert.match(handshake.Arn!, new RegExp(`:${w.accountId}:handshake/${payerOrgId}/transfer_responsibility/h-`));
    transferId = handshake.Resources!.find((r) => r.Type === 'RESPONSIBILITY_TRANSFER')!.Value!;
    assert.match(transferId, /^rt-[0-9a-z]{8,32}$/);
    assert.equal(handshake.Resources!.find((r) => r.Type === 'TRANSFER_START_TIMESTAMP')!.Value, START.toISOString());
    // Accepting is due 24 hours before the start at the latest.
    assert.ok(handshake.ExpirationTimestamp!.getTime() <= START.getTime() - DAY);

    const seen = (await source.send(new ListHandshakesForAccountCommand({}))).Handshakes!;
    assert.deepEqual(
      seen.map((h) => h.Id),
      [handshakeId],
    );

    const inbound = (await payer.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' })))
      .ResponsibilityTransfers!;
    assert.equal(inbound.length, 1);
    assert.equal(inbound[0]!.Status, 'REQUESTED');
    assert.equal(inbound[0]!.Source!.ManagementAccountId, sourceId);
    assert.equal(inbound[0]!.Target!.ManagementAccountId, w.accountId);
    assert.equal(inbound[0]!.StartTimestamp!.getTime(), START.getTime());
    assert.equal(
      inbound[0]!.Arn,
      `arn:aws:organizations::${w.accountId}:transfer/${payerOrgId}/billing/inbound/${transferId}`,
    );
    const outbound = (await source.send(new ListOutboundResponsibilityTransfersCommand({ Type: 'BILLING' })))
      .ResponsibilityTransfers!;
    assert.equal(
      outbound[0]!.Arn,
      `arn:aws:organizations::${sourceId}:transfer/${sourceOrgId}/billing/outbound/${transferId}`,
    );
    // The invitation's tags are not on the transfer until it is accepted.
    assert.deepEqual(await tagsOf(payer, transferId), []);
    // The source's outbound list is not the payer's inbound one.
    assert.deepEqual(
      (await source.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }))).ResponsibilityTransfers,
      [],
    );
  });

  test('no second invitation while one holds the organization', async () => {
    await assert.rejects(
      invite(),
      rejectsWith('HandshakeConstraintViolationException', 'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS'),
    );
  });

  test('a transfer is its two participants’ only', async () => {
    await assert.rejects(
      outsider.send(new DescribeResponsibilityTransferCommand({ Id: transferId })),
      rejectsWith('ResponsibilityTransferNotFoundException'),
    );
    await assert.rejects(
      outsider.send(new TerminateResponsibilityTransferCommand({ Id: transferId })),
      rejectsWith('ResponsibilityTransferNotFoundException'),
    );
    await assert.rejects(
      outsider.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING', Id: transferId })),
      rejectsWith('ResponsibilityTransferNotFoundException'),
    );
    await assert.rejects(
      outsider.send(new ListTagsForResourceCommand({ ResourceId: transferId })),
      rejectsWith('TargetNotFoundException'),
    );
    await assert.rejects(
      outsider.send(new TagResourceCommand({ ResourceId: transferId, Tags: [{ Key: 'mine', Value: 'no' }] })),
      rejectsWith('TargetNotFoundException'),
    );
  });

  test('a REQUESTED transfer cannot be withdrawn', async () => {
    await assert.rejects(
      payer.send(new TerminateResponsibilityTransferCommand({ Id: transferId })),
      rejectsWith('InvalidResponsibilityTransferTransitionException'),
    );
  });

  test('accepting makes the payer pay the source organization’s bill from the start, not before', async () => {
    await sourceKms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const accepted = (await source.send(new AcceptHandshakeCommand({ HandshakeId: handshakeId }))).Handshake!;
    assert.equal(accepted.State, 'ACCEPTED');
    const transfer = (await source.send(new DescribeResponsibilityTransferCommand({ Id: transferId })))
      .ResponsibilityTransfer!;
    assert.equal(transfer.Status, 'ACCEPTED');
    // Accepted: the invitation's tags are on the payer's side of the transfer; the source's side has its own.
    assert.deepEqual(
      await tagsOf(payer, transferId),
      [...INVITATION_TAGS].sort((a, b) => (a.Key < b.Key ? -1 : 1)),
    );
    assert.deepEqual(await tagsOf(source, transferId), []);
    await source.send(new TagResourceCommand({ ResourceId: transferId, Tags: [{ Key: 'paid-by', Value: 'payer' }] }));
    assert.deepEqual(await tagsOf(source, transferId), [{ Key: 'paid-by', Value: 'payer' }]);
    await payer.send(new UntagResourceCommand({ ResourceId: transferId, TagKeys: ['reason'] }));
    assert.deepEqual(await tagsOf(payer, transferId), [{ Key: 'cost-center', Value: 'payer-42' }]);

    // Today is before the start: the source's usage is not on the payer's bill.
    const before = await linkedAccounts();
    assert.ok(!before.has(sourceId), 'no transferred usage before the start');
    assert.ok(!(await statementAccounts()).has(sourceId), 'nor on the operator’s statement of the payer');

    // Let time pass to the start: Warden's clock cannot be moved, so the accepted row is moved back to this month.
    await w.warden.runtime.store.db
      .updateTable('org_responsibility_transfers')
      .set({ start_at: thisMonth })
      .where('id', '=', transferId)
      .execute();
    const after = await linkedAccounts();
    assert.ok(after.has(sourceId), 'the source management account’s usage is on the payer’s bill');
    assert.ok(after.has(w.accountId), 'the payer’s own usage stays on it');
    const statement = await statementAccounts();
    assert.ok(statement.has(sourceId), 'the operator’s statement of the payer rolls the source’s usage in');
    assert.ok(statement.has(w.accountId), 'beside the payer’s own');
  });

  test('renaming, and withdrawing at the end of a month', async () => {
    const renamed = (await source.send(new UpdateResponsibilityTransferCommand({ Id: transferId, Name: 'renamed' })))
      .ResponsibilityTransfer!;
    assert.equal(renamed.Name, 'renamed');

    await assert.rejects(
      source.send(new TerminateResponsibilityTransferCommand({ Id: transferId, EndTimestamp: new Date(thisMonth) })),
      rejectsWith('InvalidInputException', 'END_DATE_NOT_END_OF_MONTH'),
    );
    const ended = (await source.send(new TerminateResponsibilityTransferCommand({ Id: transferId })))
      .ResponsibilityTransfer!;
    assert.equal(ended.Status, 'WITHDRAWN');
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    assert.equal(ended.EndTimestamp!.getTime(), nextMonth - 1000);
    await assert.rejects(
      payer.send(new TerminateResponsibilityTransferCommand({ Id: transferId })),
      rejectsWith('ResponsibilityTransferAlreadyInStatusException'),
    );
    // Charges accrued before the end stay the payer's.
    assert.ok((await linkedAccounts()).has(sourceId));
    // And the organization is free for a new invitation after the end only: today it is still held.
    await assert.rejects(
      invite(),
      rejectsWith('HandshakeConstraintViolationException', 'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS'),
    );
  });
});
