// `warden explain`'s engine: one decision for a stored principal or policy files, with the statements that made it.
import { readFile } from 'node:fs/promises';
import type { CallerIdentity } from '../aws/identity.js';
import {
  compilePolicy,
  PolicySet,
  principalFromIdentity,
  type CompiledPolicy,
  type ContextValue,
  type Decision,
  type EvaluationResult,
} from '../policy/index.js';
import { loadModel, type ModelName } from '../aws/model.js';
import type { RequestContext, Runtime, ServiceDescriptor } from '../core/runtime.js';
import type { ActionCatalog } from './action-catalog.js';
import { loadedActionCatalog } from './action-catalog.js';
import { decideRequest, prepareAuthorization, type AuthorizationInputs, type UnevaluatedBasis } from './authorize.js';
import { decide } from './decide.js';
import { operationPlan, type OperationPlan } from './operation-plan.js';
import type { ResolvedResource } from './resolve-resources.js';
import { accessDeniedMessage } from './denial.js';
import { readPolicyEpoch } from './policy-epoch.js';
import { principalPolicies, type PrincipalPolicies } from './principal-cache.js';
import { isoSeconds } from './request-context.js';

export interface ExplainOptions {
  /** A user or role ARN in the store. */
  principal?: string;
  /** Policy documents (files) evaluated as identity policies, besides the principal's own. */
  policyFiles?: string[];
  action: string;
  /** Defaults to `*`. */
  resource?: string;
  /** `key=value` pairs; a key given twice is multivalued. */
  context?: string[];
  /** The account of a `--policy-file`-only decision (default: the store's first account). */
  accountId?: string;
  /** The Region of the request when the resource ARN names none (default us-east-1). */
  region?: string;
  now?: Date;
}

/** One (action, resource) enforcement decided, in its order. */
export interface ExplainStep {
  readonly action: string;
  /** The resource as decided (a KMS alias resolved to its key). */
  readonly resource: string;
  /** The step's decision, a grant included. */
  readonly decision: Decision;
  /** What allowed what the policies left implicitly denied (`grant <id>`). */
  readonly allowedBy?: string;
  /** The policies' verdict, with every statement that applied. */
  readonly result: EvaluationResult;
}

export interface ExplainReport {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  /** The request's decision, as enforcement makes it (grants included). */
  readonly decision: Decision;
  /** The policies' verdict on the deciding (action, resource), with every statement that applied. */
  readonly result: EvaluationResult;
  /** Every (action, resource) enforcement decided, when the decision was enforcement's (a stored principal). */
  readonly steps?: readonly ExplainStep[];
  /** Why no policy was evaluated (an unrestricted root user, an operation its handler authorizes). */
  readonly basis?: UnevaluatedBasis;
  /** AWS's AccessDenied message for a denial. */
  readonly message?: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

const PRINCIPAL_ARN = /^arn:([^:]+):iam::(\d{12}):(user|role)(\/(?:.*\/)?)?([^/]+)$/;

export class ExplainError extends Error {}

/**
 * What explaining reads: the store, the identity store the principal is found in, the organizations, and the
 * services whose authorization hooks decide their requests (without them only the principal's policies are read).
 */
export type ExplainRuntime = Pick<Runtime, 'store' | 'principals'> &
  Partial<Pick<Runtime, 'organizations' | 'services'>>;

/** The identity a stored user or role acts as: the user itself, or a session of the role. */
async function storedIdentity(runtime: ExplainRuntime, arn: string, now: Date): Promise<CallerIdentity> {
  const m = PRINCIPAL_ARN.exec(arn);
  if (!m) throw new ExplainError(`--principal must be the ARN of an IAM user or role: ${arn}`);
  // Groups 1, 2, 3 and 5 take part in every match (4, the optional path, is not needed).
  const [partition, accountId, kind, name] = [m[1]!, m[2]!, m[3]!, m[5]!];
  const epoch = await readPolicyEpoch(runtime.store.db, accountId);
  const dir = runtime.principals.directory(runtime.store.db, accountId, epoch);
  if (kind === 'user') {
    const user = await dir.user(name);
    if (!user) throw new ExplainError(`The user with name ${name} cannot be found.`);
    return {
      type: 'IAMUser',
      accountId,
      partition,
      arn: `arn:${partition}:iam::${accountId}:user${user.path}${user.name}`,
      principalId: user.id,
      userName: user.name,
    };
  }
  const role = await dir.role(name);
  if (!role) throw new ExplainError(`The role with name ${name} cannot be found.`);
  const roleArn = `arn:${partition}:iam::${accountId}:role${role.path}${role.name}`;
  return {
    type: 'AssumedRole',
    accountId,
    partition,
    arn: `arn:${partition}:sts::${accountId}:assumed-role/${role.name}/warden-explain`,
    principalId: `${role.id}:warden-explain`,
    session: {
      kind: 'AssumeRole',
      issuer: { type: 'Role', principalId: role.id, arn: roleArn, accountId, userName: role.name },
      creationDate: now,
      expiration: new Date(now.getTime() + 3600_000),
      mfaAuthenticated: false,
    },
  };
}

function parseContext(pairs: readonly string[]): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ExplainError(`--context expects key=value, got: ${pair}`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const prev = ctx[key];
    ctx[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [String(prev)]), value];
  }
  return ctx;
}

