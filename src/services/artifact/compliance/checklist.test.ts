// The audit checklist on a real store (SQLite and PostgreSQL): each control FAILs on the state that breaks it,
// naming the resource, and PASSes once the state is fixed through the services' own handlers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { RequestContext, Runtime, Handler } from '../../../core/runtime.js';
import type { Store } from '../../../store/store.js';
import { iamHandlers as iam } from '../../iam/index.js';
import { kms } from '../../kms/index.js';
import { guardduty } from '../../guardduty/index.js';
import { runChecklist, formatChecklist, type Checklist } from './checklist.js';
import { grantsFullAdmin } from './controls.js';

const ACCOUNT = '111122223333';
const DAY = 24 * 60 * 60 * 1000;

function statusOf(list: Checklist, id: string): { status: string; failing: string[] } {
  const c = list.controls.find((x) => x.id === id);
  assert.ok(c, `control ${id} is on the checklist`);
  return { status: c.status, failing: c.failingResources };
}

function call(handlers: Readonly<Record<string, Handler>>, name: string): Handler {
  const h = handlers[name];
  assert.ok(h, name);
  return h;
}

test('grantsFullAdmin: only an Allow of every action on every resource', () => {
  const doc = (st: object) => JSON.stringify({ Version: '2012-10-17', Statement: st });
  assert.equal(grantsFullAdmin(doc({ Effect: 'Allow', Action: '*', Resource: '*' })), true);
  assert.equal(grantsFullAdmin(doc([{ Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] }])), true);
  assert.equal(grantsFullAdmin(encodeURIComponent(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))), true);
  assert.equal(grantsFullAdmin(doc({ Effect: 'Deny', Action: '*', Resource: '*' })), false);
  assert.equal(grantsFullAdmin(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })), false);
  assert.equal(grantsFullAdmin(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' })), false);
  assert.equal(grantsFullAdmin('not json'), false);
});

