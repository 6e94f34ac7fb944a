// The audit-trail summary on both stores: totals, grouped counts, caps, days and notable events from a scripted
// trail, only the account's own records and only those in the period; and the per-period report versions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { Store } from '../../../store/store.js';
import { auditRowOf } from '../../../audit/row.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { UserIdentityElement } from '../../../audit/user-identity.js';
import { CAPS, checkPeriod, PeriodError, trailSummary } from './summary.js';
import { formatTrailSummary } from './format.js';
import { dailyPeriod, ensureTrailSummaryVersion, TRAIL_SUMMARY_REPORT_ID } from './report.js';

const A = '111111111111';
const B = '222222222222';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

const root = (account: string): UserIdentityElement => ({
  type: 'Root',
  principalId: account,
  arn: `arn:aws:iam::${account}:root`,
  accountId: account,
  accessKeyId: 'AKIAROOTROOTROOT0001',
});
const user = (account: string, name: string): UserIdentityElement => ({
  type: 'IAMUser',
  principalId: `AIDA${name.toUpperCase()}`,
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  userName: name,
});

function record(
  account: string,
  time: number,
  source: string,
  name: string,
  opts: { who?: UserIdentityElement; ip?: string; error?: string; readOnly?: boolean } = {},
): CloudTrailRecord {
  return {
    eventVersion: '1.11',
    userIdentity: opts.who ?? root(account),
    eventTime: new Date(time).toISOString(),
    eventSource: source,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: opts.ip ?? '192.0.2.1',
    userAgent: 'test',
    ...(opts.error !== undefined ? { errorCode: opts.error, errorMessage: 'no' } : {}),
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: opts.readOnly ?? false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

for (const backend of storeBackends()) {
  describe(`audit-trail summary on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    const add = (records: CloudTrailRecord[]) =>
      store.db.insertInto('audit_events').values(records.map(auditRowOf)).execute();

    before(async () => {
      store = await backend.open();
      const alice = user(A, 'alice');
      const mallory = user(A, 'mallory');
      const rows: CloudTrailRecord[] = [];
      // Day 0: the root user makes 5 users and lists them twice.
      for (let i = 0; i < 5; i++) rows.push(record(A, T0 + 1000 * i, 'iam.amazonaws.com', 'CreateUser'));
      for (let i = 0; i < 2; i++) {
        rows.push(record(A, T0 + 10_000 + i, 'iam.amazonaws.com', 'ListUsers', { readOnly: true }));
      }
      // Day 1: mallory is denied 3 times from another address, alice attaches a policy and stops a trail.
      for (let i = 0; i < 3; i++) {
        rows.push(
          record(A, T0 + DAY + i, 'kms.amazonaws.com', 'ScheduleKeyDeletion', {
            who: mallory,
            ip: '198.51.100.7',
            error: 'AccessDeniedException',
          }),
        );
      }
      rows.push(record(A, T0 + DAY + 100, 'iam.amazonaws.com', 'AttachUserPolicy', { who: alice }));
      rows.push(record(A, T0 + DAY + 200, 'cloudtrail.amazonaws.com', 'StopLogging', { who: alice }));
      rows.push(record(A, T0 + DAY + 300, 'iam.amazonaws.com', 'GetUser', { who: alice, error: 'NoSuchEntity' }));
      // Outside the period, and another account's: never counted.
      rows.push(record(A, T0 - 1, 'iam.amazonaws.com', 'CreateUser'));
      rows.push(record(A, T0 + 3 * DAY, 'iam.amazonaws.com', 'CreateUser'));
      for (let i = 0; i < 4; i++) rows.push(record(B, T0 + i, 'iam.amazonaws.com', 'DeleteUser'));
      await add(rows);
    });
    after(async () => {
      await store?.close();
    });

    test('totals, groups, denied calls by principal, days and notable events of the period', async () => {
      const s = await trailSummary(store, A, { since: T0, until: T0 + 3 * DAY });
      assert.deepEqual(s.totals, { events: 13, reads: 2, writes: 11, errors: 4, denied: 3, root: 7 });
      assert.deepEqual(s.bySource.rows, [
        { key: 'iam.amazonaws.com', count: 9 },
        { key: 'kms.amazonaws.com', count: 3 },
        { key: 'cloudtrail.amazonaws.com', count: 1 },
      ]);
      assert.deepEqual(s.byEventName.rows.slice(0, 3), [
        { key: 'iam.amazonaws.com CreateUser', count: 5 },
        { key: 'kms.amazonaws.com ScheduleKeyDeletion', count: 3 },
        { key: 'iam.amazonaws.com ListUsers', count: 2 },
      ]);
      assert.deepEqual(s.deniedByPrincipal, {
        rows: [{ key: `arn:aws:iam::${A}:user/mallory`, count: 3 }],
        other: 0,
      });
      assert.deepEqual(s.topPrincipals.rows[0], { key: `arn:aws:iam::${A}:root`, count: 7 });
      assert.deepEqual(s.topSourceIps.rows, [
        { key: '192.0.2.1', count: 10 },
        { key: '198.51.100.7', count: 3 },
      ]);
      assert.deepEqual(s.errorsByCode.rows, [
        { key: 'AccessDeniedException', count: 3 },
        { key: 'NoSuchEntity', count: 1 },
      ]);
      assert.deepEqual(s.rootByEventName.rows, [
        { key: 'iam.amazonaws.com CreateUser', count: 5 },
        { key: 'iam.amazonaws.com ListUsers', count: 2 },
      ]);
      assert.deepEqual(s.byDay, [
        { day: '2026-11-01', reads: 2, writes: 5, denied: 0 },
        { day: '2026-11-02', reads: 0, writes: 6, denied: 3 },
        { day: '2026-11-03', reads: 0, writes: 0, denied: 0 },
      ]);
      assert.equal(s.notable.total, 5);
      assert.deepEqual(
        s.notable.events.map((e) => [e.category, e.eventName, e.errorCode ?? 'ok']),
        [
          ['Audit trail', 'StopLogging', 'ok'],
          ['IAM policy change', 'AttachUserPolicy', 'ok'],
          ['KMS key', 'ScheduleKeyDeletion', 'AccessDeniedException'],
          ['KMS key', 'ScheduleKeyDeletion', 'AccessDeniedException'],
          ['KMS key', 'ScheduleKeyDeletion', 'AccessDeniedException'],
        ],
      );
      const text = formatTrailSummary(s);
      assert.match(text, /Events: 13 {2}\(read 2, write 11\)/);
      assert.match(text, /Denied calls by principal:\n {2}3 {2}arn:aws:iam::111111111111:user\/mallory/);
    });

    test("another account's summary holds only its own records", async () => {
      const s = await trailSummary(store, B, { since: T0, until: T0 + DAY });
      assert.equal(s.totals.events, 4);
      assert.deepEqual(s.byEventName.rows, [{ key: 'iam.amazonaws.com DeleteUser', count: 4 }]);
      assert.equal(s.totals.denied, 0);
    });

    test('a record carrying a NUL character is read like any other (PostgreSQL JSON functions refuse one)', async () => {
      const C = '333333333333';
      await add([
        {
          ...record(C, T0, 'iam.amazonaws.com', 'GetUser', { error: 'NoSuchEntity' }),
          requestParameters: { userName: 'a\u0000b' },
        },
      ]);
      const s = await trailSummary(store, C, { since: T0, until: T0 + DAY });
      assert.deepEqual(s.totals, { events: 1, reads: 0, writes: 1, errors: 1, denied: 0, root: 1 });
    });

    test('a list longer than its cap keeps the largest groups and counts the rest', async () => {
      const many: CloudTrailRecord[] = [];
      const at = T0 + 10 * DAY;
      for (let i = 0; i < CAPS.sourceIps + 5; i++) {
        many.push(record(A, at + i, 'sts.amazonaws.com', 'GetCallerIdentity', { ip: `203.0.113.${i}` }));
      }
      many.push(record(A, at + 100, 'sts.amazonaws.com', 'GetCallerIdentity', { ip: '203.0.113.0' }));
      await add(many);
      const s = await trailSummary(store, A, { since: at, until: at + DAY });
      assert.equal(s.topSourceIps.rows.length, CAPS.sourceIps);
      assert.deepEqual(s.topSourceIps.rows[0], { key: '203.0.113.0', count: 2 });
      assert.equal(s.topSourceIps.other, CAPS.sourceIps + 6 - s.topSourceIps.rows.reduce((n, r) => n + r.count, 0));
    });

    test('a period backwards or longer than 366 days is refused', () => {
      assert.throws(() => checkPeriod(T0, T0), PeriodError);
      assert.throws(() => checkPeriod(T0, T0 + 367 * DAY), PeriodError);
      assert.doesNotThrow(() => checkPeriod(T0, T0 + 366 * DAY));
    });

    test('one report version per period: the daily one made once, another period a new version', async () => {
      const now = T0 + 31 * DAY + 5000;
      const first = await ensureTrailSummaryVersion(store, A, dailyPeriod(now), now);
      const again = await ensureTrailSummaryVersion(store, A, dailyPeriod(now + 1000), now + 1000);
      assert.deepEqual(again, { version: first.version, added: false });
      assert.equal(first.added, true);
      const custom = await ensureTrailSummaryVersion(store, A, { since: T0, until: T0 + 3 * DAY }, now);
      assert.deepEqual(custom, { version: first.version + 1, added: true });
      const rows = await store.db
        .selectFrom('artifact_report_versions')
        .select(['version', 'description', 'document'])
        .where('account_id', '=', A)
        .where('report_id', '=', TRAIL_SUMMARY_REPORT_ID)
        .orderBy('version')
        .execute();
      assert.equal(rows.length, 2);
      assert.match(rows[0]!.description, /from 2026-11-02 to 2026-12-01 \(whole UTC days\)/);
      assert.match(rows[1]!.description, /from 2026-11-01 to 2026-11-03 \(whole UTC days\)/);
      assert.equal(Buffer.from(rows[1]!.document, 'base64').subarray(0, 5).toString(), '%PDF-');
    });
  });
}
