// IAM's simulator across accounts: another account can neither read your principals' permissions nor probe them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { allow, clients, policy, rejects, role, secondAccount, trust, userWithKey, type Keys } from './sts-fixtures.js';

const B = '210987654321';

describe('SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy stay inside the caller’s account', () => {
  let w: TestWarden;
  let A: string;
  let rootA: IAMClient;
  let rootB: IAMClient;
  let keysB: Keys;
  let adminB: Keys & { arn: string };
  let alice: string;
  let ops: string;

  before(async () => {
    w = await startWarden();
    A = w.accountId;
    rootA = new IAMClient(w.clientConfig);
    keysB = await secondAccount(w, B);
    rootB = clients(w, keysB).iam;
    // Account A's user, with a policy whose name and condition keys are A's own business.
    alice = (
      await userWithKey(
        rootA,
        'alice',
        policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-secret' } } })),
      )
    ).arn;
    ops = (await role(rootA, 'ops', trust({ Service: 'ec2.amazonaws.com' }), policy(allow('kms:*')))).arn;
    // Account B's administrator may simulate anything: iam:* on *.
    adminB = await userWithKey(rootB, 'admin', policy(allow('iam:*')));
  });
  after(async () => {
    await w.stop();
  });

  const simulate = (keys: Keys, PolicySourceArn: string) =>
    clients(w, keys).iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn, ActionNames: ['s3:GetObject'] }));
  const contextKeys = (keys: Keys, PolicySourceArn: string) =>
    clients(w, keys).iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn }));

  /** AWS's cross-account denial: IAM users, groups and roles have no resource policy that could admit B. */
  const denied = (caller: string, action: string, resource: string) =>
    `User: ${caller} is not authorized to perform: iam:${action} on resource: ${resource} ` +
    `because no resource-based policy allows the iam:${action} action`;

  test('an administrator of another account is denied, whether or not the principal exists', async () => {
    const missing = `arn:aws:iam::${A}:user/nobody`;
    for (const source of [alice, ops, `arn:aws:iam::${A}:group/devs`, missing]) {
      await rejects(
        simulate(adminB, source),
        'AccessDenied',
        403,
        denied(adminB.arn, 'SimulatePrincipalPolicy', source),
      );
      await rejects(
        contextKeys(adminB, source),
        'AccessDenied',
        403,
        denied(adminB.arn, 'GetContextKeysForPrincipalPolicy', source),
      );
    }
  });

  test('so is the root user of another account', async () => {
    const rootArn = `arn:aws:iam::${B}:root`;
    for (const source of [alice, `arn:aws:iam::${A}:user/nobody`]) {
      await rejects(simulate(keysB, source), 'AccessDenied', 403, denied(rootArn, 'SimulatePrincipalPolicy', source));
      await rejects(
        contextKeys(keysB, source),
        'AccessDenied',
        403,
        denied(rootArn, 'GetContextKeysForPrincipalPolicy', source),
      );
    }
  });

  test('within its own account the simulator still answers', async () => {
    const own = await rootA.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: alice,
        ActionNames: ['s3:GetObject'],
        ContextEntries: [
          { ContextKeyName: 'aws:SourceVpc', ContextKeyValues: ['vpc-secret'], ContextKeyType: 'string' },
        ],
      }),
    );
    assert.equal(own.EvaluationResults![0].EvalDecision, 'allowed');
    const keys = await rootA.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: alice }));
    assert.deepEqual(keys.ContextKeyNames, ['aws:SourceVpc']);
    // B's own principals stay simulable by B.
    const mine = await simulate(adminB, adminB.arn);
    assert.equal(mine.EvaluationResults![0].EvalDecision, 'implicitDeny');
  });
});
