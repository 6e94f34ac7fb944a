// Managed policy attachments: Attach/Detach/ListAttached*Policies and ListEntitiesForPolicy.
import type { Handlers } from '../../../aws/generated/handlers.js';
import type {
  AttachedPolicy,
  IAMOperations,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
} from '../../../aws/generated/iam.js';
import { policyNotAttachable, policyNotFound, serviceRolePolicyNotAttachable } from '../errors.js';
import type { RequestContext } from '../../../core/runtime.js';
import { matchesPathPrefix, nameKey, paginate, type Page } from '../common.js';
import { AWS_MANAGED_ACCOUNT, inPartition, isAwsManaged, resolvePolicyArn } from './arns.js';
import { assertModifiable, lockEntity, requireEntity } from '../identities/entities.js';
import { assertAttachmentQuota } from './quotas.js';
import { findPolicy, lockPolicy, requirePolicy } from './records.js';
import type { IamEntityType } from '../tables.js';

type H = Handlers<IAMOperations>;

/** Where AWS keeps the policies of service-linked roles; only AWS attaches those. */
const SERVICE_ROLE_POLICY_PATH = '/aws-service-role/';

/** Path and name of a policy read off its ARN (`policy/a/b/Name` → `/a/b/`, `Name`). */
function pathAndName(storedArn: string): { path: string; name: string } {
  const resource = storedArn.slice(storedArn.indexOf(':policy/') + ':policy'.length);
  const cut = resource.lastIndexOf('/') + 1;
  return { path: resource.slice(0, cut), name: resource.slice(cut) };
}

async function attach(ctx: RequestContext, kind: IamEntityType, entityName: string, arnText: string): Promise<void> {
  const accountId = ctx.identity.accountId;
  const ref = resolvePolicyArn(arnText, ctx.partition);
  await ctx.runtime.store.transaction(async (trx) => {
    const entity = await lockEntity(trx, accountId, kind, entityName);
    assertModifiable(entity);
    if (!ref || (ref.owner !== accountId && !isAwsManaged(ref))) throw policyNotAttachable(arnText);
    // Customer policies are locked so a concurrent DeletePolicy cannot slip between this check and the insert.
    const policy = isAwsManaged(ref) ? await findPolicy(trx, ref.stored) : await lockPolicy(trx, ref.stored);
    if (!policy) throw policyNotAttachable(arnText);
    if (policy.account_id === AWS_MANAGED_ACCOUNT && policy.path.startsWith(SERVICE_ROLE_POLICY_PATH)) {
      throw serviceRolePolicyNotAttachable();
    }
    const attached = await trx
      .selectFrom('iam_attachments')
      .select('policy_arn')
      .where('account_id', '=', accountId)
      .where('entity_type', '=', kind)
      .where('entity_lc', '=', entity.nameLc)
      .execute();
    if (attached.some((a) => a.policy_arn === ref.stored)) return; // attaching twice changes nothing, as in IAM
    assertAttachmentQuota(kind, attached.length);
    await trx
      .insertInto('iam_attachments')
      .values({ account_id: accountId, entity_type: kind, entity_lc: entity.nameLc, policy_arn: ref.stored })
      .execute();
  });
}

async function detach(ctx: RequestContext, kind: IamEntityType, entityName: string, arnText: string): Promise<void> {
  const accountId = ctx.identity.accountId;
  const ref = resolvePolicyArn(arnText, ctx.partition);
  await ctx.runtime.store.transaction(async (trx) => {
    const entity = await lockEntity(trx, accountId, kind, entityName);
    assertModifiable(entity);
    if (!ref) throw policyNotFound(arnText);
    const result = await trx
      .deleteFrom('iam_attachments')
      .where('account_id', '=', accountId)
      .where('entity_type', '=', kind)
      .where('entity_lc', '=', entity.nameLc)
      .where('policy_arn', '=', ref.stored)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw policyNotFound(arnText);
  });
}

async function listAttached(
  ctx: RequestContext,
  kind: IamEntityType,
  entityName: string,
  input: { PathPrefix?: string; Marker?: string; MaxItems?: number },
): Promise<Page<AttachedPolicy>> {
  const db = ctx.runtime.store.db;
  const entity = await requireEntity(db, ctx.identity.accountId, kind, entityName);
  const rows = await db
    .selectFrom('iam_attachments')
    .select('policy_arn')
    .where('account_id', '=', ctx.identity.accountId)
    .where('entity_type', '=', kind)
    .where('entity_lc', '=', entity.nameLc)
    .execute();
  const policies = rows
    .map((r) => ({ arn: r.policy_arn, ...pathAndName(r.policy_arn) }))
    .filter((p) => matchesPathPrefix(p.path, input.PathPrefix))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p): AttachedPolicy => ({ PolicyName: p.name, PolicyArn: inPartition(p.arn, ctx.partition) }));
  return paginate(ctx, policies, input);
}

interface EntityEntry {
  kind: IamEntityType;
  name: string;
  id: string;
  path: string;
}

const KIND_FOR_FILTER: Readonly<Record<string, IamEntityType | undefined>> = {
  User: 'user',
  Group: 'group',
  Role: 'role',
};

