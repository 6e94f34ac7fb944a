// The organization's resource-based delegation policy: which actions it may delegate, and its content's checks.
import { loadModel } from '../../aws/model.js';
import { Glob } from '../../policy/glob.js';
import { policyDocumentError } from '../../policy/validation/validate.js';
import { parsePolicyGrammar, type PolicyStatement } from '../../policy/validation/grammar.js';
import { invalidInput } from './errors.js';

/**
 * Policy management a delegation policy may hand to a member account (AWS Organizations User Guide, "Resource-based
 * policy examples": create, read, update and delete policies, tag and untag them, attach and detach them).
 */
const POLICY_MANAGEMENT = [
  'CreatePolicy',
  'UpdatePolicy',
  'DeletePolicy',
  'AttachPolicy',
  'DetachPolicy',
  'TagResource',
  'UntagResource',
];

let delegatable: ReadonlySet<string> | undefined;

/**
 * The operations a delegation policy can delegate: every read-only action of Organizations (its Describe* and List*
 * operations; the guide: "it's possible to delegate any Organizations read-only action using this policy") and the
 * policy management above. Anything else stays the management account's alone, whatever the policy says.
 */
export function delegatableOperations(): ReadonlySet<string> {
  if (delegatable === undefined) {
    const reads = Object.keys(loadModel('organizations').operations).filter((op) => /^(Describe|List)/.test(op));
    delegatable = new Set([...reads, ...POLICY_MANAGEMENT]);
  }
  return delegatable;
}

/** Whether `organizations:<Operation>` is an action a delegation policy can grant. */
export function isDelegatableAction(action: string): boolean {
  const colon = action.indexOf(':');
  return (
    action.slice(0, colon).toLowerCase() === 'organizations' && delegatableOperations().has(action.slice(colon + 1))
  );
}

/**
 * An IAM pattern (`*` and `?` wildcards, case-insensitive) as the policy engine's glob: its matcher stays linear,
 * where a regular expression built from policy text backtracks exponentially on patterns like `*?*?*?…`.
 */
function actionPattern(pattern: string): { test(s: string): boolean } {
  const glob = Glob.compile(pattern.toLowerCase());
  return { test: (s) => glob.test(s.toLowerCase()) };
}

/** Whether an action pattern of the policy names at least one action the policy can delegate. */
function namesDelegatableAction(pattern: string): boolean {
  const re = actionPattern(pattern);
  for (const op of delegatableOperations()) if (re.test(`organizations:${op}`)) return true;
  return false;
}

/**
 * Whether a Resource entry can name something of this organization: `*`, or an ARN (wildcards allowed) whose
 * partition, service and account can be this partition's Organizations in the management account.
 */
function isOrganizationResource(resource: string, partition: string, managementAccountId: string): boolean {
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts.length < 6) return false;
  const [arn, arnPartition, service, region, account] = parts as [string, string, string, string, string];
  return (
    actionPattern(arn).test('arn') &&
    actionPattern(arnPartition).test(partition) &&
    actionPattern(service).test('organizations') &&
    actionPattern(region).test('') &&
    actionPattern(account).test(managementAccountId)
  );
}

/** Whether a statement names whom it is for, as a resource-based policy must. */
function hasPrincipal(s: PolicyStatement): boolean {
  return s.principal !== undefined || s.notPrincipal !== undefined;
}

/**
 * The first reason the content cannot be the organization's delegation policy, as InvalidInputException: not a
 * valid resource-based policy (INVALID_RESOURCE_POLICY_JSON), a statement naming no principal (INVALID_PRINCIPAL),
 * an action nothing can delegate (UNSUPPORTED_ACTION_IN_RESOURCE_POLICY), or a resource outside Organizations'
 * ARNs of this organization's management account (UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY).
 */
export function resourcePolicyContentError(content: string, partition: string, managementAccountId: string) {
  const grammarError = policyDocumentError(content, 'resource');
  if (grammarError !== undefined) {
    return invalidInput('INVALID_RESOURCE_POLICY_JSON', `The resource policy is not valid: ${grammarError}`);
  }
  const policy = parsePolicyGrammar(JSON.parse(content))!;
  for (const s of policy.statements) {
    if (!hasPrincipal(s)) {
      return invalidInput('INVALID_PRINCIPAL', 'You specified an invalid principal element in the policy.');
    }
    for (const action of s.action ?? s.notAction ?? []) {
      if (!namesDelegatableAction(action)) {
        return invalidInput(
          'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY',
          `The resource policy names an action it cannot delegate: ${action.slice(0, 128)}`,
        );
      }
    }
    for (const resource of s.resource ?? s.notResource ?? []) {
      if (!isOrganizationResource(resource, partition, managementAccountId)) {
        return invalidInput(
          'UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY',
          `The resource policy names a resource outside the organization: ${resource.slice(0, 256)}`,
        );
      }
    }
  }
  return undefined;
}
