// The tactic table: every API it names is an operation of its service, reads are Discovery, the rest is unwatched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, type ModelName } from '../../../aws/model.js';
import { listedApis, TACTIC_FINDINGS, tacticOf } from './tactics.js';

const MODELS: Record<string, ModelName> = {
  'iam.amazonaws.com': 'iam',
  'sts.amazonaws.com': 'sts',
  'kms.amazonaws.com': 'kms',
  'organizations.amazonaws.com': 'organizations',
  'cloudtrail.amazonaws.com': 'cloudtrail',
  'elasticloadbalancing.amazonaws.com': 'elbv2',
  'wafv2.amazonaws.com': 'wafv2',
  'guardduty.amazonaws.com': 'guardduty',
  'shield.amazonaws.com': 'shield',
};

test('every API the table names is an operation of its service model', () => {
  const apis = listedApis();
  assert.ok(apis.length > 150);
  for (const api of apis) {
    const cut = api.lastIndexOf(':');
    const model = MODELS[api.slice(0, cut)];
    assert.ok(model, `no model for ${api}`);
    assert.ok(loadModel(model).operations[api.slice(cut + 1)], `${api} is not an operation`);
  }
});

test('tactics as GuardDuty describes them, with their documented severities', () => {
  assert.equal(tacticOf('cloudtrail.amazonaws.com', 'StopLogging'), 'DefenseEvasion');
  assert.equal(tacticOf('iam.amazonaws.com', 'ListAccessKeys'), 'Discovery');
  assert.equal(tacticOf('iam.amazonaws.com', 'GetRolePolicy'), 'Discovery');
  assert.equal(tacticOf('iam.amazonaws.com', 'UpdateUser'), 'Impact');
  assert.equal(tacticOf('iam.amazonaws.com', 'CreateAccessKey'), 'Persistence');
  assert.equal(tacticOf('iam.amazonaws.com', 'AddUserToGroup'), 'PrivilegeEscalation');
  assert.equal(tacticOf('iam.amazonaws.com', 'PutUserPolicy'), 'PrivilegeEscalation');
  assert.equal(tacticOf('sts.amazonaws.com', 'GetFederationToken'), 'InitialAccess');
  assert.equal(tacticOf('sts.amazonaws.com', 'GetCallerIdentity'), 'Discovery');
  assert.equal(tacticOf('kms.amazonaws.com', 'ScheduleKeyDeletion'), 'Impact');
  assert.equal(tacticOf('kms.amazonaws.com', 'Decrypt'), 'CredentialAccess');
  assert.equal(tacticOf('organizations.amazonaws.com', 'LeaveOrganization'), 'DefenseEvasion');
  assert.equal(tacticOf('iam.amazonaws.com', 'GenerateCredentialReport'), 'Discovery');
  // Unwatched: writes no tactic names, and reads of services Warden does not serve.
  assert.equal(tacticOf('kms.amazonaws.com', 'Encrypt'), undefined);
  assert.equal(tacticOf('iam.amazonaws.com', 'TagUser'), undefined);
  assert.equal(tacticOf('s3.amazonaws.com', 'ListBuckets'), undefined);
  assert.deepEqual(Object.fromEntries(Object.entries(TACTIC_FINDINGS).map(([t, f]) => [t, f.severity])), {
    CredentialAccess: 5,
    DefenseEvasion: 5,
    Discovery: 2,
    Exfiltration: 8,
    Impact: 8,
    InitialAccess: 5,
    Persistence: 5,
    PrivilegeEscalation: 5,
  });
});
