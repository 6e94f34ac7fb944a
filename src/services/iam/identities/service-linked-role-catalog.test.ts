// The service-linked role catalogue: every role's policy is an AWS managed policy under /aws-service-role/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalogue } from '../policies/aws-managed/catalogue.js';
import { serviceLinkedRoleServices, serviceLinkedRoleSpec } from './service-linked-role-catalog.js';

/** Policies AWS attaches under another name than the package lists (Lex's bot role predates the package). */
const KNOWN_ELSEWHERE = new Set(['AmazonLexBotPolicy']);

async function serviceRolePolicies(): Promise<Set<string>> {
  const policies = await loadCatalogue();
  return new Set(policies.filter((p) => p.path === '/aws-service-role/').map((p) => p.name));
}

describe('service-linked role catalogue', () => {
  test('each role attaches an AWS managed policy of the /aws-service-role/ path', async () => {
    const known = await serviceRolePolicies();
    for (const service of serviceLinkedRoleServices()) {
      const spec = serviceLinkedRoleSpec(service)!;
      assert.ok(known.has(spec.policyName) || KNOWN_ELSEWHERE.has(spec.policyName), `${service}: ${spec.policyName}`);
      assert.match(spec.roleName, /^AWSServiceRoleFor[\w+=,.@-]+$/, service);
    }
  });

  test('Application Auto Scaling custom resources have their role, without a custom suffix', () => {
    const spec = serviceLinkedRoleSpec('custom-resource.application-autoscaling.amazonaws.com');
    assert.deepEqual(spec, {
      service: 'custom-resource.application-autoscaling.amazonaws.com',
      roleName: 'AWSServiceRoleForApplicationAutoScaling_CustomResource',
      policyName: 'AWSApplicationAutoScalingCustomResourcePolicy',
      customSuffix: false,
    });
    assert.equal(
      serviceLinkedRoleSpec('dynamodb.application-autoscaling.amazonaws.com')?.roleName,
      'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
    );
  });
});
