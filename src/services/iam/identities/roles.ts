// IAM roles: Create/Get/Update/DeleteRole, UpdateRoleDescription, UpdateAssumeRolePolicy, ListRoles.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, Role } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import {
  assertTags,
  loadTags,
  matchesPathPrefix,
  nameKey,
  pageOf,
  putTags,
  removeTags,
  transactUnique,
} from '../common.js';
import { QUOTAS } from './quotas.js';
import { conflict, nameTaken, protectedRole, quotaExceeded } from '../errors.js';
import { allInAccount, countInAccount, findRole, requireRole } from './entities.js';
import { roleView } from './views.js';
import { acceptBoundaryPolicy } from '../policies/permissions-boundary.js';
import type { IamRolesTable } from '../tables.js';
import { acceptTrustPolicy } from './trust-policy.js';
import { assertTrustPrincipalsExist } from './trust-principals.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** A role's session length when CreateRole names none. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

/**
 * Inserts a new role row with its tags, inside the caller's transaction: EntityAlreadyExists-style clashes are
 * the caller's to word (CreateRole and CreateServiceLinkedRole word them differently), the RolesPerAccount quota
 * is enforced here.
 */
export async function insertRole(
  trx: Db,
  row: IamRolesTable,
  tags: { Key: string; Value: string }[],
  taken: () => Error,
): Promise<void> {
  if (await findRole(trx, row.account_id, row.role_name)) throw taken();
  if ((await countInAccount(trx, 'iam_roles', row.account_id)) >= QUOTAS.RolesPerAccount) {
    throw quotaExceeded('RolesPerAccount', QUOTAS.RolesPerAccount);
  }
  await trx.insertInto('iam_roles').values(row).execute();
  await putTags(trx, row.account_id, 'role', row.name_lc, tags);
}

/** Deletes a role and everything hanging off it (policies, tags, instance-profile membership). */
export async function purgeRole(trx: Db, accountId: string, key: string): Promise<void> {
  for (const table of ['iam_attachments', 'iam_inline_policies'] as const) {
    await accountScope(trx, accountId)
      .deleteFrom(table)
      .where('entity_type', '=', 'role')
      .where('entity_lc', '=', key)
      .execute();
  }
  await accountScope(trx, accountId).deleteFrom('iam_instance_profile_roles').where('role_lc', '=', key).execute();
  await removeTags(trx, accountId, 'role', key);
  await accountScope(trx, accountId).deleteFrom('iam_roles').where('name_lc', '=', key).execute();
}

async function assertRoleDeletable(trx: Db, accountId: string, key: string): Promise<void> {
  const inProfile = await accountScope(trx, accountId)
    .selectFrom('iam_instance_profile_roles')
    .select('profile_lc')
    .where('role_lc', '=', key)
    .limit(1)
    .executeTakeFirst();
  if (inProfile) throw conflict('instanceProfiles');
  for (const [table, kind] of [
    ['iam_attachments', 'attachedPolicies'],
    ['iam_inline_policies', 'inlinePolicies'],
  ] as const) {
    const dependent = await accountScope(trx, accountId)
      .selectFrom(table)
      .select('entity_lc')
      .where('entity_type', '=', 'role')
      .where('entity_lc', '=', key)
      .limit(1)
      .executeTakeFirst();
    if (dependent) throw conflict(kind);
  }
}

async function describeRole(ctx: RequestContext, name: string): Promise<Role> {
  const { db } = ctx.runtime.store;
  const row = await requireRole(db, ctx.identity.accountId, name);
  return roleView(ctx, row, 'get', await loadTags(db, ctx.identity.accountId, 'role', row.name_lc));
}

async function setRole(ctx: RequestContext, name: string, change: Partial<IamRolesTable>): Promise<void> {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireRole(trx, accountId, name);
    if (change.assume_role_policy_document !== undefined && row.service_linked_to !== null) {
      throw protectedRole(row.role_name);
    }
    await accountScope(trx, accountId)
      .updateTable('iam_roles')
      .set(change)
      .where('name_lc', '=', row.name_lc)
      .execute();
  });
}

/** An empty description clears it, as the console's "remove description" does. */
function descriptionValue(description: string): string | null {
  return description === '' ? null : description;
}

export const createRole: NonNullable<H['CreateRole']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const document = acceptTrustPolicy(input.AssumeRolePolicyDocument);
  await assertTrustPrincipalsExist(ctx.runtime.store.db, ctx.partition, document);
  const tags = input.Tags ?? [];
  assertTags(tags);
  const boundary =
    input.PermissionsBoundary === undefined
      ? null
      : await acceptBoundaryPolicy(ctx.runtime.store.db, accountId, ctx.partition, input.PermissionsBoundary);
  const row: IamRolesTable = {
    account_id: accountId,
    name_lc: nameKey(input.RoleName),
    role_name: input.RoleName,
    role_id: newUniqueId('AROA'),
    path: input.Path ?? '/',
    created_at: ctx.receivedAt.getTime(),
    assume_role_policy_document: document,
    description: input.Description === undefined ? null : descriptionValue(input.Description),
    max_session_duration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    permissions_boundary_arn: boundary,
    service_linked_to: null,
    last_used_at: null,
    last_used_region: null,
  };
  const taken = () => nameTaken('Role', input.RoleName);
  await transactUnique(ctx, taken, (trx) => insertRole(trx, row, tags, taken));
  return { Role: roleView(ctx, row, 'create', tags) };
};

export const getRole: NonNullable<H['GetRole']> = async (ctx, input) => ({
  Role: await describeRole(ctx, input.RoleName),
});

export const updateRole: NonNullable<H['UpdateRole']> = async (ctx, input) => {
  const change: Partial<IamRolesTable> = {};
  if (input.Description !== undefined) change.description = descriptionValue(input.Description);
  if (input.MaxSessionDuration !== undefined) change.max_session_duration = input.MaxSessionDuration;
  await setRole(ctx, input.RoleName, change);
  return {};
};

export const updateRoleDescription: NonNullable<H['UpdateRoleDescription']> = async (ctx, input) => {
  await setRole(ctx, input.RoleName, { description: descriptionValue(input.Description) });
  return { Role: await describeRole(ctx, input.RoleName) };
};

export const updateAssumeRolePolicy: NonNullable<H['UpdateAssumeRolePolicy']> = async (ctx, input) => {
  const document = acceptTrustPolicy(input.PolicyDocument);
  await assertTrustPrincipalsExist(ctx.runtime.store.db, ctx.partition, document);
  await setRole(ctx, input.RoleName, { assume_role_policy_document: document });
};

export const deleteRole: NonNullable<H['DeleteRole']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireRole(trx, accountId, input.RoleName);
    // A service-linked role goes only through DeleteServiceLinkedRole, which checks the service is done with it.
    if (row.service_linked_to !== null) throw protectedRole(row.role_name);
    await assertRoleDeletable(trx, accountId, row.name_lc);
    await purgeRole(trx, accountId, row.name_lc);
  });
};

export const listRoles: NonNullable<H['ListRoles']> = async (ctx, input) => {
  const rows = await allInAccount(ctx.runtime.store.db, ctx.identity.accountId, 'iam_roles');
  const roles = rows.filter((r) => matchesPathPrefix(r.path, input.PathPrefix)).map((r) => roleView(ctx, r, 'list'));
  return pageOf(ctx, 'Roles', roles, input);
};
