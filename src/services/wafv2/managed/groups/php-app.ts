// AWSManagedRulesPHPRuleSet (PHP application, 100 WCU): PHP code injection in headers, query string and body.
import type { FieldToMatch, Rule, Statement } from '../../../../aws/generated/wafv2.js';
import { field, managedRule, regex, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:php-app:';

/**
 * Called functions: AWS's example `fsockopen`, the PHP manual's "Program execution Functions" (exec, passthru,
 * proc_open, shell_exec, system, popen) and pcntl_exec, the functions that run a string as code (eval, assert,
 * create_function) and phpinfo, which discloses the server's configuration; each followed by an opening parenthesis.
 */
const HIGH_RISK_FUNCTIONS =
  String.raw`\b(?:fsockopen|exec|passthru|proc_open|shell_exec|system|popen|pcntl_exec|eval|assert|create_function|` +
  String.raw`phpinfo)\s*\(`;
/** Superglobals: AWS's example `$_GET`, and the rest of the PHP manual's "Superglobals" list. */
const SUPERGLOBALS = String.raw`\$(?:_(?:GET|POST|COOKIE|SERVER|FILES|REQUEST|SESSION|ENV)|GLOBALS)\b`;

function php(fieldToMatch: FieldToMatch): Statement {
  const t = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE');
  return {
    OrStatement: { Statements: [regex(HIGH_RISK_FUNCTIONS, fieldToMatch, t), regex(SUPERGLOBALS, fieldToMatch, t)] },
  };
}

const RULES: Rule[] = [
  managedRule(NS, 0, 'PHPHighRiskMethodsVariables_HEADER', 'PHPHighRiskMethodsVariables_Header', php(field.headers())),
  managedRule(
    NS,
    1,
    'PHPHighRiskMethodsVariables_QUERYSTRING',
    'PHPHighRiskMethodsVariables_QueryString',
    php(field.queryString()),
  ),
  managedRule(NS, 2, 'PHPHighRiskMethodsVariables_BODY', 'PHPHighRiskMethodsVariables_Body', php(field.body())),
];

export const phpApp: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesPHPRuleSet',
  description:
    'Contains rules that block request patterns associated with exploiting vulnerabilities specific to the use of the PHP, including injection of unsafe PHP functions. This can help prevent exploits that allow an attacker to remotely execute code or commands.',
  capacity: 100,
  labelNamespace: NS,
  rules: RULES,
});
