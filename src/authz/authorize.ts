// Authorization of every request before its handler runs: AWS's decision, with AWS's denial.
import type { CallerIdentity } from '../aws/identity.js';
import { principalFromIdentity, type EvaluationResult } from '../policy/index.js';
import type { AccountDirectory } from '../core/authorization.js';
import type { RequestContext, ServiceAuthorization, ServiceDescriptor } from '../core/runtime.js';
import { iamPrefixes, loadActionCatalog, loadedActionCatalog, type ActionCatalog } from './action-catalog.js';
import { decide, rcpGoverns } from './decide.js';
import { arnAccount } from '../policy/arn.js';
import { accessDeniedError, accessDeniedMessage, authorizationMessage } from './denial.js';
import { operationPlan, type OperationPlan } from './operation-plan.js';
import { organizationPolicies, type OrganizationPolicies } from './organization-policies.js';
import { currentPolicyEpoch, readPolicyEpoch } from './policy-epoch.js';
import { principalPolicies, type PrincipalPolicies } from './principal-cache.js';
import { baseContext, resourceContext } from './request-context.js';
import {
  resolveChecks,
  resourceOverrides,
  type ResolvedCheck,
  type ResolvedResource,
  type ResolveEnv,
} from './resolve-resources.js';
import { loadModel, type ModelName } from '../aws/model.js';

/** The hooks of the request's service (src/core/runtime.ts, ServiceAuthorization); none: the generic rules. */
function hooksOf(ctx: RequestContext): ServiceAuthorization | undefined {
  return ctx.runtime.services.get(ctx.service)?.authorization;
}

/** Operations the generic rules leave alone: their handlers authorize themselves, or AWS allows every caller. */
function selfAuthorized(ctx: RequestContext): boolean {
  return hooksOf(ctx)?.selfAuthorizing?.has(ctx.operation) ?? false;
}

/**
 * Loads IAM's action catalog for the services (the runtime's) and prepares every operation's plan, so the request
 * path only reads tables. Call it at start-up; {@link authorize} also awaits it once if it was not.
 */
export async function prepareAuthorization(
  services: ReadonlyMap<ModelName, ServiceDescriptor>,
): Promise<ActionCatalog> {
  const catalog = await loadActionCatalog(iamPrefixes(services.values()));
  for (const service of services.keys()) {
    for (const operation of Object.keys(loadModel(service).operations)) operationPlan(catalog, service, operation);
  }
  return catalog;
}

async function planOf(ctx: RequestContext): Promise<OperationPlan> {
  const catalog = loadedActionCatalog() ?? (await prepareAuthorization(ctx.runtime.services));
  return operationPlan(catalog, ctx.service, ctx.operation);
}

/** Everything one request's decisions need, gathered once. */
export interface AuthorizationInputs {
  readonly checks: readonly ResolvedCheck[];
  readonly policies: PrincipalPolicies | undefined;
  readonly organization: OrganizationPolicies | undefined;
  readonly baseContext: Readonly<Record<string, import('../policy/index.js').ContextValue>>;
  /**
   * The guardrails of the other accounts owning resources the request acts on with an action RCPs govern (null: that
   * account is in no organization). Their RCPs bind their resources whoever the caller is; the caller's own account's
   * are `organization`.
   */
  readonly resourceOrganizations?: ReadonlyMap<string, OrganizationPolicies | null>;
}

/** The directories of the caller's account (at the epoch already read) and of any other account (read now). */
function directoryReader(ctx: RequestContext, epoch: string): (accountId: string) => Promise<AccountDirectory> {
  const db = ctx.runtime.store.db;
  return async (accountId) =>
    ctx.runtime.principals.directory(
      db,
      accountId,
      accountId === ctx.identity.accountId ? epoch : await readPolicyEpoch(db, accountId),
    );
}

const TWELVE_DIGITS = /^\d{12}$/;

