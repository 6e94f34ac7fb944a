// The service-linked role catalogue: every role's policy is an AWS managed policy under /aws-service-role/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalogue } from '../policies/aws-managed/catalogue.js';
import {
  DOCUMENTED_ROLES,
  PACKAGE_NAMED_ROLES,
  serviceLinkedRoleServices,
  serviceLinkedRoleSpec,
} from './service-linked-role-catalog.js';

/** Policies AWS attaches under another name than the package lists (Lex's bot role predates the package). */
const KNOWN_ELSEWHERE = new Set(['AmazonLexBotPolicy']);

/**
 * Documented roles whose package wildcard is wrong: AWSMigrationHubStrategyConsoleFullAccess writes the role as
 * AWSMigrationHubStrategyServiceRolePolicy*, the name of its policy, where the service's page (and its own
 * CreateServiceLinkedRole) name the role AWSServiceRoleForMigrationHubStrategy.
 */
const WILDCARD_DISAGREES = new Set(['migrationhub-strategy.amazonaws.com']);

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

  test('each role the package names is still named there, with its principal, by the policy given as its source', async () => {
    const byName = new Map((await loadCatalogue()).map((p) => [p.name, p]));
    for (const [service, roleName, , source] of PACKAGE_NAMED_ROLES) {
      const policy = byName.get(source);
      assert.ok(policy, `${service}: no policy ${source}`);
      const current = policy.versions.find((v) => v.versionId === policy.defaultVersionId) ?? policy.versions.at(-1);
      const arn = `:role/aws-service-role/${service}/${roleName}`;
      // The exact ARN, not a prefix of a longer or wildcarded name.
      const text = JSON.stringify(current?.document);
      const at = text.indexOf(arn);
      assert.ok(at >= 0 && text[at + arn.length] === '"', `${service}: ${source} does not name ${roleName}`);
    }
  });

  test('each documented role cites its service’s page, is served as listed, and fits the package’s wildcard', async () => {
    const texts = (await loadCatalogue()).map((p) => {
      const current = p.versions.find((v) => v.versionId === p.defaultVersionId) ?? p.versions.at(-1);
      return JSON.stringify(current?.document);
    });
    for (const [service, roleName, policyName, source, suffix] of DOCUMENTED_ROLES) {
      assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\/[\w./-]+\.html$/, service);
      const customSuffix = suffix === 'custom-suffix';
      assert.deepEqual(serviceLinkedRoleSpec(service), { service, roleName, policyName, customSuffix });
      if (WILDCARD_DISAGREES.has(service)) continue;
      // Where a package policy names this principal's role by a wildcard, the documented name must match it (a
      // suffixed role as it is created: <name>_<suffix>).
      const asCreated = customSuffix ? `${roleName}_x` : roleName;
      const prefix = `:role/aws-service-role/${service}/`;
      for (const text of texts) {
        for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
          const named = /^[\w+=,.@*-]+/.exec(text.slice(at + prefix.length))?.[0] ?? '';
          if (!named.endsWith('*')) continue;
          const pattern = new RegExp(`^${named.replace(/[.+]/g, '\\$&').replace(/\*/g, '.*')}$`);
          assert.match(asCreated, pattern, `${service}: ${roleName} is not ${named}`);
        }
      }
    }
  });

  test('every entry has a principal, a role name IAM accepts, an existing policy, and no two share a role name', async () => {
    const known = await serviceRolePolicies();
    const byRole = new Map<string, string>();
    for (const service of serviceLinkedRoleServices()) {
      const spec = serviceLinkedRoleSpec(service)!;
      assert.equal(spec.service, service);
      assert.match(service, /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/, service);
      // IAM role names: at most 64 characters of [\w+=,.@-]; a suffixed one leaves room for "_" and a suffix.
      assert.ok(spec.roleName.length <= (spec.customSuffix ? 62 : 64), service);
      assert.ok(known.has(spec.policyName) || KNOWN_ELSEWHERE.has(spec.policyName), `${service}: ${spec.policyName}`);
      assert.equal(typeof spec.customSuffix, 'boolean');
      // Role names are unique in an account whatever their path, so two principals cannot create the same name.
      assert.equal(
        byRole.get(spec.roleName),
        undefined,
        `${service} and ${byRole.get(spec.roleName)}: ${spec.roleName}`,
      );
      byRole.set(spec.roleName, service);
    }
  });

  test('no principal is listed twice and every package-named role is served as listed', () => {
    const services = [...PACKAGE_NAMED_ROLES, ...DOCUMENTED_ROLES].map(([service]) => service);
    assert.equal(new Set(services).size, services.length);
    const all = serviceLinkedRoleServices();
    for (const [service, roleName, policyName] of PACKAGE_NAMED_ROLES) {
      assert.ok(all.includes(service), service);
      assert.deepEqual(serviceLinkedRoleSpec(service), { service, roleName, policyName, customSuffix: false });
    }
    assert.equal(serviceLinkedRoleSpec('macie.amazonaws.com')?.roleName, 'AWSServiceRoleForAmazonMacie');
  });
});
