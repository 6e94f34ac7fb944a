// AWS WAF's web ACL capacity units (WCU) per statement, field and text transformation, with where AWS documents each.
//
// Sources (AWS WAF Developer Guide):
//  - "Web ACL capacity units (WCUs) in AWS WAF": https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
//  - "Rule statements list" and each statement's page under
//    https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-list.html, whose "WCUs" line gives:
//      string match (ByteMatch): Exactly / Starts with / Ends with 2, Contains / Contains word 10
//      regex match 3; regex pattern set 25; SQL injection 20 (sensitivity LOW) or 30 (HIGH); XSS 40
//      size constraint 1; geographic 1; ASN 1; label match 1; IP set 1, plus 4 with forwarded IP position ANY
//      rate-based 2, plus 30 per custom aggregation key and 10 per text transformation a key applies, plus the
//        scope-down statement's; AND / OR / NOT: the nested statements'
//      for request components: All query parameters adds 10; JSON body doubles the base cost; each text
//        transformation adds 10
//  - "AWS WAF quotas": web ACL maximum capacity 5,000 WCUs; a web ACL's price covers the first 1,500
//    (https://docs.aws.amazon.com/waf/latest/developerguide/limits.html, https://aws.amazon.com/waf/pricing/).
import type { PositionalConstraint, SensitivityLevel } from '../../aws/generated/wafv2.js';

export const WEB_ACL_MAX_WCU = 5_000;
/** Included in a web ACL's price; beyond it AWS bills per 500 WCU (reported, not enforced). */
export const WEB_ACL_BASE_WCU = 1_500;
/** A rule group's declared capacity may not exceed the most a web ACL can hold. */
export const RULE_GROUP_MAX_WCU = 5_000;

export const BYTE_MATCH_WCU: Readonly<Record<PositionalConstraint, number>> = {
  EXACTLY: 2,
  STARTS_WITH: 2,
  ENDS_WITH: 2,
  CONTAINS: 10,
  CONTAINS_WORD: 10,
};

export const REGEX_MATCH_WCU = 3;
export const REGEX_PATTERN_SET_WCU = 25;
export const SQLI_WCU: Readonly<Record<SensitivityLevel, number>> = { LOW: 20, HIGH: 30 };
export const XSS_WCU = 40;
export const SIZE_CONSTRAINT_WCU = 1;
export const GEO_MATCH_WCU = 1;
export const ASN_MATCH_WCU = 1;
export const LABEL_MATCH_WCU = 1;
export const IP_SET_WCU = 1;
export const IP_SET_FORWARDED_ANY_EXTRA_WCU = 4;
export const RATE_BASED_WCU = 2;
export const RATE_CUSTOM_KEY_WCU = 30;

export const TEXT_TRANSFORMATION_WCU = 10;
export const ALL_QUERY_ARGUMENTS_EXTRA_WCU = 10;
/** JsonBody doubles the statement's base cost. */
export const JSON_BODY_MULTIPLIER = 2;
