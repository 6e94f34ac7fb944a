// The simulator's evaluation: every action on every resource, decided by the same code that enforces requests.
import { decide } from '../../../authz/decide.js';
import { policyTypeName } from '../../../authz/denial.js';
import type { OrganizationPolicies } from '../../../authz/organization-policies.js';
import type {
  EvaluationResult as SimulationResult,
  PolicyEvaluationDecisionType,
  ResourceSpecificResult,
  Statement,
} from '../../../aws/generated/iam.js';
import {
  PolicySet,
  type ContextInput,
  type Decision,
  type EvalPrincipal,
  type EvaluationResult,
  type MatchedStatement,
} from '../../../policy/index.js';
import type { SimulationPolicy } from './policies.js';

export interface SimulationSetup {
  readonly principal: EvalPrincipal;
  /** The account of the simulated principal (cross-account requests are told apart by it). */
  readonly principalAccount: string;
  readonly identity: readonly SimulationPolicy[];
  readonly boundary?: SimulationPolicy;
  readonly resourcePolicy?: SimulationPolicy;
  readonly organization?: OrganizationPolicies;
  /** Owner of resources whose ARN names no account (ResourceOwner, else the caller's account). */
  readonly resourceOwner: string;
  readonly context: ContextInput;
  readonly actions: readonly string[];
  /** ResourceArns; `*` when none were given. */
  readonly resources: readonly string[] | undefined;
}

const DECISIONS: Record<Decision, PolicyEvaluationDecisionType> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

function accountOf(resource: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
}

/**
 * The statements that decided, as the simulator lists them: the explicit denies of an explicitly denied request
 * (only them), the allows of the identity and resource policies of an allowed one, none for an implicit deny.
 */
function decidingStatements(result: EvaluationResult): Statement[] {
  let chosen: readonly MatchedStatement[];
  if (result.decision === 'ExplicitlyDenied') chosen = result.matched.filter((m) => m.effect === 'Deny');
  else if (result.decision === 'Allowed') {
    chosen = result.matched.filter(
      (m) => m.effect === 'Allow' && (m.policyType === 'identity' || m.policyType === 'resource'),
    );
  } else chosen = [];
  const seen = new Set<string>();
  const out: Statement[] = [];
  for (const m of chosen) {
    const key = `${m.policyType}|${m.policyId}|${m.statementIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const statement: Statement = {
      SourcePolicyId: m.policyId,
      SourcePolicyType: policyTypeName(m.policyType) as Statement['SourcePolicyType'],
    };
    if (m.start) statement.StartPosition = { Line: m.start.line, Column: m.start.column };
    if (m.end) statement.EndPosition = { Line: m.end.line, Column: m.end.column };
    out.push(statement);
  }
  return out;
}

/** Per policy type, how it decided, for cross-account simulations (AWS leaves it empty within one account). */
function decisionDetails(
  result: EvaluationResult,
  crossAccount: boolean,
): Record<string, PolicyEvaluationDecisionType> {
  if (!crossAccount) return {};
  const details: Record<string, PolicyEvaluationDecisionType> = {};
  for (const [type, decision] of Object.entries(result.layers ?? {}))
    details[policyTypeName(type)] = DECISIONS[decision];
  return details;
}

/** Runs the simulation: one result per action and resource, in request order. */
export function simulate(setup: SimulationSetup): SimulationResult[] {
  const identity = new PolicySet(setup.identity.map((p) => p.compiled));
  const boundary = setup.boundary ? new PolicySet([setup.boundary.compiled]) : undefined;
  const named = setup.resources !== undefined && setup.resources.length > 0;
  const resources = named ? setup.resources! : ['*'];
  const results: SimulationResult[] = [];
  for (const action of setup.actions) {
    for (const resource of resources) {
      const resourceAccount = accountOf(resource) ?? setup.resourceOwner;
      const result = decide({
        principal: setup.principal,
        action,
        resource: { arn: resource, display: resource },
        resourceIsPattern: /[*?]/.test(resource),
        resourceAccount,
        context: setup.context,
        identityPolicies: identity,
        boundary,
        resourcePolicy: setup.resourcePolicy?.compiled,
        // The simulator evaluates the policies it is given or the principal holds, and a resource policy only
        // when the request supplies one: a KMS key's key policy or a role's trust policy is never added silently,
        // so without one the identity policies decide even where enforcement needs the resource's own policy.
        resourcePolicyRequired: setup.resourcePolicy === undefined ? false : undefined,
        organization: setup.organization,
        explain: true,
      });
      const decision = DECISIONS[result.decision];
      const matched = decidingStatements(result);
      const missing = [...(result.missingContextValues ?? [])];
      const entry: SimulationResult = {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision,
        MatchedStatements: matched,
        MissingContextValues: named ? [] : missing,
      };
      const layers = result.layers ?? {};
      if (layers.scp !== undefined)
        entry.OrganizationsDecisionDetail = { AllowedByOrganizations: layers.scp === 'Allowed' };
      if (layers.boundary !== undefined) {
        entry.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: layers.boundary === 'Allowed' };
      }
      if (named) {
        const crossAccount = resourceAccount !== setup.principalAccount;
        entry.EvalDecisionDetails = decisionDetails(result, crossAccount);
        const specific: ResourceSpecificResult = {
          EvalResourceName: resource,
          EvalResourceDecision: decision,
          MatchedStatements: matched,
          MissingContextValues: missing,
        };
        if (crossAccount) specific.EvalDecisionDetails = entry.EvalDecisionDetails;
        if (entry.PermissionsBoundaryDecisionDetail) {
          specific.PermissionsBoundaryDecisionDetail = entry.PermissionsBoundaryDecisionDetail;
        }
        entry.ResourceSpecificResults = [specific];
      }
      results.push(entry);
    }
  }
  return results;
}
