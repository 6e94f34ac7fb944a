// AWSManagedRulesAmazonIpReputationList (25 WCU) and AWSManagedRulesAnonymousIpList (50 WCU): AWS's rule names, labels and
// actions; each rule references an IP list the operator provides (Warden has no access to Amazon's threat intelligence).
import type { Rule } from '../../../../aws/generated/wafv2.js';
import { BLOCK, COUNT, managedRule } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';

/**
 * The ARN by which a managed IP-list rule names its list. It is Warden's own (no AWS resource has it): the engine
 * resolves it with managedIpListAddresses, which reads the operator's file named after the rule (see ip-list-files.ts).
 */
export function managedIpListArn(ruleName: string): string {
  return `arn:aws:wafv2:us-east-1:aws:managed-ip-list/${ruleName}`;
}

function ipRule(ns: string, priority: number, name: string, action = BLOCK): Rule {
  return managedRule(ns, priority, name, name, { IPSetReferenceStatement: { ARN: managedIpListArn(name) } }, action);
}

const REPUTATION_NS = 'awswaf:managed:aws:amazon-ip-list:';
const REPUTATION_RULES: Rule[] = [
  ipRule(REPUTATION_NS, 0, 'AWSManagedIPReputationList'),
  ipRule(REPUTATION_NS, 1, 'AWSManagedReconnaissanceList'),
  // AWS's table gives this rule Count, not Block.
  ipRule(REPUTATION_NS, 2, 'AWSManagedIPDDoSList', COUNT),
];

const ANONYMOUS_NS = 'awswaf:managed:aws:anonymous-ip-list:';
const ANONYMOUS_RULES: Rule[] = [
  ipRule(ANONYMOUS_NS, 0, 'AnonymousIPList'),
  ipRule(ANONYMOUS_NS, 1, 'HostingProviderIPList'),
];

// "The rule groups in this category don't provide versioning or SNS update notifications."
export const amazonIpReputationList: ManagedGroupDefinition = {
  vendor: 'AWS',
  name: 'AWSManagedRulesAmazonIpReputationList',
  description:
    'This group contains rules that are based on Amazon threat intelligence. This is useful if you would like to block sources associated with bots or other threats.',
  capacity: 25,
  labelNamespace: REPUTATION_NS,
  versioningSupported: false,
  versions: [],
  defaultVersion: undefined,
  rules: () => REPUTATION_RULES,
};

export const anonymousIpList: ManagedGroupDefinition = {
  vendor: 'AWS',
  name: 'AWSManagedRulesAnonymousIpList',
  description:
    'This group contains rules that allow you to block requests from services that allow obfuscation of viewer identity. This can include request originating from VPN, proxies, Tor nodes, and hosting providers. This is useful if you want to filter out viewers that may be trying to hide their identity from your application.',
  capacity: 50,
  labelNamespace: ANONYMOUS_NS,
  versioningSupported: false,
  versions: [],
  defaultVersion: undefined,
  rules: () => ANONYMOUS_RULES,
};

/** The managed IP-list rules an operator may give addresses for, by rule name. */
export const MANAGED_IP_LIST_RULES: readonly string[] = [...REPUTATION_RULES, ...ANONYMOUS_RULES].map((r) => r.Name);
