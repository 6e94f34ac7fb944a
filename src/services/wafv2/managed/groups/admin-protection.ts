// AWSManagedRulesAdminProtectionRuleSet (admin protection, 100 WCU): its one rule, on AWS's documented example path.
import type { Rule } from '../../../../aws/generated/wafv2.js';
import { anyBytes, field, managedRule, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:admin-protection:';

/** "URI paths that are generally reserved for administration ... Example patterns include sqlmanager." */
const ADMIN_PATHS = ['sqlmanager'];

const RULES: Rule[] = [
  managedRule(
    NS,
    0,
    'AdminProtection_URIPATH',
    'AdminProtection_URIPath',
    anyBytes(ADMIN_PATHS, field.uriPath(), transforms('URL_DECODE', 'LOWERCASE')),
  ),
];

export const adminProtection: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesAdminProtectionRuleSet',
  description:
    'Contains rules that allow you to block external access to exposed admin pages. This may be useful if you are running third-party software or would like to reduce the risk of a malicious actor gaining administrative access to your application.',
  capacity: 100,
  labelNamespace: NS,
  rules: RULES,
});
