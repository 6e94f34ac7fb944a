// Where Warden's managed rules come from: the AWS pages whose rule tables they follow, and the dates of Warden's copies.

/** AWS WAF Developer Guide, "Baseline rule groups" (core rule set, admin protection, known bad inputs). */
export const BASELINE_DOC =
  'https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html';
/** AWS WAF Developer Guide, "Use-case specific rule groups" (SQL database, Linux, POSIX, PHP). */
export const USE_CASE_DOC =
  'https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-use-case.html';
/** AWS WAF Developer Guide, "IP reputation rule groups". */
export const IP_REP_DOC = 'https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html';

/** Version_1.0 of every versioned group Warden ships was written on this day. */
export const VERSION_1_0_DATE = new Date('2025-06-01T00:00:00Z');
