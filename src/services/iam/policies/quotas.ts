// IAM's default quotas on policies (reference_iam-quotas), each checked with the error AWS answers when exceeded.
import { limitExceeded, quotaExceeded } from '../errors.js';
import type { IamEntityType } from '../tables.js';

/** Characters in a managed policy document, white space not counted. */
export const MANAGED_POLICY_SIZE = 6144;
/** Versions one customer managed policy keeps at a time. */
export const VERSIONS_PER_POLICY = 5;
/** Managed policies attached to one user, group or role (AWS's default). */
export const ATTACHMENTS_PER_ENTITY = 10;
/** Customer managed policies in one account (AWS's default). */
export const POLICIES_PER_ACCOUNT = 1500;
/** Total characters of an entity's inline policies, white space not counted. */
export const INLINE_SIZE: Readonly<Record<IamEntityType, number>> = { user: 2048, group: 5120, role: 10240 };

const QUOTA_NOUN: Readonly<Record<IamEntityType, string>> = { user: 'User', group: 'Group', role: 'Role' };

/** The size IAM measures a policy by: its characters with all white space left out. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

export function assertManagedPolicySize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_SIZE) {
    throw quotaExceeded('PolicySize', MANAGED_POLICY_SIZE);
  }
}

export function assertVersionQuota(existingVersions: number): void {
  if (existingVersions >= VERSIONS_PER_POLICY) {
    throw limitExceeded(
      `A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`,
    );
  }
}

export function assertAttachmentQuota(kind: IamEntityType, attached: number): void {
  if (attached >= ATTACHMENTS_PER_ENTITY) {
    throw quotaExceeded(`PoliciesPer${QUOTA_NOUN[kind]}`, ATTACHMENTS_PER_ENTITY);
  }
}

export function assertPolicyCountQuota(existingPolicies: number): void {
  if (existingPolicies >= POLICIES_PER_ACCOUNT) {
    throw quotaExceeded('PoliciesPerAccount', POLICIES_PER_ACCOUNT);
  }
}

/** totalSize: the entity's inline policies after the write, each measured by policySize. */
export function assertInlineSize(kind: IamEntityType, entityName: string, totalSize: number): void {
  const max = INLINE_SIZE[kind];
  if (totalSize > max) throw limitExceeded(`Maximum policy size of ${max} bytes exceeded for ${kind} ${entityName}`);
}
