// Request time: the resource ARNs an operation acts on, built from its input by the operation's plan.
import type { CallerIdentity } from '../aws/identity.js';
import type {
  CheckPlan,
  EntityFacts,
  OperationPlan,
  OverrideMembers,
  ResolveEnv,
  ResolvedCheck,
  ResolvedResource,
  ResourceOverride,
  ResourcePlan,
  VariableSource,
} from '../core/authorization.js';

export type {
  EntityFacts,
  OverrideMembers,
  ResolveEnv,
  ResolvedCheck,
  ResolvedResource,
  ResourceOverride,
} from '../core/authorization.js';

interface Override {
  readonly resolve: ResourceOverride;
  readonly members: OverrideMembers;
}

const overrides = new Map<string, Override>();

/**
 * Registers the resource resolution of an action that the generic rules cannot derive from the input alone (a KMS
 * alias names a key; an Organizations id needs the organization's id). Keyed by `service:Action`, any case, or
 * `service:*` for every action of a service. `members` declares every input member the override reads to name
 * resources: those count as identifiers (see {@link identifyingMembers}), and the override must read no other.
 */
export function registerResourceOverride(
  action: string,
  override: ResourceOverride,
  members: OverrideMembers = [],
): void {
  overrides.set(action.toLowerCase(), { resolve: override, members });
}

function overrideOf(action: string): Override | undefined {
  const key = action.toLowerCase();
  return overrides.get(key) ?? overrides.get(`${key.slice(0, key.indexOf(':'))}:*`);
}

/**
 * Every input member that can change the request's resolved checks: the plan's identifiers and those its overrides
 * read. Any other member (a description, a password, a document) cannot redirect authorization.
 */
export function identifyingMembers(plan: OperationPlan): string[] {
  const found = new Set(plan.identifiers);
  for (const check of plan.checks) {
    const members = overrideOf(check.action)?.members ?? [];
    for (const m of typeof members === 'function' ? members(plan) : members) found.add(m);
  }
  return [...found];
}

export const WILDCARD: ResolvedResource = Object.freeze({ arn: '*', display: '*' });

