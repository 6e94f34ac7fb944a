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
import { arnAccount } from '../policy/arn.js';
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
  /** The caller's account's guardrails: its SCPs bind the principal. */
  readonly organization?: OrganizationPolicies;
  /**
   * The guardrails of the account owning the resource, whose RCPs bind the resource (null: that account is in no
   * organization). Left out, it is the caller's own when the resource is in the caller's account, else none.
   */
  readonly resourceOrganization?: OrganizationPolicies | null;
  /** Overrides the engine's rule that a KMS key policy or role trust policy must itself allow (simulation). */
  readonly resourcePolicyRequired?: boolean;
  readonly explain?: boolean;
}

/**
 * The services whose resources RCPs govern (AWS Organizations' guide, "Resource control policies (RCPs)": Amazon
 * S3, AWS STS, AWS KMS, Amazon SQS and AWS Secrets Manager); an RCP says nothing of any other service's action.
 */
const RCP_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager']);

export function rcpGoverns(action: string): boolean {
  const colon = action.indexOf(':');
  return colon > 0 && RCP_SERVICES.has(action.slice(0, colon).toLowerCase());
}

/** The account owning the resource: the one given, else its ARN's, else (an account-less ARN) the caller's. */
function resourceAccountOf(r: DecisionRequest): string | undefined {
  if (r.resourceAccount !== undefined) return r.resourceAccount;
  const account = arnAccount(r.resource.arn);
  return account !== undefined && /^\d{12}$/.test(account) ? account : r.principal.accountId;
}

/** The guardrails whose RCPs bind the resource: those of the account owning it, never the caller's for another's. */
function resourceGuardrails(r: DecisionRequest): OrganizationPolicies | undefined {
  if (r.resourceOrganization !== undefined) return r.resourceOrganization ?? undefined;
  const owner = resourceAccountOf(r);
  return owner === undefined || owner === r.principal.accountId ? r.organization : undefined;
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
  const resourceOrg = rcpGoverns(r.action) ? resourceGuardrails(r) : undefined;
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
    rcps: resourceOrg?.rcps,
    resourceInManagementAccount: resourceOrg?.isManagementAccount,
    resourcePolicyRequired: r.resourcePolicyRequired,
    explain: r.explain,
  });
}