/** The account a resource is decided as belonging to: its resource policy's, its own, else its ARN's. */
function ownerOf(resource: ResolvedResource): string | undefined {
  const owner = resource.resourcePolicy?.account ?? resource.account ?? arnAccount(resource.arn);
  return owner !== undefined && TWELVE_DIGITS.test(owner) ? owner : undefined;
}

/**
 * The guardrails of every other account whose resource the request acts on with an action RCPs govern (a KMS key of
 * another account): loaded from that account's organization path, cached per organizations epoch like the caller's.
 */
async function otherOwnersGuardrails(
  ctx: RequestContext,
  checks: readonly ResolvedCheck[],
): Promise<ReadonlyMap<string, OrganizationPolicies | null> | undefined> {
  if (ctx.runtime.organizations === undefined) return undefined;
  const owners = new Set<string>();
  for (const check of checks) {
    if (!rcpGoverns(check.action)) continue;
    for (const resource of check.resources) {
      const owner = ownerOf(resource);
      if (owner !== undefined && owner !== ctx.identity.accountId) owners.add(owner);
    }
  }
  if (owners.size === 0) return undefined;
  const found = new Map<string, OrganizationPolicies | null>();
  for (const owner of owners) {
    found.set(owner, (await organizationPolicies(ctx.runtime, owner, ctx.identity)) ?? null);
  }
  return found;
}

/** Resolves the request's resources, loads the caller's policies and builds its context. */
export async function gatherAuthorizationInputs(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  plan: OperationPlan,
  organization: OrganizationPolicies | undefined,
): Promise<AuthorizationInputs> {
  const { identity } = ctx;
  const db = ctx.runtime.store.db;
  const epoch = await currentPolicyEpoch(db, identity);
  const env: ResolveEnv = {
    identity,
    partition: ctx.partition,
    region: ctx.region,
    operation: ctx.operation,
    input,
    directory: directoryReader(ctx, epoch),
    organizations: ctx.runtime.organizations?.directory(db),
    db,
  };
  const resolveResources = hooksOf(ctx)?.resolveResources;
  const [checks, policies] = await Promise.all([
    resolveChecks(env, plan, resourceOverrides(ctx.runtime.services)).then(
      (resolved) => resolveResources?.(ctx, input, resolved) ?? resolved,
    ),
    identity.type === 'Root' ? undefined : principalPolicies(ctx.runtime, identity, epoch),
  ]);
  const resourceOrganizations = await otherOwnersGuardrails(ctx, checks);
  const base = baseContext({
    identity,
    sourceIp: ctx.sourceIp,
    userAgent: ctx.userAgent,
    secureTransport: ctx.secureTransport,
    region: ctx.region,
    receivedAt: ctx.receivedAt,
    servicePrefix: plan.servicePrefix,
    input,
    principalTags: policies?.tags ?? {},
  });
  if (organization?.orgId !== undefined) {
    // The caller's organization; a resource of its own account is in the same one.
    base['aws:PrincipalOrgID'] = organization.orgId;
    base['aws:ResourceOrgID'] = organization.orgId;
    if (organization.orgPath !== undefined) {
      base['aws:PrincipalOrgPaths'] = [organization.orgPath];
      base['aws:ResourceOrgPaths'] = [organization.orgPath];
    }
  }
  return { checks, policies, organization, baseContext: base, resourceOrganizations };
}

/** One (action, resource) the request was decided on. */
export interface ResourceDecision {
  readonly check: ResolvedCheck;
  readonly resource: ResolvedResource;
  readonly result: EvaluationResult;
  readonly context: Record<string, unknown>;
}