async function policyFilesSet(files: readonly string[]): Promise<ReturnType<typeof compilePolicy>[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return compilePolicy(await readFile(file, 'utf8'), file);
      } catch (err) {
        throw new ExplainError(`${file}: ${(err as Error).message}`);
      }
    }),
  );
}

/** The service whose IAM prefix the action carries, among the runtime's (undefined: none serves it). */
function serviceOfAction(
  services: ReadonlyMap<ModelName, ServiceDescriptor>,
  action: string,
): ServiceDescriptor | undefined {
  const prefix = action.slice(0, action.indexOf(':')).toLowerCase();
  for (const service of services.values()) if (service.iamPrefix.toLowerCase() === prefix) return service;
  return undefined;
}

/**
 * The operation whose authorization checks the action: the one named like it (`kms:Decrypt` → Decrypt), else the
 * first whose plan checks it (`kms:ReEncryptFrom` → ReEncrypt); undefined when no modelled operation does.
 */
function operationOfAction(catalog: ActionCatalog, service: ModelName, action: string): OperationPlan | undefined {
  const wanted = action.toLowerCase();
  const operations = Object.keys(loadModel(service).operations);
  const named = operations.find((op) => `${action.slice(0, action.indexOf(':'))}:${op}`.toLowerCase() === wanted);
  const ordered = named === undefined ? operations : [named, ...operations.filter((op) => op !== named)];
  for (const operation of ordered) {
    const plan = operationPlan(catalog, service, operation);
    if (plan.checks.some((c) => c.action.toLowerCase() === wanted)) return plan;
  }
  return undefined;
}

/**
 * The request input that names `resource` for the action, as a client would send it: the whole ARN in the first
 * member that may name a resource of its type (KeyId for a KMS key). Nothing else is set: authorization reads only
 * identifying members.
 */
function inputNaming(plan: OperationPlan, action: string, resource: string): Record<string, unknown> {
  if (resource === '*') return {};
  const checks = plan.checks.filter((c) => c.action.toLowerCase() === action.toLowerCase());
  for (const check of checks) {
    for (const type of check.resourceTypes) {
      const member = type.arnMembers[0];
      if (member !== undefined && type.pattern.test(resource)) return { [member]: resource };
    }
  }
  // Another ARN the member accepts (a KMS alias ARN in KeyId): the service's hooks resolve it, as for a call.
  const member = checks[0]?.resourceTypes[0]?.arnMembers[0];
  return member === undefined ? {} : { [member]: resource };
}

const ARN_REGION = /^arn:[^:]+:[^:]*:([a-z0-9-]+):/;

/** Keys the command line cannot know of a request (no network, no client): present only when given with --context. */
const UNKNOWN_REQUEST_KEYS = ['aws:SourceIp', 'aws:SecureTransport', 'aws:UserAgent'];

/**
 * Narrows the inputs to the one action and resource asked about, and lays the --context values over every context
 * (they win over what the request would have carried). A resource the service resolved to another (a KMS alias to
 * its key) is kept as resolved.
 */
