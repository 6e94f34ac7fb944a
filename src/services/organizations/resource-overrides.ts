// Organizations' resources as AWS names them: each id the request gives, resolved to its ARN in its organization.
import { loadModel } from '../../aws/model.js';
import { WILDCARD } from '../../authz/resolve-resources.js';
import type {
  CheckPlan,
  OperationPlan,
  OrganizationScope,
  ResolveEnv,
  ResolvedResource,
  ResourceOverrides,
} from '../../core/authorization.js';
import { accountArn, handshakeArn, ouArn, policyArn, POLICY_TYPE_SEGMENT, rootArn, type ArnScope } from './ids.js';

/** The resource type each form of Organizations id names (the model's id patterns, anchored). */
const ID_FORMS: readonly (readonly [RegExp, string])[] = [
  [/^\d{12}$/, 'account'],
  [/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'organizationalunit'],
  [/^r-[0-9a-z]{4,32}$/, 'root'],
  [/^p-[0-9a-zA-Z_]{8,128}$/, 'policy'],
  [/^h-[0-9a-z]{8,32}$/, 'handshake'],
  [/^rp-[0-9a-zA-Z_]{4,128}$/, 'resourcepolicy'],
  [/^rt-[0-9a-zA-Z_]{8,32}$/, 'responsibilitytransfer'],
];

function typeOfId(id: string): string | undefined {
  return ID_FORMS.find(([form]) => form.test(id))?.[1];
}

/** Members that name a resource without being an id: an invitation's target account, a new policy's type. */
const OTHER_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  InviteAccountToOrganization: ['Target'],
  InviteOrganizationToTransferResponsibility: ['Target'],
  CreatePolicy: ['Type'],
};

const idMembersOf = new Map<string, readonly string[]>();

/** An operation's id members, from the model: every string member named `…Id` (PolicyId, TargetId, ParentId, ...). */
function idMembers(operation: string): readonly string[] {
  let members = idMembersOf.get(operation);
  if (members === undefined) {
    const model = loadModel('organizations');
    const input = model.shapes[model.operations[operation]?.input?.shape ?? ''];
    members = Object.entries(input?.members ?? {})
      .filter(([name, m]) => name.endsWith('Id') && model.shapes[m.shape]?.type === 'string')
      .map(([name]) => name);
    idMembersOf.set(operation, members);
  }
  return members;
}

/** Every member this module reads to name resources (the identifiers of Organizations operations). */
function identifiers(plan: OperationPlan): readonly string[] {
  return [...idMembers(plan.operation), ...(OTHER_MEMBERS[plan.operation] ?? [])];
}

/** The ids the request names: its id members' values, and an invitation's target when it is an account. */
function namedIds(env: ResolveEnv): string[] {
  const ids: string[] = [];
  for (const member of idMembers(env.operation)) {
    const value = env.input[member];
    if (typeof value === 'string' && value !== '') ids.push(value);
  }
  const target = OTHER_MEMBERS[env.operation]?.includes('Target') ? env.input.Target : undefined;
  if (target !== null && typeof target === 'object') {
    const { Id, Type } = target as { Id?: unknown; Type?: unknown };
    if (Type === 'ACCOUNT' && typeof Id === 'string' && Id !== '') ids.push(Id);
  }
  return ids;
}

/** Decided in the caller's account: the handler decides which accounts of the organization may do what. */
function resource(env: ResolveEnv, arn: string): ResolvedResource {
  return { arn, display: arn, account: env.identity.accountId };
}

/**
 * The ARN of one resource. A resource only the store can complete (a policy's type, a handshake's type) that does
 * not exist is named with `*` there: it is nothing a policy protects, and the handler answers that it is not found.
 */
async function arnOf(env: ResolveEnv, org: OrganizationScope, type: string, id: string): Promise<string> {
  const scope: ArnScope = { partition: env.partition, ...org };
  const prefix = `arn:${env.partition}:organizations::${org.managementAccountId}`;
  switch (type) {
    case 'account':
      return accountArn(scope, id);
    case 'organizationalunit':
      return ouArn(scope, id);
    case 'root':
      return rootArn(scope, id);
    case 'policy': {
      const policy = await env.organizations?.policy(org, id);
      if (!policy) return `${prefix}:policy/${org.orgId}/*/${id}`;
      return policyArn(scope, policy.type, id, policy.awsManaged);
    }
    case 'handshake': {
      const handshake = await env.organizations?.handshake(id);
      if (!handshake) return `${prefix}:handshake/${org.orgId}/*/${id}`;
      return handshakeArn({ partition: env.partition, ...handshake.org }, id, handshake.action);
    }
    case 'resourcepolicy':
      return `${prefix}:resourcepolicy/${org.orgId}/${id}`;
    default:
      return `${prefix}:transfer/${org.orgId}/*/*/${id}`;
  }
}

/** The organization the request's resources are in: a handshake's sender's, otherwise the caller's. */
async function organizationOf(env: ResolveEnv, ids: readonly string[]): Promise<OrganizationScope | undefined> {
  const directory = env.organizations;
  if (directory === undefined) return undefined;
  const handshake = ids.find((id) => typeOfId(id) === 'handshake');
  const sender = handshake === undefined ? undefined : await directory.handshake(handshake);
  return sender?.org ?? (await directory.organizationOf(env.identity.accountId));
}

/**
 * Each id the request gives names the resource of its form (`ou-…` an OU, twelve digits an account, `p-…` a
 * policy, ...), in the organization it belongs to. An id of no known form is checked as each resource type the
 * action has. With no id: DescribeEffectivePolicy is about the caller's own account, CreatePolicy about a new
 * policy of its type. A caller in no organization names nothing Organizations holds (its handler answers
 * AWSOrganizationsNotInUseException): the check is on `*`.
 */
async function organizationsResources(env: ResolveEnv, check: CheckPlan): Promise<ResolvedResource[]> {
  if (check.resourceTypes.length === 0) return [WILDCARD];
  const ids = namedIds(env);
  const org = await organizationOf(env, ids);
  if (org === undefined) return [WILDCARD];
  const types = check.resourceTypes.map((t) => t.type.name);
  const out: ResolvedResource[] = [];
  for (const id of ids) {
    const form = typeOfId(id);
    for (const type of form === undefined ? types : [form]) out.push(resource(env, await arnOf(env, org, type, id)));
  }
  if (out.length > 0) return out;
  const required = check.resourceTypes.filter((t) => t.type.required).map((t) => t.type.name);
  if (required.includes('account')) {
    out.push(resource(env, await arnOf(env, org, 'account', env.identity.accountId)));
  } else if (required.includes('policy')) {
    const type = typeof env.input.Type === 'string' ? env.input.Type : '';
    const segment = POLICY_TYPE_SEGMENT[type] ?? (type.toLowerCase() || '*');
    out.push(
      resource(env, `arn:${env.partition}:organizations::${org.managementAccountId}:policy/${org.orgId}/${segment}/*`),
    );
  }
  return out.length > 0 ? out : [WILDCARD];
}

/** Organizations' resource override, on its descriptor: every action's resources named from the ids given. */
export const organizationsResourceOverrides: ResourceOverrides = {
  'organizations:*': { resolve: organizationsResources, members: identifiers },
};