/** Decides one (action, resource) of the request. */
function decideOne(
  identity: CallerIdentity,
  principal: ReturnType<typeof principalFromIdentity>,
  inputs: AuthorizationInputs,
  check: ResolvedCheck,
  resource: ResolvedResource,
  explain: boolean,
): ResourceDecision {
  const owner = inputs.resourceOrganizations === undefined ? undefined : ownerOf(resource);
  // Another account's guardrails (null: in no organization); undefined leaves decide() to the caller's own.
  const ownerOrganization = owner === undefined ? undefined : inputs.resourceOrganizations?.get(owner);
  const context = resourceContext(inputs.baseContext, identity, check, resource, ownerOrganization ?? undefined);
  const result = decide({
    principal,
    action: check.action,
    resource,
    context,
    identityPolicies: inputs.policies?.identity,
    boundary: inputs.policies?.boundary,
    session: inputs.policies?.session,
    // A resource's own policy (a KMS key's) decides beside the caller's: it must allow, even in its account.
    resourcePolicy: resource.resourcePolicy?.document,
    // Named as the service's denial names it (never appended as a policy ARN).
    resourcePolicyId: resource.resourcePolicy?.id,
    resourceAccount: resource.resourcePolicy?.account ?? resource.account,
    resourcePolicyRequired: resource.resourcePolicyRequired,
    organization: inputs.organization,
    resourceOrganization: ownerOrganization,
    explain,
  });
  return { check, resource, result, context };
}

/**
 * Decides every (action, resource) of the request; the first one not allowed is returned with its details.
 * `granted` holds resources whose grants already allowed what the policies did not.
 */
export function decideAll(
  identity: CallerIdentity,
  inputs: AuthorizationInputs,
  explain = false,
  granted: Pick<ReadonlySet<ResolvedResource>, 'has'> = NONE_GRANTED,
): ResourceDecision | undefined {
  const principal = principalFromIdentity(identity);
  for (const check of inputs.checks) {
    for (const resource of check.resources) {
      if (granted.has(resource)) continue;
      const decided = decideOne(identity, principal, inputs, check, resource, explain);
      if (decided.result.decision !== 'Allowed') return decided;
    }
  }
  return undefined;
}

const NONE_GRANTED: ReadonlySet<ResolvedResource> = new Set();

/** The checks on resources that carry their own resource policy (what binds an otherwise unbound root user). */
function onlyResourcePolicies(inputs: AuthorizationInputs): AuthorizationInputs {
  const checks = inputs.checks.map((c) => ({
    ...c,
    resources: c.resources.filter((r) => r.resourcePolicy !== undefined),
  }));
  return { ...inputs, checks };
}

/** How a request was decided when no policy was evaluated. */
export type UnevaluatedBasis = 'anonymous' | 'self-authorizing' | 'root';

/** One (action, resource) with every statement that applied, and what besides policies allowed it (a grant). */
export interface ExplainedStep extends ResourceDecision {
  /** What allowed what the policies left implicitly denied (the service's grantAllows hook), if anything did. */
  readonly allowedBy?: string;
}

/** The decision on one request, as enforcement makes it. */
export interface RequestDecision {
  readonly decision: EvaluationResult['decision'];
  /** Set when no policy was evaluated: unsigned, left to the handler, or a root user nothing binds. */
  readonly basis?: UnevaluatedBasis;
  /** The first (action, resource) not allowed (what the denial names). */
  readonly denied?: ResourceDecision;
  /** With `explain`: every (action, resource) decided, each with all the statements that applied. */
  readonly steps?: readonly ExplainedStep[];
  /** The inputs decided on (absent when no policy was evaluated). */
  readonly inputs?: AuthorizationInputs;
}

export interface DecideOptions {
  /** Trace every (action, resource): every statement that applied, and what allowed beside policies. */
  readonly explain?: boolean;
  /**
   * Narrows or adjusts the inputs before deciding (warden explain: the one action and resource asked about, the
   * context keys given on the command line). Enforcement passes none.
   */
  readonly adjust?: (inputs: AuthorizationInputs) => AuthorizationInputs;
}

