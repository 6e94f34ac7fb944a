// AWSManagedRulesKnownBadInputsRuleSet (known bad inputs, 200 WCU): AWS's rules, names, labels and example patterns.
import type { Rule } from '../../../../aws/generated/wafv2.js';
import { anyBytes, field, managedRule, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:known-bad-inputs:';

/**
 * Java deserialization RCE: AWS's example `(java.lang.Runtime).getRuntime().exec("whoami")` gives the first two; the
 * third is the property path of the Spring Framework RCE (CVE-2022-22965) as Spring's advisory of 31 March 2022
 * describes it (data binding reaching `class.module.classLoader`).
 */
const JAVA_RCE = ['java.lang.runtime', 'getruntime().exec(', 'class.module.classloader'];
/** Log4j lookups: AWS's example `${jndi:ldap://example.com/}`, any JNDI protocol. */
const LOG4J = ['${jndi:'];

const decoded = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'LOWERCASE');

const RULES: Rule[] = [
  managedRule(
    NS,
    0,
    'JavaDeserializationRCE_HEADER',
    'JavaDeserializationRCE_Header',
    anyBytes(JAVA_RCE, field.headers(), decoded),
  ),
  managedRule(
    NS,
    1,
    'JavaDeserializationRCE_BODY',
    'JavaDeserializationRCE_Body',
    anyBytes(JAVA_RCE, field.body(), decoded),
  ),
  managedRule(
    NS,
    2,
    'JavaDeserializationRCE_URIPATH',
    'JavaDeserializationRCE_URIPath',
    anyBytes(JAVA_RCE, field.uriPath(), decoded),
  ),
  managedRule(
    NS,
    3,
    'JavaDeserializationRCE_QUERYSTRING',
    'JavaDeserializationRCE_QueryString',
    anyBytes(JAVA_RCE, field.queryString(), decoded),
  ),
  // "patterns indicating localhost. Example patterns include localhost": the Host header names localhost (any port).
  managedRule(NS, 4, 'Host_localhost_HEADER', 'Host_Localhost_Header', {
    RegexMatchStatement: {
      RegexString: String.raw`^localhost(?::\d+)?$`,
      FieldToMatch: field.header('host'),
      TextTransformations: transforms('LOWERCASE', 'TRIM'),
    },
  }),
  managedRule(
    NS,
    5,
    'PROPFIND_METHOD',
    'Propfind_Method',
    anyBytes(['PROPFIND'], field.method(), transforms('UPPERCASE'), 'EXACTLY'),
  ),
  // "Example patterns include paths like web-inf": a web-inf path segment.
  managedRule(
    NS,
    6,
    'ExploitablePaths_URIPATH',
    'ExploitablePaths_URIPath',
    anyBytes(['/web-inf'], field.uriPath(), decoded),
  ),
  managedRule(NS, 7, 'Log4JRCE_HEADER', 'Log4JRCE_Header', anyBytes(LOG4J, field.headers(), decoded)),
  managedRule(NS, 8, 'Log4JRCE_QUERYSTRING', 'Log4JRCE_QueryString', anyBytes(LOG4J, field.queryString(), decoded)),
  managedRule(NS, 9, 'Log4JRCE_BODY', 'Log4JRCE_Body', anyBytes(LOG4J, field.body(), decoded)),
  managedRule(NS, 10, 'Log4JRCE_URIPATH', 'Log4JRCE_URIPath', anyBytes(LOG4J, field.uriPath(), decoded)),
];

export const knownBadInputs: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesKnownBadInputsRuleSet',
  description:
    'Contains rules that allow you to block request patterns that are known to be invalid and are associated with exploitation or discovery of vulnerabilities. This can help reduce the risk of a malicious actor discovering a vulnerable application.',
  capacity: 200,
  labelNamespace: NS,
  rules: RULES,
});
