import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../aws/model.js';
import { MODEL_NAMES, SERVICES } from '../../test/helpers/registry.js';
import { iamPrefixes, loadActionCatalog, type ActionCatalog } from './action-catalog.js';
import { operationPlan } from './operation-plan.js';

let catalog: ActionCatalog;
before(async () => {
  catalog = await loadActionCatalog(iamPrefixes(SERVICES));
});

/** Operations newer than IAM's published action list: authorized as `<prefix>:<Operation>` on `*`. */
const NOT_IN_CATALOG = new Set(['iam:AcquireRole', 'iam:UpdateDelegationRequest']);

describe('operation plans', () => {
  test("every operation of every served model maps to actions IAM's catalog knows", () => {
    const unknown: string[] = [];
    for (const service of MODEL_NAMES) {
      for (const operation of Object.keys(loadModel(service).operations)) {
        for (const check of operationPlan(catalog, service, operation).checks) {
          if (!catalog.get(check.action)) unknown.push(check.action);
        }
      }
    }
    assert.deepEqual(unknown.sort(), [...NOT_IN_CATALOG].sort());
  });

  test('actions keep the spelling AWS uses in policies and messages', () => {
    assert.equal(operationPlan(catalog, 'iam', 'ListMFADevices').checks[0]?.action, 'iam:ListMFADevices');
    assert.equal(operationPlan(catalog, 'ce', 'GetCostAndUsage').checks[0]?.action, 'ce:GetCostAndUsage');
    assert.equal(operationPlan(catalog, 'wafv2', 'GetWebACL').checks[0]?.action, 'wafv2:GetWebACL');
  });

  test('read and list operations are read-only; writes are not', () => {
    assert.equal(operationPlan(catalog, 'iam', 'GetUser').readOnly, true);
    assert.equal(operationPlan(catalog, 'iam', 'ListPolicies').readOnly, true);
    assert.equal(operationPlan(catalog, 'iam', 'SimulatePrincipalPolicy').readOnly, true);
    assert.equal(operationPlan(catalog, 'iam', 'CreateUser').readOnly, false);
    assert.equal(operationPlan(catalog, 'iam', 'AttachUserPolicy').readOnly, false);
    assert.equal(operationPlan(catalog, 'iam', 'TagUser').readOnly, false);
    assert.equal(operationPlan(catalog, 'iam', 'AcquireRole').readOnly, false);
  });

  test('ARN templates become patterns that recognize whole ARNs of their type only', () => {
    const [check] = operationPlan(catalog, 'iam', 'GetRole').checks;
    assert.ok(check);
    const role = check.resourceTypes[0];
    assert.ok(role);
    assert.equal(role.type.name, 'role');
    assert.ok(role.pattern.test('arn:aws:iam::111122223333:role/path/name'));
    assert.ok(!role.pattern.test('arn:aws:iam::111122223333:user/name'));
    const [policy] = operationPlan(catalog, 'iam', 'GetPolicy').checks;
    assert.ok(policy);
    assert.ok(policy.resourceTypes[0]?.pattern.test('arn:aws:iam::aws:policy/ReadOnlyAccess'));
  });

  test("rest-json's resourceArn names the resource a tagging call acts on, as ResourceArn does", () => {
    // Missed, a Deny on one filter's ARN would not apply to tagging it (the call would be on *). GuardDuty's model
    // names the member ResourceArn (resourceArn only on the wire); Inspector2's and Artifact's name it resourceArn.
    for (const [service, operation] of [
      ['guardduty', 'TagResource'],
      ['inspector2', 'TagResource'],
      ['inspector2', 'UntagResource'],
    ] as const) {
      const [check] = operationPlan(catalog, service, operation).checks;
      const members = check?.resourceTypes.flatMap((rt) => rt.arnMembers) ?? [];
      assert.ok(
        members.some((m) => m.toLowerCase() === 'resourcearn'),
        `${service}:${operation}: ${members.join(', ')}`,
      );
    }
  });
});
