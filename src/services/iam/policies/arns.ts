// Managed policy ARNs: stored in one canonical partition, shown in the caller's, parsed from requests as IAM does.
import { unparsableArn } from '../errors.js';
import { parseArn } from '../../../aws/arn.js';

/**
 * Policy ARNs are keyed in the store (iam_policies.arn, iam_attachments.policy_arn, permissions_boundary_arn) in the
 * `aws` partition whatever partition the request came in: one account reached through `cn-north-1` and `us-east-1`
 * must find the same policy, and AWS-managed policies exist once for every partition.
 */
export const STORED_PARTITION = 'aws';

/** The account that owns AWS-managed policies in their ARNs and in iam_policies.account_id. */
export const AWS_MANAGED_ACCOUNT = 'aws';

/** A policy ARN a request names, resolved to its stored form and its owner. */
export interface PolicyArnRef {
  /** The ARN as the store keys it (`arn:aws:iam::<owner>:policy<path><name>`). */
  stored: string;
  /** The 12-digit account, or `aws` for AWS-managed policies. */
  owner: string;
}

/** The ARN of a policy in the `aws` partition, as stored. */
export function storedPolicyArn(owner: string, path: string, name: string): string {
  return `arn:${STORED_PARTITION}:iam::${owner}:policy${path}${name}`;
}

/** A stored ARN (policy or any other) rewritten into the caller's partition. */
export function inPartition(storedArn: string, partition: string): string {
  const prefix = `arn:${STORED_PARTITION}:`;
  return storedArn.startsWith(prefix) ? `arn:${partition}:${storedArn.slice(prefix.length)}` : storedArn;
}

/**
 * Reads a PolicyArn/PermissionsBoundary member. Text that is not an ARN at all is AWS's ValidationError (worded
 * with its double space); an ARN that cannot name a managed policy visible here (another partition, service or
 * resource type) resolves to undefined so the caller answers with the operation's own NoSuchEntity message.
 */
export function resolvePolicyArn(text: string, partition: string): PolicyArnRef | undefined {
  const arn = parseArn(text);
  if (!arn) throw unparsableArn();
  if (arn.partition !== partition || arn.service !== 'iam' || arn.region !== '') return undefined;
  if (!arn.resource.startsWith('policy/') || arn.resource.endsWith('/')) return undefined;
  return { stored: `arn:${STORED_PARTITION}:iam::${arn.accountId}:${arn.resource}`, owner: arn.accountId };
}

/** Whether the ARN names an AWS-managed policy (owned by `aws`). */
export function isAwsManaged(ref: PolicyArnRef): boolean {
  return ref.owner === AWS_MANAGED_ACCOUNT;
}