for (const backend of storeBackends()) {
  describe(`compliance checklist on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let runtime: Runtime;
    let ctx: (service?: 'iam' | 'kms' | 'guardduty') => RequestContext;
    const check = (now = Date.now()) => runChecklist(store.db, ACCOUNT, { now });

    before(async () => {
      store = await backend.open();
      runtime = makeTestRuntime(store);
      await store.db
        .insertInto('accounts')
        .values({ id: ACCOUNT, email: 'root@example.com', name: 'audited', status: 'ACTIVE', created_at: 0 })
        .execute();
      ctx = (service = 'iam') => makeTestContext({ runtime, service, accountId: ACCOUNT, region: 'us-east-1' });
    });
    after(async () => {
      await store?.close();
    });

    test('an empty account: the settings it lacks FAIL, the resources it lacks cannot', async () => {
      const list = await check();
      assert.equal(list.accountId, ACCOUNT);
      for (const id of ['1.5', '1.8', '1.9', '1.17', '3.1', 'W.1']) assert.equal(statusOf(list, id).status, 'FAIL', id);
      for (const id of ['1.4', '1.10', '1.12', '1.13', '1.14', '1.15', '1.16', '1.19', '3.2', '3.5', '3.6', 'W.2']) {
        assert.equal(statusOf(list, id).status, 'PASS', id);
      }
      assert.equal(list.failed, 6);
      assert.equal(list.passed, list.controls.length - 6);
      assert.match(formatChecklist(list), /^FAIL {2}1\.5 {3}Ensure MFA is enabled for the 'root' user account$/m);
    });

    test('1.4: a root access key FAILs until it is deleted', async () => {
      const id = (await iam.CreateAccessKey!(ctx(), {})).AccessKey.AccessKeyId;
      const failing = statusOf(await check(), '1.4');
      assert.equal(failing.status, 'FAIL');
      assert.deepEqual(failing.failing, [`arn:aws:iam::${ACCOUNT}:root access key ${id}`]);
      await iam.DeleteAccessKey!(ctx(), { AccessKeyId: id });
      assert.equal(statusOf(await check(), '1.4').status, 'PASS');
    });

    test('1.8 and 1.9: the password policy', async () => {
      await iam.UpdateAccountPasswordPolicy!(ctx(), { MinimumPasswordLength: 8, PasswordReusePrevention: 5 });
      let list = await check();
      assert.equal(statusOf(list, '1.8').status, 'FAIL');
      assert.equal(statusOf(list, '1.9').status, 'FAIL');
      await iam.UpdateAccountPasswordPolicy!(ctx(), { MinimumPasswordLength: 14, PasswordReusePrevention: 24 });
      list = await check();
      assert.equal(statusOf(list, '1.8').status, 'PASS');
      assert.equal(statusOf(list, '1.9').status, 'PASS');
    });

    test('users: console without MFA, two active keys, old and unused keys, direct policies', async () => {
      await iam.CreateUser!(ctx(), { UserName: 'alice' });
      await iam.CreateLoginProfile!(ctx(), { UserName: 'alice', Password: 'A-long-enough-Passw0rd!' });
      const k1 = (await iam.CreateAccessKey!(ctx(), { UserName: 'alice' })).AccessKey.AccessKeyId;
      const k2 = (await iam.CreateAccessKey!(ctx(), { UserName: 'alice' })).AccessKey.AccessKeyId;
      const arn = `arn:aws:iam::${ACCOUNT}:user/alice`;
      let list = await check();
      assert.deepEqual(statusOf(list, '1.10').failing, [arn]);
      assert.deepEqual(statusOf(list, '1.13').failing, [arn]);
      assert.equal(statusOf(list, '1.12').status, 'PASS');
      assert.equal(statusOf(list, '1.14').status, 'PASS');

      // A hundred days on, nothing used: the password and both keys are idle and the keys due for rotation.
      list = await check(Date.now() + 100 * DAY);
      assert.deepEqual(
        new Set(statusOf(list, '1.12').failing),
        new Set([`${arn} password`, `${arn} access key ${k1}`, `${arn} access key ${k2}`]),
      );
      assert.equal(statusOf(list, '1.14').failing.length, 2);

      await iam.UpdateAccessKey!(ctx(), { UserName: 'alice', AccessKeyId: k2, Status: 'Inactive' });
      await iam.DeleteLoginProfile!(ctx(), { UserName: 'alice' });
      list = await check();
      assert.equal(statusOf(list, '1.10').status, 'PASS');
      assert.equal(statusOf(list, '1.13').status, 'PASS');

      const doc = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      });
      const policy = (await iam.CreatePolicy!(ctx(), { PolicyName: 'everything', PolicyDocument: doc })).Policy!.Arn!;
      await iam.AttachUserPolicy!(ctx(), { UserName: 'alice', PolicyArn: policy });
      list = await check();
      assert.deepEqual(statusOf(list, '1.15').failing, [arn]);
      assert.deepEqual(statusOf(list, '1.16').failing, [`${policy} (attached to user/alice)`]);

      await iam.DetachUserPolicy!(ctx(), { UserName: 'alice', PolicyArn: policy });
      await iam.CreateGroup!(ctx(), { GroupName: 'readers' });
      await iam.AddUserToGroup!(ctx(), { GroupName: 'readers', UserName: 'alice' });
      const narrow = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
      });
      const reader = (await iam.CreatePolicy!(ctx(), { PolicyName: 'reader', PolicyDocument: narrow })).Policy!.Arn!;
      await iam.AttachGroupPolicy!(ctx(), { GroupName: 'readers', PolicyArn: reader });
      list = await check();
      assert.equal(statusOf(list, '1.15').status, 'PASS');
      assert.equal(statusOf(list, '1.16').status, 'PASS');
    });

    test('3.x and W.x: trails, key rotation, GuardDuty, web ACLs', async () => {
      const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
      await store.db
        .insertInto('trails')
        .values({
          account_id: ACCOUNT,
          name: 'main',
          arn: trailArn,
          home_region: 'us-east-1',
          s3_bucket_name: 'logs',
          s3_key_prefix: null,
          include_global_service_events: 1,
          is_multi_region_trail: 1,
          is_organization_trail: 0,
          log_file_validation_enabled: 0,
          kms_key_id: null,
          is_logging: 1,
          start_logging_time: Date.now(),
          stop_logging_time: null,
          latest_delivery_time: null,
          delivered_seq: 0,
          created_at: Date.now(),
        })
        .execute();
      let list = await check();
      assert.equal(statusOf(list, '3.1').status, 'PASS');
      assert.deepEqual(statusOf(list, '3.2').failing, [trailArn]);
      assert.deepEqual(statusOf(list, '3.5').failing, [trailArn]);

      const key = (await call(kms.handlers, 'CreateKey')(ctx('kms'), {})) as {
        KeyMetadata: { Arn: string; KeyId: string };
      };
      await call(kms.handlers, 'CreateKey')(ctx('kms'), { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      list = await check();
      assert.deepEqual(statusOf(list, '3.6').failing, [key.KeyMetadata.Arn]);
      await call(kms.handlers, 'EnableKeyRotation')(ctx('kms'), { KeyId: key.KeyMetadata.KeyId });
      await store.db
        .updateTable('trails')
        .set({ log_file_validation_enabled: 1, kms_key_id: key.KeyMetadata.Arn })
        .where('account_id', '=', ACCOUNT)
        .execute();
      list = await check();
      for (const id of ['3.2', '3.5', '3.6']) assert.equal(statusOf(list, id).status, 'PASS', id);

      await call(guardduty.handlers, 'CreateDetector')(ctx('guardduty'), { Enable: true });
      const lbArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/0123456789abcdef`;
      await store.db
        .insertInto('elbv2_load_balancers')
        .values({
          arn: lbArn,
          account_id: ACCOUNT,
          region: 'us-east-1',
          name: 'web',
          scheme: 'internet-facing',
          ip_address_type: 'ipv4',
          subnets: '[]',
          security_groups: '[]',
          attributes: '{}',
          created_at: Date.now(),
        })
        .execute();
      list = await check();
      assert.equal(statusOf(list, 'W.1').status, 'PASS');
      assert.deepEqual(statusOf(list, 'W.2').failing, [lbArn]);
      await store.db
        .insertInto('wafv2_associations')
        .values({
          resource_arn: lbArn,
          account_id: ACCOUNT,
          region: 'us-east-1',
          web_acl_arn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/w/1`,
          created_at: Date.now(),
        })
        .execute();
      assert.equal(statusOf(await check(), 'W.2').status, 'PASS');
    });

    test('another account sees none of this one', async () => {
      const other = await runChecklist(store.db, '444455556666');
      for (const id of ['1.10', '1.13', '3.2', '3.6', 'W.2']) assert.equal(statusOf(other, id).status, 'PASS', id);
      assert.equal(statusOf(other, '3.1').status, 'FAIL');
    });
  });
}
