// Model patterns that backtrack quadratically on a RegExp answer their validation error at once over the wire.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PutPermissionPolicyCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';

describe('adversarial values for model patterns', { timeout: 120_000 }, () => {
  let w: TestWarden;
  let waf: WAFV2Client;
  before(async () => {
    w = await startWarden();
    waf = new WAFV2Client(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  // Java's `.` stops at the newline, so on a backtracking RegExp `.*\\S.*` tries every split of the letters (minutes for
  // this value, 395,000 being PolicyString's limit). The timeout only guards against a hang; the assertions are on
  // the answer.
  test('390,000 non-blank characters and a newline break .*\\S.*', { timeout: 60_000 }, async () => {
    const err = await waf
      .send(
        new PutPermissionPolicyCommand({
          ResourceArn: `arn:aws:wafv2:us-east-1:${w.accountId}:regional/rulegroup/r/11111111-2222-3333-4444-555555555555`,
          Policy: `${'x'.repeat(390_000)}\n`,
        }),
      )
      .then(
        () => assert.fail('expected a validation error'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'ValidationException');
    assert.equal((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
    assert.ok(err.message.startsWith("1 validation error detected: Value 'xxxx"), err.message.slice(0, 80));
    assert.ok(
      err.message.endsWith(
        "' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*",
      ),
      err.message.slice(-120),
    );
  });
});
