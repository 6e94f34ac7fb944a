// Page tokens end to end: every service's token pages each item once and only opens for the request it was issued to.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CostExplorerClient, GetCostAndUsageCommand, GetDimensionValuesCommand } from '@aws-sdk/client-cost-explorer';
import {
  CreateGroupCommand,
  CreateUserCommand,
  IAMClient,
  ListGroupsCommand,
  ListUsersCommand,
  type ListUsersCommandOutput,
} from '@aws-sdk/client-iam';
import {
  CreateKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms';
import {
  CreateOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { createMemberAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { DAY_MS, utcTodayWithRoom } from '../helpers/utc-day.js';

/** The token with one bit of its middle byte flipped: still well-formed, no longer what Warden sealed. */
function tampered(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[bytes.length >> 1]! ^= 0x04;
  return bytes.toString('base64url');
}

/** Asserts the SDK error's code and HTTP status, and its message or Organizations' Reason when given. */
function refusedWith(code: string, expected: { message?: string; reason?: string } = {}) {
  return (err: { name: string; message: string; Reason?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, code, err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (expected.message !== undefined) assert.equal(err.message, expected.message);
    if (expected.reason !== undefined) assert.equal(err.Reason, expected.reason);
    return true;
  };
}

const TODAY = await utcTodayWithRoom();

describe('page tokens', () => {
  let w: TestWarden;
  /** Clients of a second, stand-alone account. */
  let other: { iam: IAMClient; kms: KMSClient; cloudtrail: CloudTrailClient };

  before(async () => {
    w = await startWarden();
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'pages-other@example.com',
      accountId: '210987654321',
    });
    const config = {
      ...w.clientConfig,
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    };
    other = { iam: new IAMClient(config), kms: new KMSClient(config), cloudtrail: new CloudTrailClient(config) };
  });
  after(async () => {
    await w?.stop();
  });

  describe('IAM Marker', () => {
    let iam: IAMClient;
    const names = Array.from({ length: 7 }, (_, i) => `pager-${i}`);
    before(async () => {
      iam = new IAMClient(w.clientConfig);
      for (const UserName of names) await iam.send(new CreateUserCommand({ UserName, Path: '/pager/' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'pager-group' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'pager-group-2' }));
    });
    const invalidMarker = refusedWith('ValidationError', { message: 'Invalid Marker.' });

    test('ListUsers in pages of 3 returns each user exactly once', async () => {
      const seen: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const out: ListUsersCommandOutput = await iam.send(
          new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 3, Marker: marker }),
        );
        seen.push(...out.Users!.map((u) => u.UserName!));
        marker = out.IsTruncated ? out.Marker : undefined;
        pages++;
      } while (marker !== undefined && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(seen, names);
    });

    test('a Marker is refused by another operation, other filters, another account, or when altered', async () => {
      const { Marker } = await iam.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 2 }));
      assert.ok(Marker);
      await assert.rejects(iam.send(new ListGroupsCommand({ MaxItems: 1, Marker })), invalidMarker);
      await assert.rejects(iam.send(new ListUsersCommand({ PathPrefix: '/', MaxItems: 2, Marker })), invalidMarker);
      await assert.rejects(
        other.iam.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 2, Marker })),
        invalidMarker,
      );
      await assert.rejects(
        iam.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 2, Marker: tampered(Marker) })),
        invalidMarker,
      );
      // The position in the clear, as the old format wrote it, is no longer a marker.
      const forged = Buffer.from('warden:2').toString('base64');
      await assert.rejects(iam.send(new ListUsersCommand({ PathPrefix: '/pager/', Marker: forged })), invalidMarker);
    });
  });

  describe('KMS Marker', () => {
    let kms: KMSClient;
    const keys: string[] = [];
    before(async () => {
      kms = new KMSClient(w.clientConfig);
      for (let i = 0; i < 2; i++) {
        const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
        keys.push(KeyMetadata!.KeyId!);
        await kms.send(
          new TagResourceCommand({
            KeyId: KeyMetadata!.KeyId!,
            Tags: [0, 1, 2].map((t) => ({ TagKey: `k${t}`, TagValue: `v${t}` })),
          }),
        );
      }
    });
    const invalidMarker = refusedWith('InvalidMarkerException');

    test('ListResourceTags in pages of 2 returns each tag exactly once', async () => {
      const first = await kms.send(new ListResourceTagsCommand({ KeyId: keys[0], Limit: 2 }));
      assert.equal(first.Truncated, true);
      const rest = await kms.send(new ListResourceTagsCommand({ KeyId: keys[0], Limit: 2, Marker: first.NextMarker }));
      assert.equal(rest.Truncated, false);
      assert.deepEqual(
        [...first.Tags!, ...rest.Tags!].map((t) => t.TagKey),
        ['k0', 'k1', 'k2'],
      );
    });

    test('a Marker is refused by another operation, another key, another account, or when altered', async () => {
      const { NextMarker } = await kms.send(new ListResourceTagsCommand({ KeyId: keys[0], Limit: 1 }));
      assert.ok(NextMarker);
      await assert.rejects(kms.send(new ListAliasesCommand({ Marker: NextMarker })), invalidMarker);
      await assert.rejects(kms.send(new ListKeysCommand({ Marker: NextMarker })), invalidMarker);
      await assert.rejects(
        kms.send(new ListResourceTagsCommand({ KeyId: keys[1], Limit: 1, Marker: NextMarker })),
        invalidMarker,
      );
      const listKeys = await kms.send(new ListKeysCommand({ Limit: 1 }));
      assert.ok(listKeys.NextMarker);
      await assert.rejects(other.kms.send(new ListKeysCommand({ Marker: listKeys.NextMarker })), invalidMarker);
      await assert.rejects(
        kms.send(new ListResourceTagsCommand({ KeyId: keys[0], Limit: 1, Marker: tampered(NextMarker) })),
        invalidMarker,
      );
      const forged = Buffer.from('m:1').toString('base64url');
      await assert.rejects(kms.send(new ListKeysCommand({ Marker: forged })), invalidMarker);
    });
  });

  describe('Organizations NextToken', () => {
    let org: OrganizationsClient;
    const members: string[] = [];
    before(async () => {
      org = new OrganizationsClient(w.clientConfig);
      await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      for (const name of ['pager-a', 'pager-b', 'pager-c']) members.push(await createMemberAccount(org, name));
    });
    const invalidToken = refusedWith('InvalidInputException', { reason: 'INVALID_NEXT_TOKEN' });

    test('ListAccounts in pages of 1 returns each account exactly once', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await org.send(new ListAccountsCommand({ MaxResults: 1, NextToken: token }));
        seen.push(...out.Accounts!.map((a) => a.Id!));
        token = out.NextToken;
        pages++;
      } while (token !== undefined && pages < 10);
      assert.equal(pages, 4);
      assert.equal(new Set(seen).size, 4);
      for (const id of [w.accountId, ...members]) assert.ok(seen.includes(id), id);
    });

    test('a NextToken is refused by another operation or when altered', async () => {
      const { NextToken } = await org.send(new ListAccountsCommand({ MaxResults: 1 }));
      assert.ok(NextToken);
      const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
      await assert.rejects(
        org.send(new ListAccountsForParentCommand({ ParentId: rootId, MaxResults: 1, NextToken })),
        invalidToken,
      );
      await assert.rejects(org.send(new ListRootsCommand({ NextToken })), invalidToken);
      await assert.rejects(
        org.send(new ListAccountsCommand({ MaxResults: 1, NextToken: tampered(NextToken) })),
        invalidToken,
      );
      const forged = Buffer.from('o:1').toString('base64url');
      await assert.rejects(org.send(new ListAccountsCommand({ NextToken: forged })), invalidToken);
    });
  });

  describe('Cost Explorer NextPageToken', () => {
    const DAY = DAY_MS;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const today = TODAY;
    const query = {
      TimePeriod: { Start: day(today - 130 * DAY), End: day(today + DAY) },
      Granularity: 'DAILY' as const,
      Metrics: ['UnblendedCost'],
    };
    const invalidToken = refusedWith('InvalidNextTokenException', {
      message: 'The pagination token is invalid. Try again without a pagination token.',
    });

    test('a NextPageToken is refused by another operation or when altered; changed parameters say so', async () => {
      const ce = new CostExplorerClient(w.clientConfig);
      const { NextPageToken } = await ce.send(new GetCostAndUsageCommand(query));
      assert.ok(NextPageToken);
      await assert.rejects(
        ce.send(new GetDimensionValuesCommand({ TimePeriod: query.TimePeriod, Dimension: 'SERVICE', NextPageToken })),
        invalidToken,
      );
      await assert.rejects(
        ce.send(new GetCostAndUsageCommand({ ...query, NextPageToken: tampered(NextPageToken) })),
        invalidToken,
      );
      await assert.rejects(
        ce.send(new GetCostAndUsageCommand({ ...query, Metrics: ['BlendedCost'], NextPageToken })),
        refusedWith('RequestChangedException'),
      );
      const forged = Buffer.from(JSON.stringify({ o: 100, f: 'x' })).toString('base64url');
      await assert.rejects(ce.send(new GetCostAndUsageCommand({ ...query, NextPageToken: forged })), invalidToken);
    });
  });

  describe('CloudTrail NextToken', () => {
    const invalidToken = refusedWith('InvalidNextTokenException');

    test('a NextToken is refused with other filters, by another account, or when altered', async () => {
      const cloudtrail = new CloudTrailClient(w.clientConfig);
      const { NextToken } = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 1 }));
      assert.ok(NextToken);
      await assert.rejects(
        cloudtrail.send(
          new LookupEventsCommand({
            MaxResults: 1,
            NextToken,
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
          }),
        ),
        invalidToken,
      );
      // The other account has its own events (its IAM and KMS calls above), so it has a first page to misuse.
      await assert.rejects(other.cloudtrail.send(new LookupEventsCommand({ MaxResults: 1, NextToken })), invalidToken);
      await assert.rejects(
        cloudtrail.send(new LookupEventsCommand({ MaxResults: 1, NextToken: tampered(NextToken) })),
        invalidToken,
      );
    });
  });
});
