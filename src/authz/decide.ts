// One decision with the caller's compiled policies: the same evaluation for enforcement, simulation and explain.
import {
  compilePolicy,
  type CompiledPolicy,
  evaluate,
  type ContextInput,
  type EvalPrincipal,
  type EvaluationResult,
  type PolicyGroupInput,
} from '../policy/index.js';
import type { OrganizationPolicies } from './organization-policies.js';
import type { ResolvedResource } from './resolve-resources.js';

/** STS actions a role's trust policy decides (the role is the resource, the trust policy its resource policy). */
const TRUST_POLICY_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

export interface DecisionRequest {
  readonly principal: EvalPrincipal;
  readonly action: string;
  readonly resource: ResolvedResource;
  readonly context: ContextInput;
  readonly identityPolicies?: PolicyGroupInput;
  readonly boundary?: PolicyGroupInput;
  readonly session?: PolicyGroupInput;
  /** A resource policy given outright (simulation); else the trust policy of a role resource for STS actions. */
  readonly resourcePolicy?: string | CompiledPolicy;
  readonly resourcePolicyId?: string;
  /** Simulation: the resource is a pattern (`*`), read as "some resource like this". */
  readonly resourceIsPattern?: boolean;
  /** The account owning the resource when its ARN names none (simulation's ResourceOwner). */
  readonly resourceAccount?: string;
  readonly organization?: OrganizationPolicies;
  readonly explain?: boolean;
}

/** The resource policy that takes part: the one given, or a role's trust policy for the AssumeRole family. */
function resourcePolicyOf(r: DecisionRequest) {
  if (r.resourcePolicy !== undefined) return compilePolicy(r.resourcePolicy, r.resourcePolicyId ?? 'ResourcePolicy');
  const trust = r.resource.entity?.trustPolicy;
  if (trust !== undefined && TRUST_POLICY_ACTIONS.has(r.action.toLowerCase()))
    return compilePolicy(trust, r.resource.arn);
  return undefined;
}

export function decide(r: DecisionRequest): EvaluationResult {
  const org = r.organization;
  return evaluate({
    action: r.action,
    resource: r.resource.arn,
    resourceIsPattern: r.resourceIsPattern,
    resourceAccount: r.resourceAccount,
    principal: org?.isManagementAccount ? { ...r.principal, isManagementAccount: true } : r.principal,
    // Left as given: the engine indexes it on the first condition that reads it, so most decisions never do.
    context: r.context,
    identityPolicies: r.identityPolicies,
    permissionsBoundaries: r.boundary,
    sessionPolicies: r.session,
    resourcePolicy: resourcePolicyOf(r),
    scps: org?.scps,
    rcps: org?.rcps,
    resourceInManagementAccount: org?.isManagementAccount,
    explain: r.explain,
  });
}
