// Action/NotAction values of an IAM policy: the `vendor:action` format IAM requires, and trust-policy actions.
import { wildcardMatch } from '../../aws/wildcard.js';

/** Vendor (service prefix) characters IAM accepts: `s3`, `s3-s`, `s3.s` pass; `a a` or `s3_x` do not. */
const VENDOR = /^[A-Za-z0-9.-]+$/;

/** Why IAM rejects `action` as an Action/NotAction value, or undefined when it is accepted. */
export function actionFormatError(action: string): string | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1 || parts[0] === '') {
    return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  }
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  const vendor = parts[0]!; // split always gives at least one part
  if (vendor !== '*' && !VENDOR.test(vendor)) return `Vendor ${vendor} is not valid`;
  return undefined;
}

/** The STS actions a role trust policy may grant: assuming the role, and what may accompany it. */
const TRUST_POLICY_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/** Whether a trust-policy Action value names (or, with wildcards, covers) an STS AssumeRole action. */
export function isTrustPolicyAction(action: string): boolean {
  return TRUST_POLICY_ACTIONS.some((allowed) => wildcardMatch(action, allowed, true));
}