/** Every user, group and role of the account using the policy, as the request's filters narrow them. */
async function entitiesForPolicy(
  ctx: RequestContext,
  storedArn: string,
  input: ListEntitiesForPolicyRequest,
): Promise<EntityEntry[]> {
  const db = ctx.runtime.store.db;
  const accountId = ctx.identity.accountId;
  // Managed-policy filters name policies, not principals: no user, group or role passes them.
  const onlyKind = input.EntityFilter === undefined ? undefined : (KIND_FOR_FILTER[input.EntityFilter] ?? null);
  if (onlyKind === null) return [];
  const wants = (kind: IamEntityType) => onlyKind === undefined || onlyKind === kind;
  const found = new Map<string, EntityEntry>();
  const add = (e: EntityEntry) => found.set(`${e.kind}:${nameKey(e.name)}`, e);

  if (input.PolicyUsageFilter !== 'PermissionsBoundary') {
    if (wants('user')) {
      const users = await db
        .selectFrom('iam_attachments as a')
        .innerJoin('iam_users as u', (j) =>
          j.onRef('u.account_id', '=', 'a.account_id').onRef('u.name_lc', '=', 'a.entity_lc'),
        )
        .select(['u.user_name', 'u.user_id', 'u.path'])
        .where('a.account_id', '=', accountId)
        .where('a.entity_type', '=', 'user')
        .where('a.policy_arn', '=', storedArn)
        .execute();
      users.forEach((u) => add({ kind: 'user', name: u.user_name, id: u.user_id, path: u.path }));
    }
    if (wants('group')) {
      const groups = await db
        .selectFrom('iam_attachments as a')
        .innerJoin('iam_groups as g', (j) =>
          j.onRef('g.account_id', '=', 'a.account_id').onRef('g.name_lc', '=', 'a.entity_lc'),
        )
        .select(['g.group_name', 'g.group_id', 'g.path'])
        .where('a.account_id', '=', accountId)
        .where('a.entity_type', '=', 'group')
        .where('a.policy_arn', '=', storedArn)
        .execute();
      groups.forEach((g) => add({ kind: 'group', name: g.group_name, id: g.group_id, path: g.path }));
    }
    if (wants('role')) {
      const roles = await db
        .selectFrom('iam_attachments as a')
        .innerJoin('iam_roles as r', (j) =>
          j.onRef('r.account_id', '=', 'a.account_id').onRef('r.name_lc', '=', 'a.entity_lc'),
        )
        .select(['r.role_name', 'r.role_id', 'r.path'])
        .where('a.account_id', '=', accountId)
        .where('a.entity_type', '=', 'role')
        .where('a.policy_arn', '=', storedArn)
        .execute();
      roles.forEach((r) => add({ kind: 'role', name: r.role_name, id: r.role_id, path: r.path }));
    }
  }
  if (input.PolicyUsageFilter !== 'PermissionsPolicy') {
    if (wants('user')) {
      const users = await db
        .selectFrom('iam_users')
        .select(['user_name', 'user_id', 'path'])
        .where('account_id', '=', accountId)
        .where('permissions_boundary_arn', '=', storedArn)
        .execute();
      users.forEach((u) => add({ kind: 'user', name: u.user_name, id: u.user_id, path: u.path }));
    }
    if (wants('role')) {
      const roles = await db
        .selectFrom('iam_roles')
        .select(['role_name', 'role_id', 'path'])
        .where('account_id', '=', accountId)
        .where('permissions_boundary_arn', '=', storedArn)
        .execute();
      roles.forEach((r) => add({ kind: 'role', name: r.role_name, id: r.role_id, path: r.path }));
    }
  }
  const order: Record<IamEntityType, number> = { group: 0, user: 1, role: 2 };
  return [...found.values()]
    .filter((e) => matchesPathPrefix(e.path, input.PathPrefix))
    .sort((a, b) => order[a.kind] - order[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function listEntitiesForPolicy(
  ctx: RequestContext,
  input: ListEntitiesForPolicyRequest,
): Promise<ListEntitiesForPolicyResponse> {
  const { row } = await requirePolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  const page = paginate(ctx, await entitiesForPolicy(ctx, row.arn, input), input);
  const of = (kind: IamEntityType) => page.items.filter((e) => e.kind === kind);
  return {
    PolicyGroups: of('group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
    PolicyUsers: of('user').map((e) => ({ UserName: e.name, UserId: e.id })),
    PolicyRoles: of('role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}

export const attachUserPolicy: NonNullable<H['AttachUserPolicy']> = async (ctx, input) => {
  await attach(ctx, 'user', input.UserName, input.PolicyArn);
};
export const attachGroupPolicy: NonNullable<H['AttachGroupPolicy']> = async (ctx, input) => {
  await attach(ctx, 'group', input.GroupName, input.PolicyArn);
};
export const attachRolePolicy: NonNullable<H['AttachRolePolicy']> = async (ctx, input) => {
  await attach(ctx, 'role', input.RoleName, input.PolicyArn);
};
export const detachUserPolicy: NonNullable<H['DetachUserPolicy']> = async (ctx, input) => {
  await detach(ctx, 'user', input.UserName, input.PolicyArn);
};
export const detachGroupPolicy: NonNullable<H['DetachGroupPolicy']> = async (ctx, input) => {
  await detach(ctx, 'group', input.GroupName, input.PolicyArn);
};
export const detachRolePolicy: NonNullable<H['DetachRolePolicy']> = async (ctx, input) => {
  await detach(ctx, 'role', input.RoleName, input.PolicyArn);
};
export const listAttachedUserPolicies: NonNullable<H['ListAttachedUserPolicies']> = async (ctx, input) => {
  const page = await listAttached(ctx, 'user', input.UserName, input);
  return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
export const listAttachedGroupPolicies: NonNullable<H['ListAttachedGroupPolicies']> = async (ctx, input) => {
  const page = await listAttached(ctx, 'group', input.GroupName, input);
  return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
export const listAttachedRolePolicies: NonNullable<H['ListAttachedRolePolicies']> = async (ctx, input) => {
  const page = await listAttached(ctx, 'role', input.RoleName, input);
  return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};