/**
 * The decision on a request, as AWS makes it: the one function behind enforcement ({@link authorize}) and
 * `warden explain`, so the two cannot drift. The root user is unrestricted in its own account unless Organizations'
 * SCPs apply (see organization-policies.ts); unsigned operations (Anonymous) authorize themselves. The service's
 * hooks (ServiceAuthorization) add the rest: a resource's own policy (a KMS key's) takes part in every request on
 * it, root included where the service says so, and a grant allows what the policies left implicitly denied. The
 * caller's compiled policies are cached per principal and reused until an IAM change moves the account's policy
 * epoch, so an allowed request costs no I/O of its own.
 */
export async function decideRequest(
  ctx: RequestContext,
  input: Record<string, unknown>,
  options: DecideOptions = {},
): Promise<RequestDecision> {
  const { identity } = ctx;
  if (identity.type === 'Anonymous') return { decision: 'Allowed', basis: 'anonymous' };
  if (selfAuthorized(ctx)) return { decision: 'Allowed', basis: 'self-authorizing' };
  const hooks = hooksOf(ctx);
  const plan = await planOf(ctx);
  const organization = await organizationPolicies(ctx.runtime, identity.accountId, identity);
  // The root user answers to no policy of its account; only an organization's SCPs and RCPs can stop it, and
  // neither applies in the management account. A service's resource policies may bind root too (a KMS key's).
  const rootUnbound = identity.type === 'Root' && (organization === undefined || organization.isManagementAccount);
  if (rootUnbound && hooks?.resourcePoliciesBindRoot !== true) return { decision: 'Allowed', basis: 'root' };

  const gathered = await gatherAuthorizationInputs(ctx, input, plan, organization);
  const adjusted = options.adjust?.(gathered) ?? gathered;
  // An otherwise unbound root user is decided on those resource policies alone; the rest is the handler's to answer.
  const inputs = rootUnbound ? onlyResourcePolicies(adjusted) : adjusted;
  // Grants (KMS's) allow what the policies left implicitly denied on a resource (never an explicit deny).
  const grantAllows = hooks?.grantAllows;
  const granted = new Map<ResolvedResource, string>();
  let denied = decideAll(identity, inputs, false, granted);
  while (denied !== undefined && denied.result.decision === 'ImplicitlyDenied' && grantAllows !== undefined) {
    const allowed = await grantAllows(ctx, identity, input, denied.check.action, denied.resource);
    if (allowed === false) break;
    granted.set(denied.resource, allowed === true ? 'a grant' : allowed.by);
    denied = decideAll(identity, inputs, false, granted);
  }
  const decision = denied?.result.decision ?? 'Allowed';
  if (options.explain !== true) return { decision, denied, inputs };
  const principal = principalFromIdentity(identity);
  const steps: ExplainedStep[] = [];
  trace: for (const check of inputs.checks) {
    for (const resource of check.resources) {
      const step = decideOne(identity, principal, inputs, check, resource, true);
      const allowedBy = granted.get(resource);
      steps.push(allowedBy === undefined ? step : { ...step, allowedBy });
      // Enforcement stops at the first (action, resource) not allowed: so does the trace.
      if (step.result.decision !== 'Allowed' && allowedBy === undefined) break trace;
    }
  }
  return { decision, denied, steps, inputs };
}

/** Authorizes the request as AWS would ({@link decideRequest}), or throws AWS's AccessDenied / AccessDeniedException. */
export async function authorize(ctx: RequestContext, input: Record<string, unknown>): Promise<void> {
  const { denied, inputs } = await decideRequest(ctx, input);
  if (denied === undefined || inputs === undefined) return;
  const { identity } = ctx;
  const { check, resource, result } = denied;
  // The denial path only: evaluate again, explaining, for the sealed message.
  const explained = decideAll(identity, { ...inputs, checks: [{ ...check, resources: [resource] }] }, true);
  const message = accessDeniedMessage(ctx.service, identity.arn, check.action, resource, result);
  const details = authorizationMessage(
    identity,
    check.action,
    resource.arn,
    denied.context,
    explained?.result ?? result,
  );
  throw accessDeniedError(ctx.service, message, ctx.runtime.secrets, details);
}
