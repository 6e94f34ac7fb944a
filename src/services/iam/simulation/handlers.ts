// IAM's policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the GetContextKeysFor* operations.
import { organizationPolicies, type OrganizationPolicies } from '../../../authz/organization-policies.js';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type {
  IAMOperations,
  OrderedOrganizationPolicyType,
  SimulateCustomPolicyRequest,
  SimulatePrincipalPolicyRequest,
  SimulatePolicyResponse,
} from '../../../aws/generated/iam.js';
import { principalFromArn, type EvalPrincipal } from '../../../policy/index.js';
import type { RequestContext } from '../../../core/runtime.js';
import { invalidInput } from '../errors.js';
import { paginate } from '../common.js';
import { contextFromEntries, contextKeysOf } from './context.js';
import { simulate, type SimulationSetup } from './evaluate.js';
import { inputPolicy, isExcluded, loadSimulationSource, type SimulationPolicy } from './policies.js';
import { refuseForeignSource } from './scope.js';

type H = Handlers<IAMOperations>;

const ACCOUNT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

function inputPolicies(documents: readonly string[] | undefined, listName: string): SimulationPolicy[] {
  return (documents ?? []).map((doc, i) => inputPolicy(doc, `${listName}.${i + 1}`));
}

function boundaryInput(documents: readonly string[] | undefined): SimulationPolicy | undefined {
  if (documents === undefined || documents.length === 0) return undefined;
  if (documents.length > 1) throw invalidInput('The list of Permissions Boundary policies cannot exceed 1 items.');
  return inputPolicy(documents[0], 'PermissionsBoundaryPolicyInputList.1');
}

/** The account a ResourceOwner (`arn:aws:iam::<account>:root`) names. */
function ownerAccount(resourceOwner: string | undefined, fallback: string): string {
  if (resourceOwner === undefined) return fallback;
  const m = ACCOUNT_ARN.exec(resourceOwner) ?? /^arn:[^:]+:iam::(\d{12}):/.exec(resourceOwner);
  if (!m) throw invalidInput(`Invalid ResourceOwner: ${resourceOwner}`);
  return m[1];
}

/** The simulated caller named by CallerArn: a user, group or role ARN (not a session nor a service). */
function callerPrincipal(callerArn: string): EvalPrincipal {
  if (!/^arn:[^:]+:iam::\d{12}:(user|role|group)\//.test(callerArn)) {
    throw invalidInput(`Invalid CallerArn: ${callerArn}. It must be the ARN of an IAM user, group, or role.`);
  }
  const principal = principalFromArn(callerArn);
  // A group is no principal of its own: it is simulated as a user of its account.
  return /:group\//.test(callerArn) ? { type: 'IAMUser', accountId: principal.accountId } : principal;
}

function resourcePolicyOf(document: string | undefined): SimulationPolicy | undefined {
  return document === undefined ? undefined : inputPolicy(document, 'ResourcePolicy');
}

/** SimulateCustomPolicy's SCP levels, root to account. */
function customOrganization(
  levels: readonly OrderedOrganizationPolicyType[] | undefined,
): OrganizationPolicies | undefined {
  if (levels === undefined || levels.length === 0) return undefined;
  const scps = levels.map((level, i) => {
    const docs = level.ServiceControlPolicyInputList ?? [];
    if (docs.length === 0) {
      throw invalidInput(`Organization policy at index ${i + 1} must contain at least one service control policy`);
    }
    const prefix = `OrderedOrganizationPolicyInputList.${i + 1}.ServiceControlPolicyInputList`;
    return {
      id: `OrderedOrganizationPolicyInputList.${i + 1}`,
      policies: inputPolicies(docs, prefix).map((p) => p.compiled),
    };
  });
  return { scps, isManagementAccount: false };
}

function respond(
  ctx: RequestContext,
  all: ReturnType<typeof simulate>,
  input: { Marker?: string; MaxItems?: number },
): SimulatePolicyResponse {
  const page = paginate(ctx, all, input);
  return page.IsTruncated
    ? { EvaluationResults: page.items, IsTruncated: true, Marker: page.Marker }
    : { EvaluationResults: page.items, IsTruncated: false };
}