function askedAbout(
  inputs: AuthorizationInputs,
  action: string,
  resource: string,
  given: Readonly<Record<string, ContextValue>>,
  extraIdentityPolicies: readonly CompiledPolicy[],
): AuthorizationInputs {
  const base: Record<string, ContextValue> = { ...inputs.baseContext };
  for (const key of UNKNOWN_REQUEST_KEYS) delete base[key];
  Object.assign(base, given);
  const asked: ResolvedResource = { arn: resource, display: resource };
  const checks = inputs.checks
    .filter((c) => c.action.toLowerCase() === action.toLowerCase())
    .map((c) => {
      // `*` asks about the action on any resource: no one resource (nor its policy) is resolved. A resource the
      // service found no trace of (a KMS key that does not exist, which a call answers NotFound) is decided as given.
      const exact = c.resources.filter((r) => r.arn === resource);
      const chosen =
        resource === '*' ? [asked] : exact.length > 0 ? exact : c.resources.length > 0 ? c.resources : [asked];
      const resources = chosen.map((r) =>
        r.context === undefined ? r : { ...r, context: { ...r.context, ...(given as Record<string, string>) } },
      );
      return { ...c, resources };
    });
  const policies =
    inputs.policies === undefined || extraIdentityPolicies.length === 0
      ? inputs.policies
      : {
          ...inputs.policies,
          identity: new PolicySet([...inputs.policies.identity.policies, ...extraIdentityPolicies]),
        };
  return { ...inputs, checks, policies, baseContext: base };
}

/**
 * Decides the action on the resource for a stored principal through enforcement's own decision (decideRequest): the
 * request a client would send for it is built (the operation checking the action, the resource in its identifying
 * member), so the service's hooks resolve it (a KMS key with its key policy and condition keys), grants are asked,
 * and the organization's SCPs and RCPs (the resource owner's too) take part, exactly as for a real call.
 */
async function explainAsEnforced(
  runtime: ExplainRuntime & { readonly services: ReadonlyMap<ModelName, ServiceDescriptor> },
  service: ServiceDescriptor,
  plan: OperationPlan,
  identity: CallerIdentity,
  options: ExplainOptions,
  extra: readonly CompiledPolicy[],
  now: Date,
): Promise<ExplainReport> {
  const resource = options.resource ?? '*';
  const region = ARN_REGION.exec(resource)?.[1] ?? options.region ?? 'us-east-1';
  const ctx: RequestContext = {
    requestId: 'warden-explain',
    service: service.model,
    operation: plan.operation,
    region,
    partition: identity.partition,
    identity,
    sourceIp: '',
    userAgent: '',
    secureTransport: true,
    receivedAt: now,
    // Authorization reads only the store, the identity store, the organizations and the services (ExplainRuntime).
    runtime: runtime as Runtime,
    audit: {},
  };
  const given = parseContext(options.context ?? []);
  const decided = await decideRequest(ctx, inputNaming(plan, options.action, resource), {
    explain: true,
    adjust: (inputs) => askedAbout(inputs, options.action, resource, given, extra),
  });
  const steps = decided.steps ?? [];
  // The step that decided: the one denied, else the last one allowed.
  const deciding = steps.at(-1);
  const decidedResource = deciding?.resource ?? { arn: resource, display: resource };
  const result: EvaluationResult = deciding?.result ?? {
    decision: decided.decision,
    action: options.action,
    reason: { kind: decided.basis === 'root' ? 'root' : 'alwaysAllowed', explicit: false },
    matched: [],
    blockedBy: [],
  };
  const message =
    decided.denied === undefined
      ? undefined
      : accessDeniedMessage(
          service.model,
          identity.arn,
          decided.denied.check.action,
          decidedResource,
          decided.denied.result,
        );
  return {
    principalArn: identity.arn,
    action: options.action,
    resource,
    decision: decided.decision,
    result,
    message,
    context: (deciding?.context ?? {}) as Record<string, ContextValue>,
    steps: steps.map((s) => ({
      action: s.check.action,
      resource: s.resource.arn,
      decision: s.allowedBy === undefined ? s.result.decision : 'Allowed',
      ...(s.allowedBy === undefined ? {} : { allowedBy: s.allowedBy }),
      result: s.result,
    })),
    ...(decided.basis === undefined ? {} : { basis: decided.basis }),
  };
}

/**
 * Decides the action on the resource as authorize would for that principal, explaining every statement. A stored
 * principal acting on a served service's action is decided by enforcement's own decision (explainAsEnforced); policy
 * files alone, or an action no served service checks, are evaluated on the policies given (no resource policy).
 */
