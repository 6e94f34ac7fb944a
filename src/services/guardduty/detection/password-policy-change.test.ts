import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import { passwordPolicyChange, rulesOf, weakens } from './password-policy-change.js';
import { ACCOUNT, trailRecord } from './record-fixture.js';
import type { DetectionScope } from './types.js';

const update = (requestParameters: Record<string, unknown>, extra: Partial<CloudTrailRecord> = {}) =>
  trailRecord({ eventName: 'UpdateAccountPasswordPolicy', requestParameters, readOnly: false, ...extra });

const strong = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
};

test('weakens: each rule GuardDuty names, and nothing when the policy is as strong or stronger', () => {
  const before = rulesOf(update(strong));
  assert.equal(weakens(before, rulesOf(update(strong))), false);
  assert.equal(weakens(before, rulesOf(update({ ...strong, minimumPasswordLength: 20 }))), false);
  assert.equal(weakens(before, rulesOf(update({ ...strong, minimumPasswordLength: 8 }))), true);
  assert.equal(weakens(before, rulesOf(update({ ...strong, requireSymbols: false }))), true);
  assert.equal(weakens(before, rulesOf(update({ ...strong, requireNumbers: undefined }))), true);
  assert.equal(weakens(before, rulesOf(update({ ...strong, maxPasswordAge: 365 }))), true);
  assert.equal(weakens(before, rulesOf(update({ ...strong, maxPasswordAge: undefined }))), true, 'never expires');
  assert.equal(weakens(before, rulesOf(update({ ...strong, maxPasswordAge: 30 }))), false);
  assert.equal(weakens(before, rulesOf(update({ ...strong, passwordReusePrevention: 3 }))), true);
  assert.equal(weakens(rulesOf(update({ hardExpiry: true })), rulesOf(update({}))), true);
  assert.equal(rulesOf(update({ minimumPasswordLength: 'x' })).minimumPasswordLength, 6, "IAM's default");
});

for (const backend of storeBackends()) {
  describe(`Stealth:IAMUser/PasswordPolicyChange on ${backend.name}`, { skip: backend.skip }, () => {
    test('compared with the policy this detector last saw set; deleting it always raises it (Low)', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        let at = Date.UTC(2026, 0, 1);
        const scope = (): DetectionScope => ({
          detector: { accountId: ACCOUNT, region: 'us-east-1', id: 'a'.repeat(32) },
          partition: 'aws',
          lists: { trusted: () => false, threat: () => undefined },
          db: runtime.store.db,
          at: (at += 1000),
        });
        const types = async (r: CloudTrailRecord) => (await passwordPolicyChange.detect(scope(), r)).map((f) => f.Type);
        assert.deepEqual(await types(update(strong)), [], 'stronger than IAM default');
        assert.deepEqual(await types(update({ ...strong, minimumPasswordLength: 16 })), []);
        assert.deepEqual(await types(update({ ...strong, requireSymbols: false, minimumPasswordLength: 16 })), [
          'Stealth:IAMUser/PasswordPolicyChange',
        ]);
        assert.deepEqual(await types(update({ ...strong, requireSymbols: false, minimumPasswordLength: 16 })), []);
        assert.deepEqual(await types(update({ ...strong }, { errorCode: 'AccessDenied' })), []);
        const [deleted] = await passwordPolicyChange.detect(
          scope(),
          trailRecord({ eventName: 'DeleteAccountPasswordPolicy', readOnly: false }),
        );
        assert.equal(deleted?.Type, 'Stealth:IAMUser/PasswordPolicyChange');
        assert.equal(deleted?.Severity, 2);
        assert.equal(deleted?.Title, 'Account password policy was weakened.');
        assert.match(deleted!.Description, /weakened by alice calling DeleteAccountPasswordPolicy\.$/);
        // Deleted: the next update is compared with IAM's default again.
        assert.deepEqual(await types(update({ minimumPasswordLength: 8 })), []);
        assert.deepEqual(await types(update({ minimumPasswordLength: 7 })), ['Stealth:IAMUser/PasswordPolicyChange']);
        assert.deepEqual(await types(trailRecord({ eventName: 'GetAccountPasswordPolicy' })), []);
      } finally {
        await store.close();
      }
    });
  });
}
