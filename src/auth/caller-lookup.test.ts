// The caller lookup's SQLite cache: every change authentication reads moves the auth epoch, and a cached row is
// served only while it has not moved, whoever wrote.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../../test/helpers/warden.js';
import { ORG_EPOCH_KEY, policyEpochKey } from '../authz/policy-epoch.js';
import { AUTH_EPOCH_WATCHES } from '../services/iam/migrations/0170_iam_auth_epoch.js';
import { ACCESS_KEY_WATCHED, findCaller } from './caller-lookup.js';

describe('caller lookup on SQLite', () => {
  let w: TestWarden;
  /** A second connection to the store's file, as another process sharing it would have. */
  let other: Database.Database;
  const epoch = () => (other.prepare('select value from auth_epoch where id = 1').get() as { value: number }).value;
  const moveEpoch = () => other.exec('update auth_epoch set value = value + 1 where id = 1');
  /** Whether running sql (on the second connection) moved the epoch. */
  const moves = (statement: string, ...params: unknown[]) => {
    const before = epoch();
    other.prepare(statement).run(...params);
    return epoch() !== before;
  };

  before(async () => {
    w = await startWarden();
    other = new Database(join(w.dataDir, 'warden.db'));
    other.pragma('busy_timeout = 5000');
  });
  after(async () => {
    other.close();
    await w.stop();
  });

  test('the triggers exist after every migration, and watch what the lookup declares', () => {
    const triggers = (
      other.prepare(`select name from sqlite_master where type = 'trigger'`).all() as { name: string }[]
    )
      .map((t) => t.name)
      .filter((name) => name.startsWith('auth_epoch_'))
      .sort();
    const expected = AUTH_EPOCH_WATCHES.flatMap(({ table }) =>
      ['delete', 'insert', 'update'].map((op) => `auth_epoch_${table}_${op}`),
    ).sort();
    assert.deepEqual(triggers, expected);
    const keys = AUTH_EPOCH_WATCHES.find((t) => t.table === 'access_keys')!;
    assert.deepEqual([...keys.columns!].sort(), [...ACCESS_KEY_WATCHED].sort());
  });

  test('every change authentication reads moves the epoch; bookkeeping and other rows do not', () => {
    const root = w.credentials.accessKeyId;
    for (const column of ACCESS_KEY_WATCHED) {
      assert.ok(moves(`update access_keys set ${column} = ${column} where access_key_id = ?`, root), column);
    }
    assert.ok(!moves(`update access_keys set last_used_at = 1, last_used_service = 'sts', last_used_region = 'x'`));
    assert.ok(moves(`update accounts set status = status where id = ?`, w.accountId));
    assert.ok(!moves(`update accounts set name = name where id = ?`, w.accountId));
    // warden_meta: the two epochs the lookup returns, inserted, replaced and removed; any other key is not watched.
    for (const key of [policyEpochKey(w.accountId), ORG_EPOCH_KEY]) {
      assert.ok(moves(`insert into warden_meta (key, value) values (?, 'a')`, key), key);
      assert.ok(
        moves(`insert into warden_meta (key, value) values (?, 'b') on conflict (key) do update set value = 'b'`, key),
      );
      assert.ok(moves(`delete from warden_meta where key = ?`, key), key);
    }
    assert.ok(!moves(`insert into warden_meta (key, value) values ('some-other-setting', 'a')`));
    assert.ok(!moves(`update warden_meta set value = 'b' where key = 'some-other-setting'`));
  });

  describe('a key in use', () => {
    let iam: IAMClient;
    let sts: STSClient;
    let asUser: IAMClient;
    let keyId: string;
    const refused = (err: { name: string }) => {
      assert.equal(err.name, 'InvalidClientTokenId');
      return true;
    };

    before(async () => {
      iam = new IAMClient(w.clientConfig);
      await iam.send(new CreateUserCommand({ UserName: 'cache-carol' }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'cache-carol' }));
      keyId = AccessKey!.AccessKeyId!;
      const config = {
        ...w.clientConfig,
        credentials: { accessKeyId: keyId, secretAccessKey: AccessKey!.SecretAccessKey! },
      };
      sts = new STSClient(config);
      asUser = new IAMClient(config);
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'cache-carol',
          PolicyName: 'read-self',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
          }),
        }),
      );
    });

    /** Uses the key twice, so what follows finds its row cached. */
    async function warm(): Promise<void> {
      await sts.send(new GetCallerIdentityCommand({}));
      await sts.send(new GetCallerIdentityCommand({}));
    }

    test("a user's name, path and ids move the epoch; its last console sign-in does not", () => {
      const where = `where user_name = 'cache-carol'`;
      for (const column of ['user_name', 'path', 'user_id', 'account_id']) {
        assert.ok(moves(`update iam_users set ${column} = ${column} ${where}`), column);
      }
      assert.ok(!moves(`update iam_users set password_last_used = 1 ${where}`));
      assert.ok(!moves(`update iam_users set permissions_boundary_arn = permissions_boundary_arn ${where}`));
    });

    test('its row is read once and then served from the cache while the epoch stands', async () => {
      await warm();
      // Without the update trigger, a change the epoch does not see is not seen: the row comes from the cache.
      const trigger = other
        .prepare(`select sql from sqlite_master where type = 'trigger' and name = 'auth_epoch_access_keys_update'`)
        .get() as { sql: string };
      other.exec('drop trigger auth_epoch_access_keys_update');
      try {
        other.prepare(`update access_keys set status = 'Inactive' where access_key_id = ?`).run(keyId);
        await sts.send(new GetCallerIdentityCommand({}));
        const row = await findCaller(w.warden.runtime, keyId);
        assert.equal(row?.status, 'Active');
        // Moving the epoch is what makes the change seen.
        moveEpoch();
        await assert.rejects(sts.send(new GetCallerIdentityCommand({})), refused);
      } finally {
        other.prepare(`update access_keys set status = 'Active' where access_key_id = ?`).run(keyId);
        moveEpoch();
        // The trigger exactly as the migration made it.
        other.exec(trigger.sql);
      }
      await sts.send(new GetCallerIdentityCommand({}));
    });

    test('UpdateAccessKey: Inactive is refused on the next request, Active accepted again', async () => {
      await warm();
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'cache-carol', AccessKeyId: keyId, Status: 'Inactive' }));
      await assert.rejects(sts.send(new GetCallerIdentityCommand({})), refused);
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'cache-carol', AccessKeyId: keyId, Status: 'Active' }));
      await sts.send(new GetCallerIdentityCommand({}));
    });

    test('another connection to the same file deactivating the key is seen on the next request', async () => {
      await warm();
      other.prepare(`update access_keys set status = 'Inactive' where access_key_id = ?`).run(keyId);
      await assert.rejects(sts.send(new GetCallerIdentityCommand({})), refused);
      other.prepare(`update access_keys set status = 'Active' where access_key_id = ?`).run(keyId);
      await sts.send(new GetCallerIdentityCommand({}));
    });

    test('a renamed user: the next request is made as the new name', async () => {
      await warm();
      await iam.send(new UpdateUserCommand({ UserName: 'cache-carol', NewUserName: 'cache-caroline' }));
      const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(Arn, `arn:aws:iam::${w.accountId}:user/cache-caroline`);
      await iam.send(new UpdateUserCommand({ UserName: 'cache-caroline', NewUserName: 'cache-carol' }));
      assert.equal(
        (await sts.send(new GetCallerIdentityCommand({}))).Arn,
        `arn:aws:iam::${w.accountId}:user/cache-carol`,
      );
    });

    test("a policy change applies to the next request (the account's policy epoch comes with the row)", async () => {
      await asUser.send(new GetUserCommand({}));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'cache-carol',
          PolicyName: 'deny-all',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
          }),
        }),
      );
      await assert.rejects(asUser.send(new GetUserCommand({})), (err: { name: string }) => {
        assert.equal(err.name, 'AccessDenied');
        return true;
      });
    });

    test('a suspended account and a deleted user: the key is refused on the next request', async () => {
      await warm();
      other.prepare(`update accounts set status = 'SUSPENDED' where id = ?`).run(w.accountId);
      try {
        await assert.rejects(sts.send(new GetCallerIdentityCommand({})), refused);
      } finally {
        other.prepare(`update accounts set status = 'ACTIVE' where id = ?`).run(w.accountId);
      }
      await sts.send(new GetCallerIdentityCommand({}));
      other.prepare(`delete from iam_users where user_name = 'cache-carol'`).run();
      await assert.rejects(sts.send(new GetCallerIdentityCommand({})), refused);
    });
  });

  test("a test-mode reset: a cached user's key is refused after it, the root's (restored) accepted", async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'cache-dave' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'cache-dave' }));
    const dave = new STSClient({
      ...w.clientConfig,
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
    });
    const root = new STSClient(w.clientConfig);
    await dave.send(new GetCallerIdentityCommand({}));
    await root.send(new GetCallerIdentityCommand({}));
    const reset = await fetch(`${w.endpoint}/_warden/reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    // The counter survives the wipe (rows cached after it keep being served from the cache).
    assert.ok(Number.isInteger(epoch()));
    await assert.rejects(dave.send(new GetCallerIdentityCommand({})), (err: { name: string }) => {
      assert.equal(err.name, 'InvalidClientTokenId');
      return true;
    });
    assert.equal((await root.send(new GetCallerIdentityCommand({}))).Account, w.accountId);
  });
});