export async function explainDecision(runtime: ExplainRuntime, options: ExplainOptions): Promise<ExplainReport> {
  const now = options.now ?? new Date();
  if (options.principal === undefined && (options.policyFiles ?? []).length === 0) {
    throw new ExplainError('give --principal <arn> or --policy-file <file>');
  }
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(options.action)) {
    throw new ExplainError(`--action must be service:Action, e.g. kms:Decrypt: ${options.action}`);
  }
  const extra = await policyFilesSet(options.policyFiles ?? []);
  let identity: CallerIdentity | undefined;
  if (options.principal !== undefined) {
    identity = await storedIdentity(runtime, options.principal, now);
    const services = runtime.services;
    const service = services === undefined ? undefined : serviceOfAction(services, options.action);
    if (services !== undefined && service !== undefined) {
      const catalog = loadedActionCatalog() ?? (await prepareAuthorization(services));
      const plan = operationOfAction(catalog, service.model, options.action);
      if (plan !== undefined) {
        return explainAsEnforced({ ...runtime, services }, service, plan, identity, options, extra, now);
      }
    }
  }
  let stored: PrincipalPolicies | undefined;
  if (identity !== undefined) {
    const epoch = await readPolicyEpoch(runtime.store.db, identity.accountId);
    stored = await principalPolicies(runtime, identity, epoch);
  }
  const accountId = identity?.accountId ?? options.accountId;
  if (accountId === undefined) throw new ExplainError('give --account <id> with --policy-file and no --principal');
  const identityPolicies = new PolicySet([...(stored?.identity.policies ?? []), ...extra]);
  const principal = identity ? principalFromIdentity(identity) : { type: 'IAMUser' as const, accountId };
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(now),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
  for (const [k, v] of Object.entries(stored?.tags ?? {})) context[`aws:PrincipalTag/${k}`] = v;
  Object.assign(context, parseContext(options.context ?? []));
  const resource = options.resource ?? '*';
  const decision = {
    principal,
    action: options.action,
    resource: { arn: resource, display: resource },
    context,
    identityPolicies,
    boundary: stored?.boundary,
    session: stored?.session,
  };
  const result = decide({ ...decision, explain: true });
  const principalArn = identity?.arn ?? `(policy files, account ${accountId})`;
  const message =
    result.decision === 'Allowed'
      ? undefined
      : accessDeniedMessage('iam', principalArn, options.action, decision.resource, decide(decision));
  return { principalArn, action: options.action, resource, decision: result.decision, result, message, context };
}

const DECISION_TEXT = {
  Allowed: 'ALLOWED',
  ImplicitlyDenied: 'DENIED (implicit)',
  ExplicitlyDenied: 'DENIED (explicit)',
};

const BASIS_TEXT: Readonly<Record<UnevaluatedBasis, string>> = {
  anonymous: 'an unsigned request (its operation authorizes itself)',
  'self-authorizing': "the operation's handler authorizes it (e.g. a role's trust policy for AssumeRole)",
  root: "the account's root user, which no policy of its account restricts",
};

/** The report as `warden explain` prints it. */
export function formatExplainReport(report: ExplainReport): string {
  const { result } = report;
  const lines = [
    `Decision:  ${DECISION_TEXT[report.decision]}`,
    `Principal: ${report.principalArn}`,
    `Action:    ${report.action}`,
    `Resource:  ${report.resource}`,
  ];
  if (report.message) lines.push(`Message:   ${report.message}`);
  if (report.basis !== undefined) lines.push(`Basis:     ${BASIS_TEXT[report.basis]}`);
  const steps = report.steps ?? [];
  if (steps.length > 1 || steps.some((s) => s.resource !== report.resource || s.allowedBy !== undefined)) {
    lines.push('Decided on:');
    for (const s of steps) {
      const by =
        s.allowedBy === undefined ? '' : ` (policies: ${DECISION_TEXT[s.result.decision]}; allowed by ${s.allowedBy})`;
      lines.push(`  ${s.action} on ${s.resource}: ${DECISION_TEXT[s.decision]}${by}`);
    }
  }
  const layers = Object.entries(result.layers ?? {});
  if (layers.length > 0) lines.push(`Policy types: ${layers.map(([t, d]) => `${t}=${d}`).join(', ')}`);
  if (result.matched.length === 0) lines.push('Matched statements: none');
  else {
    lines.push('Matched statements:');
    for (const m of result.matched) {
      const where = m.start ? ` (line ${m.start.line}, column ${m.start.column})` : '';
      const sid = m.sid !== undefined ? ` Sid ${m.sid}` : '';
      lines.push(
        `  ${m.effect.padEnd(5)} ${m.policyType.padEnd(8)} ${m.policyId} statement ${m.statementIndex}${sid}${where}`,
      );
    }
  }
  const missing = result.missingContextValues ?? [];
  if (missing.length > 0) lines.push(`Missing context values: ${missing.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