function stringValue(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Whole ARNs of this resource type given in the members that name such a resource (never in free text). */
function arnsFromInput(env: ResolveEnv, rt: ResourcePlan): string[] {
  const found: string[] = [];
  for (const member of rt.arnMembers) {
    const v = env.input[member];
    const values = Array.isArray(v) ? v : [v];
    for (const value of values) if (typeof value === 'string' && rt.pattern.test(value)) found.push(value);
  }
  return found;
}

/** The caller's own ARN, as IAM uses it when a user name is left out (`GetUser`, `CreateAccessKey`, ...). */
function selfResource(identity: CallerIdentity): ResolvedResource {
  const display = identity.type === 'IAMUser' && identity.userName ? `user ${identity.userName}` : identity.arn;
  return { arn: identity.arn, display };
}

interface Built {
  resource: ResolvedResource;
  /** Every variable came from the input (or the request); none was left as `*`. */
  complete: boolean;
  /** At least one variable came from an input member. */
  fromInput: boolean;
}

async function build(env: ResolveEnv, rt: ResourcePlan): Promise<Built> {
  let arn = '';
  let complete = true;
  let fromInput = false;
  let entity: EntityFacts | undefined;
  let display: string | undefined;
  const account = env.identity.accountId;
  for (const part of rt.parts) {
    if (typeof part === 'string') {
      arn += part;
      continue;
    }
    const value = await variable(part);
    if (value === SELF) return { resource: selfResource(env.identity), complete: true, fromInput: true };
    arn += value;
  }
  return { resource: { arn, display: display ?? arn, entity }, complete, fromInput };

  async function variable(source: VariableSource): Promise<string | typeof SELF> {
    switch (source.kind) {
      case 'partition':
        return env.partition;
      case 'region':
        return env.region;
      case 'account':
        return account;
      case 'unknown':
        complete = false;
        return '*';
      case 'member': {
        for (const m of source.members) {
          let value = stringValue(env.input[m]);
          if (value === undefined || value.startsWith('arn:')) continue;
          if (source.stripPrefix && value.startsWith(source.stripPrefix))
            value = value.slice(source.stripPrefix.length);
          fromInput = true;
          return value;
        }
        complete = false;
        return '*';
      }
      case 'entity': {
        const name = stringValue(env.input[source.member]);
        if (name === undefined) {
          // IAM acts on the caller itself when the user name is left out.
          if (source.entity === 'user') return SELF;
          complete = false;
          return '*';
        }
        fromInput = true;
        if (source.pathMember !== undefined) {
          const path = stringValue(env.input[source.pathMember]) ?? '/';
          return `${path.slice(1)}${name}`;
        }
        const facts = await storedEntity(env, source.entity, name);
        if (facts === undefined) return name;
        entity = facts.entity;
        display = facts.display;
        return `${facts.path.slice(1)}${facts.name}`;
      }
    }
  }
}

const SELF = Symbol('self');

/** A stored user, role or group: its path and canonical name, and how IAM's messages name it (as given). */
async function storedEntity(
  env: ResolveEnv,
  kind: string,
  name: string,
): Promise<{ path: string; name: string; display: string; entity?: EntityFacts } | undefined> {
  const dir = await env.directory(env.identity.accountId);
  if (kind === 'user') {
    const u = await dir.user(name);
    const display = `user ${name}`;
    if (!u) return { path: '/', name, display };
    return { path: u.path, name: u.name, display, entity: { kind: 'user', tags: u.tags, boundaryArn: u.boundaryArn } };
  }
  if (kind === 'role') {
    const r = await dir.role(name);
    const display = `role ${name}`;
    if (!r) return { path: '/', name, display };
    const entity: EntityFacts = { kind: 'role', tags: r.tags, boundaryArn: r.boundaryArn, trustPolicy: r.trustPolicy };
    return { path: r.path, name: r.name, display, entity };
  }
  if (kind === 'group') {
    const g = await dir.group(name);
    return { path: g?.path ?? '/', name: g?.name ?? name, display: `group ${name}`, entity: { kind: 'group' } };
  }
  return undefined;
}

async function genericResources(env: ResolveEnv, check: CheckPlan): Promise<ResolvedResource[]> {
  if (check.resourceTypes.length === 0) return [WILDCARD];
  const out: ResolvedResource[] = [];
  for (const rt of check.resourceTypes) {
    const arns = arnsFromInput(env, rt);
    if (arns.length > 0) {
      for (const arn of arns) out.push({ arn, display: arn });
      continue;
    }
    const built = await build(env, rt);
    // An optional resource type counts only when the input names such a resource; a required one always does.
    if (rt.type.required || (built.complete && built.fromInput)) out.push(built.resource);
  }
  if (out.length > 0) return out;
  // Only optional resource types, none named: the request is about `*`.
  return [WILDCARD];
}

/** The (action, resources) pairs the request must be allowed, in the order AWS checks them. */
export async function resolveChecks(env: ResolveEnv, plan: OperationPlan): Promise<ResolvedCheck[]> {
  const checks: ResolvedCheck[] = [];
  for (const check of plan.checks) {
    if (check.onlyWhen !== undefined && isAbsent(env.input[check.onlyWhen])) continue;
    const generic = () => genericResources(env, check);
    const override = overrideOf(check.action);
    const resources = (override ? await override.resolve(env, check, generic) : undefined) ?? (await generic());
    checks.push({ action: check.action, resources, context: check.context });
  }
  return checks;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Facts of an IAM policy named by ARN (its tags), for aws:ResourceTag on policy actions. */
export async function withPolicyFacts(env: ResolveEnv, resources: ResolvedResource[]): Promise<ResolvedResource[]> {
  const out: ResolvedResource[] = [];
  for (const r of resources) {
    const m = /^arn:[^:]+:iam::(\d{12}):policy\//.exec(r.arn);
    if (!m) {
      out.push(r);
      continue;
    }
    const facts = await (await env.directory(m[1])).policy(r.arn);
    out.push({ arn: r.arn, display: `policy ${r.arn}`, entity: { kind: 'policy', tags: facts?.tags } });
  }
  return out;
}
