// Request time: the resource ARNs an operation acts on, built from its input by the operation's plan.
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type {
  CheckPlan,
  EntityFacts,
  OperationPlan,
  ResolveEnv,
  ResolvedCheck,
  ResolvedResource,
  ResourceOverrideEntry,
  ResourcePlan,
  VariableSource,
} from '../core/authorization.js';
import type { ServiceDescriptor } from '../core/runtime.js';

export type {
  EntityFacts,
  OverrideMembers,
  ResolveEnv,
  ResolvedCheck,
  ResolvedResource,
  ResourceOverride,
  ResourceOverrides,
} from '../core/authorization.js';

/** Every service's resource overrides in one table, keyed by lower-case action (or `service:*`). */
export type OverrideTable = ReadonlyMap<string, ResourceOverrideEntry>;

const tables = new WeakMap<object, OverrideTable>();

/**
 * The resource overrides of every service (each descriptor's `authorization.resourceOverrides`) in one table, built
 * once per list of services: an action's resources may be another service's to name (IAM names the role of
 * sts:AssumeRole), so the table is shared. Two services overriding one action would make the answer depend on the
 * order of the list: that is refused.
 */
export function resourceOverrides(
  services: ReadonlyMap<ModelName, ServiceDescriptor> | readonly ServiceDescriptor[],
): OverrideTable {
  let table = tables.get(services);
  if (table === undefined) {
    const built = new Map<string, ResourceOverrideEntry>();
    const owners = new Map<string, string>();
    const list: Iterable<ServiceDescriptor> = Array.isArray(services)
      ? services
      : (services as ReadonlyMap<ModelName, ServiceDescriptor>).values();
    for (const service of list) {
      for (const [action, entry] of Object.entries(service.authorization?.resourceOverrides ?? {})) {
        const key = action.toLowerCase();
        const owner = owners.get(key);
        if (owner !== undefined) throw new Error(`${owner} and ${service.model} both override resources of ${action}`);
        owners.set(key, service.model);
        built.set(key, entry);
      }
    }
    table = built;
    tables.set(services, table);
  }
  return table;
}

function overrideOf(overrides: OverrideTable, action: string): ResourceOverrideEntry | undefined {
  const key = action.toLowerCase();
  return overrides.get(key) ?? overrides.get(`${key.slice(0, key.indexOf(':'))}:*`);
}

/**
 * Every input member that can change the request's resolved checks: the plan's identifiers and those its overrides
 * read. Any other member (a description, a password, a document) cannot redirect authorization.
 */
export function identifyingMembers(plan: OperationPlan, overrides: OverrideTable): string[] {
  const found = new Set(plan.identifiers);
  for (const check of plan.checks) {
    const members = overrideOf(overrides, check.action)?.members ?? [];
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
export async function resolveChecks(
  env: ResolveEnv,
  plan: OperationPlan,
  overrides: OverrideTable,
): Promise<ResolvedCheck[]> {
  const checks: ResolvedCheck[] = [];
  for (const check of plan.checks) {
    if (check.onlyWhen !== undefined && isAbsent(env.input[check.onlyWhen])) continue;
    const generic = () => genericResources(env, check);
    const override = overrideOf(overrides, check.action);
    const resources = (override ? await override.resolve(env, check, generic) : undefined) ?? (await generic());
    checks.push({ action: check.action, resources, context: check.context });
  }
  return checks;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}
