// AWSManagedRulesSQLiRuleSet (SQL database, 200 WCU): AWS's rules, each a SqliMatch (libinjection through libddwaf in the engine).
import type { FieldToMatch, Rule, SensitivityLevel } from '../../../../aws/generated/wafv2.js';
import { field, managedRule, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:sql-database:';

// AWS's SQLi_* rules use the SQL injection statement "with sensitivity level set to Low". The ExtendedPatterns rules
// inspect "patterns ... not covered by" those; AWS does not publish them, so Warden uses the same statement at HIGH
// sensitivity, which is what the SQL injection statement documents as catching more (with more false positives),
// after one more decoding: ESCAPE_SEQ_DECODE turns escaped quotes (\x27, and the \" of a JSON body) back into the
// quotes the database would see, which the plain statement cannot look through.
const DECODED = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE');
const DECODED_EXTENDED = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'ESCAPE_SEQ_DECODE');

function sqli(fieldToMatch: FieldToMatch, level: SensitivityLevel): Rule['Statement'] {
  return {
    SqliMatchStatement: {
      FieldToMatch: fieldToMatch,
      TextTransformations: level === 'HIGH' ? DECODED_EXTENDED : DECODED,
      SensitivityLevel: level,
    },
  };
}

const RULES: Rule[] = [
  managedRule(NS, 0, 'SQLi_QUERYARGUMENTS', 'SQLi_QueryArguments', sqli(field.allQueryArguments(), 'LOW')),
  managedRule(
    NS,
    1,
    'SQLiExtendedPatterns_QUERYARGUMENTS',
    'SQLiExtendedPatterns_QueryArguments',
    sqli(field.allQueryArguments(), 'HIGH'),
  ),
  managedRule(NS, 2, 'SQLi_BODY', 'SQLi_Body', sqli(field.body(), 'LOW')),
  managedRule(NS, 3, 'SQLiExtendedPatterns_BODY', 'SQLiExtendedPatterns_Body', sqli(field.body(), 'HIGH')),
  managedRule(NS, 4, 'SQLi_COOKIE', 'SQLi_Cookie', sqli(field.cookies(), 'LOW')),
];

export const sqlDatabase: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesSQLiRuleSet',
  description:
    'Contains rules that allow you to block request patterns associated with exploitation of SQL databases, like SQL injection attacks. This can help prevent remote injection of unauthorized queries.',
  capacity: 200,
  labelNamespace: NS,
  rules: RULES,
});
