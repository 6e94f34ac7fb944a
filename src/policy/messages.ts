// The trailing phrase of AWS's AccessDenied messages ("... because no identity-based policy allows ...").
import type { EvaluationResult, PolicyType } from './types.js';

const POLICY_NAMES: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  endpoint: 'VPC endpoint policy',
};

function article(name: string): string {
  return /^[aeiou]/i.test(name) ? 'an' : 'a';
}

/**
 * How AWS ends the message of a denied request, e.g. `because no identity-based policy allows the s3:GetObject
 * action` or `with an explicit deny in a service control policy: arn:aws:organizations::...` (the policy ARN is
 * appended when the deciding policy's id is an ARN). Empty for allowed requests. The caller prefixes
 * `User: <arn> is not authorized to perform: <action> on resource: <resource> `.
 */
export function denialReasonText(result: EvaluationResult): string {
  if (result.decision === 'Allowed') return '';
  const { kind } = result.reason;
  const type: PolicyType = kind === 'root' || kind === 'alwaysAllowed' ? 'identity' : kind;
  const name = POLICY_NAMES[type];
  if (result.decision === 'ExplicitlyDenied') {
    const id = result.reason.policyId;
    const suffix = id !== undefined && id.startsWith('arn:') ? `: ${id}` : '';
    return `with an explicit deny in ${article(name)} ${name}${suffix}`;
  }
  return `because no ${name} allows the ${result.action} action`;
}
