// Credential handlers on both store backends: one winner per contested quota, device or code; usage bookkeeping;
// password history depth; the password policy row shared with other settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../aws/error.js';
import type { CallerIdentity } from '../../../aws/identity.js';
import { hashPassword } from '../../../auth/passwords.js';
import type { RequestContext, Runtime } from '../../../core/runtime.js';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { Store } from '../../../store/store.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import { LAST_USED_WRITE_INTERVAL_MS, recordAccessKeyUse } from './access-key-usage.js';
import { iamHandlers as h } from '../index.js';
import { verifyMfaCode } from './mfa-verify.js';
import { MAX_PASSWORD_HISTORY, isRecentPassword, retirePassword } from './password-history.js';
import { codeForStep, stepAt } from './totp.js';
import { Secret } from 'otpauth';
import { accountScope } from '../../../store/account-scope.js';

const ACCOUNT = '123456789012';

function codeOf(err: unknown): string {
  return err instanceof AwsError ? err.code : String(err);
}

for (const backend of storeBackends()) {
  describe(`credential races and bookkeeping on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let runtime: Runtime;
    let ctx: (identity?: CallerIdentity) => RequestContext;

    async function addUser(name: string): Promise<string> {
      const userId = `AIDA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(17, 'X')
        .slice(0, 17)}`;
      await store.db
        .insertInto('iam_users')
        .values({
          account_id: ACCOUNT,
          name_lc: name.toLowerCase(),
          user_name: name,
          user_id: userId,
          path: '/',
          created_at: 0,
          permissions_boundary_arn: null,
          password_last_used: null,
        })
        .execute();
      return userId;
    }

    before(async () => {
      store = await backend.open();
      runtime = makeTestRuntime(store);
      await store.db
        .insertInto('accounts')
        .values({ id: ACCOUNT, email: 'root@example.com', name: 'warden', status: 'ACTIVE', created_at: 0 })
        .execute();
      ctx = (identity) =>
        makeTestContext({ runtime, service: 'iam', accountId: ACCOUNT, region: 'us-east-1', identity });
    });
    after(async () => {
      await store?.close();
    });

    test('racing CreateAccessKey calls for one user: exactly two keys, the rest LimitExceeded', async () => {
      await addUser('racer');
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => h.CreateAccessKey!(ctx(), { UserName: 'racer' })),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [codeOf(r.reason)] : []));
      assert.equal(ok.length, 2);
      assert.deepEqual(new Set(failed), new Set(['LimitExceeded']));
      const keys = await store.db
        .selectFrom('access_keys')
        .select('access_key_id')
        .where('user_name', '=', 'racer')
        .execute();
      assert.equal(keys.length, 2);
    });

    test('racing CreateVirtualMFADevice calls with one name in different cases: one device', async () => {
      const names = ['phone', 'Phone', 'PHONE', 'pHoNe'];
      const results = await Promise.allSettled(
        names.map((n) => h.CreateVirtualMFADevice!(ctx(), { VirtualMFADeviceName: n })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal(codeOf(r.reason), 'EntityAlreadyExists');
    });

    test('racing EnableMFADevice calls for two users on one device: one assignment; codes are used once', async () => {
      await addUser('mfa-a');
      await addUser('mfa-b');
      const created = await h.CreateVirtualMFADevice!(ctx(), { VirtualMFADeviceName: 'shared' });
      const serial = created.VirtualMFADevice!.SerialNumber;
      const seed = Buffer.from(
        Secret.fromBase32(Buffer.from(created.VirtualMFADevice!.Base32StringSeed!).toString()).bytes,
      );
      const now = stepAt(Date.now());
      const codes = { AuthenticationCode1: codeForStep(seed, now - 1), AuthenticationCode2: codeForStep(seed, now) };
      const results = await Promise.allSettled(
        ['mfa-a', 'mfa-b'].map((u) => h.EnableMFADevice!(ctx(), { UserName: u, SerialNumber: serial, ...codes })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal(codeOf(r.reason), 'EntityAlreadyExists');

      const device = await store.db
        .selectFrom('iam_mfa_devices')
        .selectAll()
        .where('serial_number', '=', serial)
        .executeTakeFirstOrThrow();
      const owner = device.user_lc!;
      const at = new Date((now + 1) * 30_000 + 1_000);
      const next = codeForStep(seed, now + 1);
      const verdicts = await Promise.all(
        Array.from({ length: 5 }, () => verifyMfaCode(runtime, ACCOUNT, serial, owner, next, at)),
      );
      assert.equal(verdicts.filter(Boolean).length, 1, 'one request wins a code');
      assert.equal(await verifyMfaCode(runtime, ACCOUNT, serial.toUpperCase(), owner, next, at), false);
    });

    test('recordAccessKeyUse writes at most once a minute per key and never moves the date back', async () => {
      const created = await h.CreateAccessKey!(ctx(), {});
      const id = created.AccessKey!.AccessKeyId;
      const read = () =>
        store.db
          .selectFrom('access_keys')
          .select(['last_used_at', 'last_used_service', 'last_used_region'])
          .where('access_key_id', '=', id)
          .executeTakeFirstOrThrow();
      const t0 = 1_700_000_000_000;
      await recordAccessKeyUse(runtime, id, 'sts', 'us-east-1', new Date(t0));
      assert.deepEqual(await read(), { last_used_at: t0, last_used_service: 'sts', last_used_region: 'us-east-1' });
      await recordAccessKeyUse(runtime, id, 'iam', 'eu-west-1', new Date(t0 + 1_000));
      assert.equal((await read()).last_used_service, 'sts', 'throttled within the minute');
      const t1 = t0 + LAST_USED_WRITE_INTERVAL_MS;
      await recordAccessKeyUse(runtime, id, 'iam', 'eu-west-1', new Date(t1));
      assert.deepEqual(await read(), { last_used_at: t1, last_used_service: 'iam', last_used_region: 'eu-west-1' });
      // Another server process (a fresh runtime, no throttle memory) reporting an older use changes nothing.
      await recordAccessKeyUse(makeTestRuntime(store), id, 'kms', 'ap-south-1', new Date(t0 + 5_000));
      assert.equal((await read()).last_used_at, t1);
      const out = await h.GetAccessKeyLastUsed!(ctx(), { AccessKeyId: id });
      assert.deepEqual(out.AccessKeyLastUsed, { LastUsedDate: new Date(t1), ServiceName: 'iam', Region: 'eu-west-1' });
    });

    test('password history keeps at most 24 retired hashes and finds a recent one', async () => {
      const userId = await addUser('history');
      const hash = await hashPassword('Old-Password-1');
      await retirePassword(store.db, ACCOUNT, 'AIDAHISTORY', hash, 1, 5);
      for (let i = 0; i < MAX_PASSWORD_HISTORY + 3; i++) {
        await retirePassword(store.db, ACCOUNT, userId, `scrypt$fake$${i}`, 10 + i, 24);
      }
      const kept = await store.db
        .selectFrom('iam_password_history')
        .select('password_hash')
        .where('user_id', '=', userId)
        .orderBy('retired_at')
        .execute();
      assert.equal(kept.length, MAX_PASSWORD_HISTORY);
      assert.equal(kept[0].password_hash, 'scrypt$fake$3', 'the oldest went first');
      assert.equal(await isRecentPassword(store.db, ACCOUNT, 'AIDAHISTORY', hash, 'Old-Password-1', 1), true);
      assert.equal(await isRecentPassword(store.db, ACCOUNT, 'AIDAHISTORY', 'scrypt$x', 'Old-Password-1', 1), false);
      assert.equal(await isRecentPassword(store.db, ACCOUNT, 'AIDAHISTORY', 'scrypt$x', 'Old-Password-1', 2), true);
      assert.equal(await isRecentPassword(store.db, ACCOUNT, 'AIDAHISTORY', hash, 'Old-Password-1', 0), false);
    });

    test("the password policy upsert leaves the row's other settings alone", async () => {
      await store.db
        .insertInto('iam_account_settings')
        .values({
          account_id: ACCOUNT,
          password_policy: null,
          alias: 'my-alias',
          credential_report: 'report',
          credential_report_at: 5,
        })
        .execute();
      await h.UpdateAccountPasswordPolicy!(ctx(), { MinimumPasswordLength: 9 });
      await h.DeleteAccountPasswordPolicy!(ctx(), {} as never);
      await h.UpdateAccountPasswordPolicy!(ctx(), { RequireNumbers: true });
      const row = await accountScope(store.db, ACCOUNT)
        .selectFrom('iam_account_settings')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(row.alias, 'my-alias');
      assert.equal(row.credential_report, 'report');
      assert.equal(row.credential_report_at, 5);
      assert.equal(JSON.parse(row.password_policy!).RequireNumbers, true);
      // The alias names the account in the QR code's otpauth URI; nothing else reads it here.
      const { VirtualMFADevice } = await h.CreateVirtualMFADevice!(ctx(), { VirtualMFADeviceName: 'labelled' });
      assert.ok(VirtualMFADevice?.QRCodePNG && VirtualMFADevice.QRCodePNG.length > 0);
    });
  });
}
