// The simulator adds no resource policy of its own: a KMS key policy or a role trust policy only counts when the
// request supplies it as ResourcePolicy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startWarden, type TestWarden } from '../helpers/warden.js';

function doc(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const decisions = (results: EvaluationResult[] | undefined) =>
  (results ?? []).map((r) => `${r.EvalActionName} ${r.EvalDecision}`);

describe('simulation and resource policies', () => {
  let w: TestWarden;
  let iam: IAMClient;
  let account: string;
  let keyArn: string;
  let roleArn: string;

  before(async () => {
    w = await startWarden();
    account = w.accountId;
    iam = new IAMClient(w.clientConfig);
    // A real key whose key policy trusts only a role that is not the simulated user, and a role trusting nobody
    // the simulation names: were either policy added silently, the identity policies' allow could not decide.
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: 'target',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      }),
    );
    roleArn = role.Role!.Arn!;
    const kms = new KMSClient(w.clientConfig);
    const key = await kms.send(
      new CreateKeyCommand({
        Policy: doc({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:*', Resource: '*' }),
        BypassPolicyLockoutSafetyCheck: true,
      }),
    );
    keyArn = key.KeyMetadata!.Arn!;
  });
  after(async () => {
    await w.stop();
  });

  const allowBoth = () =>
    doc(
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: keyArn },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn },
    );

  test('SimulateCustomPolicy: the given policies allow kms:* on a key and sts:AssumeRole on a role', async () => {
    const kms = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowBoth()],
        ActionNames: ['kms:Decrypt', 'kms:Encrypt', 'kms:ScheduleKeyDeletion'],
        ResourceArns: [keyArn],
      }),
    );
    assert.deepEqual(decisions(kms.EvaluationResults), [
      'kms:Decrypt allowed',
      'kms:Encrypt allowed',
      'kms:ScheduleKeyDeletion implicitDeny',
    ]);
    const sts = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowBoth()],
        ActionNames: ['sts:AssumeRole'],
        ResourceArns: [roleArn],
      }),
    );
    assert.deepEqual(decisions(sts.EvaluationResults), ['sts:AssumeRole allowed']);
    assert.equal(sts.EvaluationResults![0].MatchedStatements![0].SourcePolicyId, 'PolicyInputList.1');
  });

  test('SimulatePrincipalPolicy: the user’s own policies decide, its permissions boundary still limits', async () => {
    const user = await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'operator', PolicyName: 'ops', PolicyDocument: allowBoth() }));
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: user.User!.Arn!,
        ActionNames: ['kms:Decrypt', 'sts:AssumeRole'],
        ResourceArns: [keyArn, roleArn],
      }),
    );
    assert.deepEqual(
      (out.EvaluationResults ?? []).map((r) => `${r.EvalActionName} ${r.EvalResourceName} ${r.EvalDecision}`),
      [
        `kms:Decrypt ${keyArn} allowed`,
        `kms:Decrypt ${roleArn} implicitDeny`,
        `sts:AssumeRole ${keyArn} implicitDeny`,
        `sts:AssumeRole ${roleArn} allowed`,
      ],
    );
    const bounded = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: user.User!.Arn!,
        ActionNames: ['kms:Decrypt', 'sts:AssumeRole'],
        ResourceArns: [keyArn],
        PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 'sts:*', Resource: '*' })],
      }),
    );
    assert.deepEqual(decisions(bounded.EvaluationResults), ['kms:Decrypt implicitDeny', 'sts:AssumeRole implicitDeny']);
    assert.equal(bounded.EvaluationResults![0].PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
  });

  test('a ResourcePolicy the request supplies takes part with its own rules', async () => {
    const caller = `arn:aws:iam::${account}:user/operator`;
    const keyPolicy = (principal: string) =>
      doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' });
    const simulate = (resourcePolicy: string) =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [allowBoth()],
          ActionNames: ['kms:Decrypt'],
          ResourceArns: [keyArn],
          ResourcePolicy: resourcePolicy,
          CallerArn: caller,
        }),
      );
    // A key policy that trusts neither the account nor the caller leaves the identity policy's allow short.
    assert.deepEqual(decisions((await simulate(keyPolicy(roleArn))).EvaluationResults), ['kms:Decrypt implicitDeny']);
    assert.deepEqual(decisions((await simulate(keyPolicy(`arn:aws:iam::${account}:root`))).EvaluationResults), [
      'kms:Decrypt allowed',
    ]);
  });
});