export async function simulatePrincipalPolicy(
  ctx: RequestContext,
  input: SimulatePrincipalPolicyRequest,
): Promise<SimulatePolicyResponse> {
  refuseForeignSource(ctx, 'iam:SimulatePrincipalPolicy', input.PolicySourceArn);
  const source = await loadSimulationSource(ctx.runtime.store.db, input.PolicySourceArn, ctx.partition);
  const exclusions = input.PolicyExclusionList ?? [];
  const identity = [
    ...source.identity.filter((p) => !isExcluded(p, false, exclusions)),
    ...inputPolicies(input.PolicyInputList, 'PolicyInputList'),
  ];
  const storedBoundary =
    source.boundary && !isExcluded(source.boundary, true, exclusions) ? source.boundary : undefined;
  const resourcePolicy = resourcePolicyOf(input.ResourcePolicy);
  if (resourcePolicy && input.CallerArn === undefined && source.kind !== 'user') {
    throw invalidInput(
      'CallerArn must be specified when a ResourcePolicy is provided and PolicySourceArn is not an IAM user.',
    );
  }
  let principal: EvalPrincipal;
  if (input.CallerArn !== undefined) principal = callerPrincipal(input.CallerArn);
  else if (source.kind === 'group') principal = { type: 'IAMUser', accountId: source.accountId };
  else principal = principalFromArn(source.arn);
  const setup: SimulationSetup = {
    principal,
    principalAccount: principal.accountId ?? source.accountId,
    identity,
    boundary: boundaryInput(input.PermissionsBoundaryPolicyInputList) ?? storedBoundary,
    resourcePolicy,
    organization: await organizationPolicies(ctx.runtime, source.accountId),
    resourceOwner: ownerAccount(input.ResourceOwner, principal.accountId ?? source.accountId),
    context: contextFromEntries(input.ContextEntries),
    actions: input.ActionNames,
    resources: input.ResourceArns,
  };
  return respond(ctx, simulate(setup), input);
}

export async function simulateCustomPolicy(
  ctx: RequestContext,
  input: SimulateCustomPolicyRequest,
): Promise<SimulatePolicyResponse> {
  const resourcePolicy = resourcePolicyOf(input.ResourcePolicy);
  if (resourcePolicy && input.CallerArn === undefined) {
    throw invalidInput('CallerArn must be specified when a ResourcePolicy is provided.');
  }
  const account = ctx.identity.accountId;
  const principal: EvalPrincipal =
    input.CallerArn !== undefined ? callerPrincipal(input.CallerArn) : { type: 'IAMUser', accountId: account };
  const setup: SimulationSetup = {
    principal,
    principalAccount: principal.accountId ?? account,
    identity: inputPolicies(input.PolicyInputList, 'PolicyInputList'),
    boundary: boundaryInput(input.PermissionsBoundaryPolicyInputList),
    resourcePolicy,
    organization: customOrganization(input.OrderedOrganizationPolicyInputList),
    resourceOwner: ownerAccount(input.ResourceOwner, principal.accountId ?? account),
    context: contextFromEntries(input.ContextEntries),
    actions: input.ActionNames,
    resources: input.ResourceArns,
  };
  return respond(ctx, simulate(setup), input);
}

function keysOf(policies: readonly SimulationPolicy[]): string[] {
  const keys = new Map<string, string>();
  for (const p of policies) contextKeysOf(p.compiled.document, keys);
  return [...keys.values()];
}

export const getContextKeysForPrincipalPolicy: NonNullable<H['GetContextKeysForPrincipalPolicy']> = async (
  ctx,
  input,
) => {
  refuseForeignSource(ctx, 'iam:GetContextKeysForPrincipalPolicy', input.PolicySourceArn);
  const source = await loadSimulationSource(ctx.runtime.store.db, input.PolicySourceArn, ctx.partition);
  const policies = [...source.identity, ...inputPolicies(input.PolicyInputList, 'PolicyInputList')];
  return { ContextKeyNames: keysOf(policies) };
};

export const getContextKeysForCustomPolicy: NonNullable<H['GetContextKeysForCustomPolicy']> = async (_ctx, input) => {
  return { ContextKeyNames: keysOf(inputPolicies(input.PolicyInputList, 'PolicyInputList')) };
};
