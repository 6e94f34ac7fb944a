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
import { matchesPathPrefix, paginate, type Page } from '../common.js';
import { AWS_MANAGED_ACCOUNT, inPartition, isAwsManaged, resolvePolicyArn } from './arns.js';
import {
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  assertModifiable,
  entitiesBoundedBy,
  entitiesWithPolicy,
  entityNameIn,
  lockEntity,
  requireEntity,
  type NamedBy,
  type PolicyEntity,
} from '../identities/entities.js';
import { assertAttachmentQuota } from './quotas.js';
import { findPolicy, lockPolicy, requirePolicy } from './records.js';
import type { IamEntityType } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

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
  await mutateIam(ctx, async (trx) => {
    const entity = await lockEntity(trx, accountId, kind, entityName);
    assertModifiable(entity);
    if (!ref || (ref.owner !== accountId && !isAwsManaged(ref))) throw policyNotAttachable(arnText);
    // Customer policies are locked so a concurrent DeletePolicy cannot slip between this check and the insert.
    const policy = isAwsManaged(ref) ? await findPolicy(trx, ref.stored) : await lockPolicy(trx, ref.stored);
    if (!policy) throw policyNotAttachable(arnText);
    if (policy.account_id === AWS_MANAGED_ACCOUNT && policy.path.startsWith(SERVICE_ROLE_POLICY_PATH)) {
      throw serviceRolePolicyNotAttachable();
    }
    const attached = await accountScope(trx, accountId)
      .selectFrom('iam_attachments')
      .select('policy_arn')
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
  await mutateIam(ctx, async (trx) => {
    const entity = await lockEntity(trx, accountId, kind, entityName);
    assertModifiable(entity);
    if (!ref) throw policyNotFound(arnText);
    const result = await accountScope(trx, accountId)
      .deleteFrom('iam_attachments')
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
  const rows = await accountScope(db, ctx.identity.accountId)
    .selectFrom('iam_attachments')
    .select('policy_arn')
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

/** EntityFilter's values that name a principal kind; the managed-policy filters name none. */
const KIND_FOR_FILTER = new Map<string, IamEntityType>(ENTITY_KIND_NAMES.map((k) => [ENTITY_KINDS[k].noun, k]));

/** ListEntitiesForPolicy's order: groups, then users, then roles, each by name. */
const LISTING_ORDER: Readonly<Record<IamEntityType, number>> = { group: 0, user: 1, role: 2 };

/** Every user, group and role of the account using the policy, as the request's filters narrow them. */
async function entitiesForPolicy(
  ctx: RequestContext,
  storedArn: string,
  input: ListEntitiesForPolicyRequest,
): Promise<PolicyEntity[]> {
  const db = ctx.runtime.store.db;
  const accountId = ctx.identity.accountId;
  const only = input.EntityFilter === undefined ? undefined : KIND_FOR_FILTER.get(input.EntityFilter);
  if (input.EntityFilter !== undefined && only === undefined) return [];
  const found = new Map<string, PolicyEntity>();
  for (const kind of only === undefined ? ENTITY_KIND_NAMES : [only]) {
    const users = [
      ...(input.PolicyUsageFilter !== 'PermissionsBoundary'
        ? await entitiesWithPolicy(db, accountId, kind, storedArn)
        : []),
      ...(input.PolicyUsageFilter !== 'PermissionsPolicy'
        ? await entitiesBoundedBy(db, accountId, kind, storedArn)
        : []),
    ];
    for (const entity of users) found.set(`${kind}:${entity.nameLc}`, entity);
  }
  return [...found.values()]
    .filter((e) => matchesPathPrefix(e.path, input.PathPrefix))
    .sort((a, b) => LISTING_ORDER[a.kind] - LISTING_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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

/** Attach/Detach/ListAttached*Policies for one kind, the entity named by its member (UserName, GroupName, RoleName). */
function attachmentOperations<K extends IamEntityType>(kind: K) {
  return {
    async attach(ctx: RequestContext, input: NamedBy<K> & { PolicyArn: string }): Promise<void> {
      await attach(ctx, kind, entityNameIn(kind, input), input.PolicyArn);
    },
    async detach(ctx: RequestContext, input: NamedBy<K> & { PolicyArn: string }): Promise<void> {
      await detach(ctx, kind, entityNameIn(kind, input), input.PolicyArn);
    },
    async list(ctx: RequestContext, input: NamedBy<K> & { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
      const page = await listAttached(ctx, kind, entityNameIn(kind, input), input);
      return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  };
}

const user = attachmentOperations('user');
const group = attachmentOperations('group');
const role = attachmentOperations('role');

export const attachUserPolicy: NonNullable<H['AttachUserPolicy']> = user.attach;
export const attachGroupPolicy: NonNullable<H['AttachGroupPolicy']> = group.attach;
export const attachRolePolicy: NonNullable<H['AttachRolePolicy']> = role.attach;
export const detachUserPolicy: NonNullable<H['DetachUserPolicy']> = user.detach;
export const detachGroupPolicy: NonNullable<H['DetachGroupPolicy']> = group.detach;
export const detachRolePolicy: NonNullable<H['DetachRolePolicy']> = role.detach;
export const listAttachedUserPolicies: NonNullable<H['ListAttachedUserPolicies']> = user.list;
export const listAttachedGroupPolicies: NonNullable<H['ListAttachedGroupPolicies']> = group.list;
export const listAttachedRolePolicies: NonNullable<H['ListAttachedRolePolicies']> = role.list;
