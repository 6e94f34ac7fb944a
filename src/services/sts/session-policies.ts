// Session policies passed to AssumeRole*, GetFederationToken: the inline Policy validated, PolicyArns resolved.
import type { Kysely } from 'kysely';
import { AwsError } from '../../aws/error.js';
import type { Database } from '../../store/schema.js';
import { AWS_MANAGED_ACCOUNT, resolvePolicyArn } from '../iam/policies/arns.js';
import { assertValidPolicyDocument } from '../../policy/validation/validate.js';

/** AWS accepts up to ten managed session policies. */
export const MAX_POLICY_ARNS = 10;

export interface SessionPolicies {
  /** The inline session policy, as passed. */
  policy?: string;
  /** The managed session policies, as stored ARNs (`arn:aws:iam::...`). */
  policyArns?: string[];
}

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/**
 * Validates the session policies of a request. The inline policy must be a valid session policy (IAM's
 * MalformedPolicyDocument messages). Each managed policy must exist, AWS managed or in `ownerAccount` (the account
 * whose principal the session acts as: the role's, or the federating user's).
 */
export async function acceptSessionPolicies(
  db: Kysely<Database>,
  input: { Policy?: string; PolicyArns?: { arn?: string }[] },
  ownerAccount: string,
  partition: string,
): Promise<SessionPolicies> {
  const accepted: SessionPolicies = {};
  const descriptors = input.PolicyArns ?? [];
  if (descriptors.length > MAX_POLICY_ARNS) {
    throw validationError(
      `1 validation error detected: Value at 'policyArns' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${MAX_POLICY_ARNS}`,
    );
  }
  if (input.Policy !== undefined) {
    assertValidPolicyDocument(input.Policy, 'session');
    accepted.policy = input.Policy;
  }
  if (descriptors.length > 0) {
    const stored: string[] = [];
    for (const descriptor of descriptors) {
      const arn = descriptor.arn;
      if (arn === undefined || arn === '') throw validationError('PolicyArns must name a policy ARN.');
      const ref = resolvePolicyArn(arn, partition);
      const usable = ref !== undefined && (ref.owner === ownerAccount || ref.owner === AWS_MANAGED_ACCOUNT);
      const row = usable
        ? await db.selectFrom('iam_policies').select('arn').where('arn', '=', ref.stored).executeTakeFirst()
        : undefined;
      if (!row) throw validationError(`Policy ${arn} does not exist or is not attachable.`);
      if (!stored.includes(row.arn)) stored.push(row.arn);
    }
    accepted.policyArns = stored;
  }
  return accepted;
}
