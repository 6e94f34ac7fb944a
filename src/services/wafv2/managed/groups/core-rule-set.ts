// AWSManagedRulesCommonRuleSet (core rule set, 700 WCU): AWS's rule names, labels and actions; statements that inspect what
// each rule's description in the Baseline rule groups page says it inspects.
import type { FieldToMatch, Rule, Statement } from '../../../../aws/generated/wafv2.js';
import { anyBytes, field, managedRule, regex, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:core-rule-set:';

// Patterns are AWS's own examples from the page's rule table unless a comment says otherwise.
/** "Example patterns include nessus, and nmap." */
const BAD_BOTS = ['nessus', 'nmap'];
/**
 * The instance metadata service's addresses, from the Amazon EC2 User Guide ("Access instance metadata":
 * IPv4 169.254.169.254, IPv6 [fd00:ec2::254]); AWS's rule inspects for attempts to exfiltrate EC2 metadata.
 */
const IMDS = ['169.254.169.254', 'fd00:ec2::254'];
/** "path traversal attempts using techniques like ../../" — the dot-dot segment with either separator. */
const TRAVERSAL = ['../', '..\\'];
/** "extensions like .log and .ini". */
const RESTRICTED_EXTENSIONS = ['.log', '.ini'];
/** "http://, https://, ftp://, ftps://, and file://, with an IPv4 host" (the whole pattern is AWS's description). */
const RFI = String.raw`(?:https?|ftps?|file)://\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`;

const decoded = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'LOWERCASE');
/**
 * Traversal decoded twice: `%252e%252e%255c` (a dot-dot-backslash encoded twice) reaches an application that decodes
 * what the server handed it once more as `..\`, the double-decoding evasion traversal scanners try.
 */
const lfiDecoded = transforms('URL_DECODE_UNI', 'URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'LOWERCASE');
const xssTransforms = transforms('URL_DECODE', 'HTML_ENTITY_DECODE');
/**
 * A body may be JSON, whose strings escape every quote (`<img src=\"javascript:…\">`): ESCAPE_SEQ_DECODE gives the
 * markup back as a browser would receive it once the application has parsed the JSON.
 */
const xssBodyTransforms = transforms('URL_DECODE', 'HTML_ENTITY_DECODE', 'ESCAPE_SEQ_DECODE');

function rules(): Rule[] {
  let p = 0;
  const r = (name: string, label: string, statement: Statement) => managedRule(NS, p++, name, label, statement);
  return [
    // A missing (or empty) User-Agent: no header has size > 0.
    r('NoUserAgent_HEADER', 'NoUserAgent_Header', {
      NotStatement: {
        Statement: {
          SizeConstraintStatement: {
            FieldToMatch: field.header('user-agent'),
            ComparisonOperator: 'GT',
            Size: 0,
            TextTransformations: transforms(),
          },
        },
      },
    }),
    r(
      'UserAgent_BadBots_HEADER',
      'BadBots_Header',
      anyBytes(BAD_BOTS, field.header('user-agent'), transforms('LOWERCASE')),
    ),
    r('SizeRestrictions_QUERYSTRING', 'SizeRestrictions_QueryString', size(field.queryString(), 2048)),
    r('SizeRestrictions_Cookie_HEADER', 'SizeRestrictions_Cookie_Header', size(field.header('cookie'), 10240)),
    // A body past the 8 KB an ALB lets WAF see is over 8 KB: oversize content matches.
    r('SizeRestrictions_BODY', 'SizeRestrictions_Body', size({ Body: { OversizeHandling: 'MATCH' } }, 8192)),
    r('SizeRestrictions_URIPATH', 'SizeRestrictions_URIPath', size(field.uriPath(), 1024)),
    r('EC2MetaDataSSRF_BODY', 'EC2MetaDataSSRF_Body', anyBytes(IMDS, field.body(), decoded)),
    r('EC2MetaDataSSRF_COOKIE', 'EC2MetaDataSSRF_Cookie', anyBytes(IMDS, field.cookies(), decoded)),
    r('EC2MetaDataSSRF_URIPATH', 'EC2MetaDataSSRF_URIPath', anyBytes(IMDS, field.uriPath(), decoded)),
    r(
      'EC2MetaDataSSRF_QUERYARGUMENTS',
      'EC2MetaDataSSRF_QueryArguments',
      anyBytes(IMDS, field.allQueryArguments(), decoded),
    ),
    r(
      'GenericLFI_QUERYARGUMENTS',
      'GenericLFI_QueryArguments',
      anyBytes(TRAVERSAL, field.allQueryArguments(), lfiDecoded),
    ),
    r('GenericLFI_URIPATH', 'GenericLFI_URIPath', anyBytes(TRAVERSAL, field.uriPath(), lfiDecoded)),
    r('GenericLFI_BODY', 'GenericLFI_Body', anyBytes(TRAVERSAL, field.body(), lfiDecoded)),
    r(
      'RestrictedExtensions_URIPATH',
      'RestrictedExtensions_URIPath',
      anyBytes(RESTRICTED_EXTENSIONS, field.uriPath(), decoded, 'ENDS_WITH'),
    ),
    r(
      'RestrictedExtensions_QUERYARGUMENTS',
      'RestrictedExtensions_QueryArguments',
      anyBytes(RESTRICTED_EXTENSIONS, field.allQueryArguments(), decoded, 'ENDS_WITH'),
    ),
    r('GenericRFI_QUERYARGUMENTS', 'GenericRFI_QueryArguments', regex(RFI, field.allQueryArguments(), decoded)),
    r('GenericRFI_BODY', 'GenericRFI_Body', regex(RFI, field.body(), decoded)),
    r('GenericRFI_URIPATH', 'GenericRFI_URIPath', regex(RFI, field.uriPath(), decoded)),
    r('CrossSiteScripting_COOKIE', 'CrossSiteScripting_Cookie', xss(field.cookies())),
    r('CrossSiteScripting_QUERYARGUMENTS', 'CrossSiteScripting_QueryArguments', xss(field.allQueryArguments())),
    r('CrossSiteScripting_BODY', 'CrossSiteScripting_Body', xss(field.body(), xssBodyTransforms)),
    r('CrossSiteScripting_URIPATH', 'CrossSiteScripting_URIPath', xss(field.uriPath())),
  ];
}

function size(fieldToMatch: FieldToMatch, limit: number): Statement {
  return {
    SizeConstraintStatement: {
      FieldToMatch: fieldToMatch,
      ComparisonOperator: 'GT',
      Size: limit,
      TextTransformations: transforms(),
    },
  };
}

function xss(fieldToMatch: FieldToMatch, textTransformations = xssTransforms): Statement {
  return { XssMatchStatement: { FieldToMatch: fieldToMatch, TextTransformations: textTransformations } };
}

const RULES = rules();

export const coreRuleSet: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesCommonRuleSet',
  description:
    'Contains rules that are generally applicable to web applications. This provides protection against exploitation of a wide range of vulnerabilities, including those described in OWASP publications.',
  capacity: 700,
  labelNamespace: NS,
  rules: RULES,
});
