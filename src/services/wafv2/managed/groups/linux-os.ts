// AWSManagedRulesLinuxRuleSet (Linux operating system, 200 WCU): AWS's LFI rules on the path, query string and headers.
import type { Rule } from '../../../../aws/generated/wafv2.js';
import { anyBytes, field, managedRule, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:linux-os:';

/**
 * Linux files an LFI reads: AWS's example `/proc/version`, and the files PayloadsAllTheThings' "File Inclusion" page
 * (MIT, github.com/swisskyrepo/PayloadsAllTheThings) names as the usual targets: /etc/passwd, /etc/shadow, /etc/group,
 * /etc/hosts, /etc/issue, /proc/self/environ and the rest of /proc/self/.
 */
const LINUX_FILES = ['proc/version', 'proc/self/', 'etc/passwd', 'etc/shadow', 'etc/group', 'etc/hosts', 'etc/issue'];

/**
 * Decoded twice (a traversal sent as %252e%252e%255c arrives once-encoded after the server's own decoding), and the
 * path normalized with both separators: `..\..\etc\passwd` names the same file to an application that accepts
 * either, and `/./././etc/passwd` is /etc/passwd. The files are searched for without their leading slash: in a query
 * string or cookie header the text before a traversal joins its first `..` into one segment (`f=..`), which the
 * normalization then resolves together with the slash after it.
 */
const decoded = transforms('URL_DECODE_UNI', 'URL_DECODE_UNI', 'NORMALIZE_PATH_WIN', 'LOWERCASE');

const RULES: Rule[] = [
  managedRule(NS, 0, 'LFI_URIPATH', 'LFI_URIPath', anyBytes(LINUX_FILES, field.uriPath(), decoded)),
  managedRule(NS, 1, 'LFI_QUERYSTRING', 'LFI_QueryString', anyBytes(LINUX_FILES, field.queryString(), decoded)),
  managedRule(NS, 2, 'LFI_HEADER', 'LFI_Header', anyBytes(LINUX_FILES, field.headers(), decoded)),
];

export const linuxOs: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesLinuxRuleSet',
  description:
    'Contains rules that block request patterns associated with exploitation of vulnerabilities specific to Linux, including LFI attacks. This can help prevent attacks that expose file contents or execute code for which the attacker should not have had access.',
  capacity: 200,
  labelNamespace: NS,
  rules: RULES,
});
