import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/error.js';
import type { CallerIdentity } from '../../aws/identity.js';
import { storeBackends } from '../../../test/helpers/stores.js';
import { rootIdentity } from '../../../test/helpers/test-context.js';
import { cloudtrail } from './index.js';
import { ACCOUNT, OTHER_ACCOUNT, openFixture, type CloudTrailFixture } from '../../../test/helpers/cloudtrail.js';

const lookup = cloudtrail.handlers.LookupEvents;

const alice: CallerIdentity = {
  type: 'IAMUser',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalId: 'AIDAALICEEXAMPLE0001',
  userName: 'alice',
  accessKeyId: 'AKIAALICEEXAMPLE0001',
};

const T0 = Date.parse('2026-11-28T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const ROLE2 = `arn:aws:iam::${ACCOUNT}:role/app2`;

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(
    promise,
    (err: unknown) => err instanceof AwsError && err.code === code && err.httpStatus === 400,
  );
}

for (const backend of storeBackends()) {
  describe(`LookupEvents on ${backend.name}`, { skip: backend.skip }, () => {
    let fx: CloudTrailFixture;
    before(async () => {
      fx = await openFixture(backend);
      // Ten events a minute apart (minute 0 .. 9), alternating callers, plus one in another account.
      for (let i = 0; i < 10; i++) {
        const byAlice = i % 2 === 1;
        await fx.record({
          service: byAlice ? 'iam' : 'sts',
          operation: byAlice ? 'CreateUser' : 'GetCallerIdentity',
          identity: byAlice ? alice : rootIdentity(ACCOUNT, { accessKeyId: 'AKIAROOTEXAMPLE00001' }),
          input: byAlice ? { UserName: `u${i}` } : {},
          output: byAlice ? { User: { UserName: `u${i}` } } : {},
          time: at(i),
          notes:
            i === 4
              ? { resources: [{ ARN: ROLE2, accountId: ACCOUNT, type: 'AWS::IAM::Role' }] }
              : i === 6
                ? { resources: [{ ARN: ROLE, accountId: ACCOUNT, type: 'AWS::IAM::Role' }] }
                : {},
        });
      }
      await fx.record({ identity: rootIdentity(OTHER_ACCOUNT), time: at(5) });
    });
    after(async () => {
      await fx?.close();
    });

    test("returns the caller's account's events, newest first, as the API shapes them", async () => {
      const out = await lookup(fx.ctx(), {});
      assert.equal(out.Events.length, 10);
      assert.equal(out.NextToken, undefined);
      const times = out.Events.map((e: { EventTime: Date }) => e.EventTime.getTime());
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const newest = out.Events[0];
      assert.equal(newest.EventName, 'CreateUser');
      assert.equal(newest.EventSource, 'iam.amazonaws.com');
      assert.equal(newest.ReadOnly, 'false');
      assert.equal(newest.Username, 'alice');
      assert.equal(newest.AccessKeyId, 'AKIAALICEEXAMPLE0001');
      assert.deepEqual(newest.EventTime, at(9));
      assert.deepEqual(newest.Resources, []);
      const record = JSON.parse(newest.CloudTrailEvent);
      assert.equal(record.eventID, newest.EventId);
      assert.deepEqual(record.requestParameters, { userName: 'u9' });
      const other = await lookup(fx.ctx({ accountId: OTHER_ACCOUNT }), {});
      assert.equal(other.Events.length, 1);
    });

    test('pages with MaxResults and NextToken without repeating or skipping an event', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await lookup(fx.ctx(), { MaxResults: 3, ...(token ? { NextToken: token } : {}) });
        assert.ok(out.Events.length <= 3);
        seen.push(...out.Events.map((e: { EventId: string }) => e.EventId));
        token = out.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 4);
      assert.equal(seen.length, 10);
      assert.equal(new Set(seen).size, 10);
      const all = (await lookup(fx.ctx(), {})).Events.map((e: { EventId: string }) => e.EventId);
      assert.deepEqual(seen, all);
    });

    test('a tampered token, or one reused with other filters or by another account, is refused', async () => {
      const { NextToken } = await lookup(fx.ctx(), { MaxResults: 2 });
      assert.ok(NextToken);
      // The old format's position, in the clear and unsealed; and the real token with one byte altered.
      const forged = Buffer.from(JSON.stringify([T0 + 10 * 60_000, 999999])).toString('base64url');
      await rejectsWith(lookup(fx.ctx(), { MaxResults: 2, NextToken: forged }), 'InvalidNextTokenException');
      const altered = Buffer.from(NextToken, 'base64url');
      altered[altered.length >> 1]! ^= 0x40;
      await rejectsWith(
        lookup(fx.ctx(), { MaxResults: 2, NextToken: altered.toString('base64url') }),
        'InvalidNextTokenException',
      );
      await rejectsWith(lookup(fx.ctx(), { MaxResults: 2, NextToken: 'garbage' }), 'InvalidNextTokenException');
      await rejectsWith(
        lookup(fx.ctx(), {
          MaxResults: 2,
          NextToken,
          LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }],
        }),
        'InvalidNextTokenException',
      );
      await rejectsWith(
        lookup(fx.ctx({ accountId: OTHER_ACCOUNT }), { MaxResults: 2, NextToken }),
        'InvalidNextTokenException',
      );
    });

    test('filters by each lookup attribute', async () => {
      const names = async (AttributeKey: string, AttributeValue: string) =>
        (await lookup(fx.ctx(), { LookupAttributes: [{ AttributeKey, AttributeValue }] })).Events.map(
          (e: { EventTime: Date }) => (e.EventTime.getTime() - T0) / 60_000,
        );
      assert.deepEqual(await names('Username', 'alice'), [9, 7, 5, 3, 1]);
      assert.deepEqual(await names('Username', 'root'), [8, 6, 4, 2, 0]);
      assert.deepEqual(await names('EventName', 'CreateUser'), [9, 7, 5, 3, 1]);
      assert.deepEqual(await names('EventSource', 'sts.amazonaws.com'), [8, 6, 4, 2, 0]);
      assert.deepEqual(await names('ReadOnly', 'true'), [8, 6, 4, 2, 0]);
      assert.deepEqual(await names('ReadOnly', 'false'), [9, 7, 5, 3, 1]);
      assert.deepEqual(await names('AccessKeyId', 'AKIAALICEEXAMPLE0001'), [9, 7, 5, 3, 1]);
      // Resource names match whole names only: role/app is not role/app2.
      assert.deepEqual(await names('ResourceName', ROLE), [6]);
      assert.deepEqual(await names('ResourceName', ROLE2), [4]);
      assert.deepEqual(await names('ResourceName', `arn:aws:iam::${ACCOUNT}:role/ap`), []);
      assert.deepEqual(await names('ResourceType', 'AWS::IAM::Role'), [6, 4]);
      const all = (await lookup(fx.ctx(), {})).Events;
      assert.deepEqual(await names('EventId', all[3].EventId), [6]);
      const withRole = all[3];
      assert.deepEqual(withRole.Resources, [{ ResourceType: 'AWS::IAM::Role', ResourceName: ROLE }]);
    });

    test('filters by time range, inclusive at both ends', async () => {
      const out = await lookup(fx.ctx(), { StartTime: at(3), EndTime: at(6) });
      assert.deepEqual(
        out.Events.map((e: { EventTime: Date }) => e.EventTime.getTime()),
        [at(6), at(5), at(4), at(3)].map((d) => d.getTime()),
      );
      assert.equal((await lookup(fx.ctx(), { StartTime: at(8) })).Events.length, 2);
      assert.equal((await lookup(fx.ctx(), { EndTime: at(1) })).Events.length, 2);
    });

    test('refuses invalid requests with CloudTrail errors', async () => {
      await rejectsWith(lookup(fx.ctx(), { StartTime: at(5), EndTime: at(4) }), 'InvalidTimeRangeException');
      await rejectsWith(
        lookup(fx.ctx(), {
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'alice' },
            { AttributeKey: 'EventName', AttributeValue: 'CreateUser' },
          ],
        }),
        'InvalidLookupAttributesException',
      );
      await rejectsWith(
        lookup(fx.ctx(), { LookupAttributes: [{ AttributeKey: 'Nope', AttributeValue: 'x' }] }),
        'InvalidLookupAttributesException',
      );
      await rejectsWith(
        lookup(fx.ctx(), { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'maybe' }] }),
        'InvalidLookupAttributesException',
      );
      await rejectsWith(lookup(fx.ctx(), { MaxResults: 0 }), 'InvalidMaxResultsException');
      await rejectsWith(lookup(fx.ctx(), { MaxResults: 51 }), 'InvalidMaxResultsException');
      await rejectsWith(lookup(fx.ctx(), { EventCategory: 'data' }), 'InvalidEventCategoryException');
      assert.deepEqual(await lookup(fx.ctx(), { EventCategory: 'insight' }), { Events: [] });
    });
  });
}
