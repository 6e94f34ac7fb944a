// Users, groups, roles and instance profiles: finding their rows by name and shaping them as IAM returns them.
import type { Kysely } from 'kysely';
import type { Group, InstanceProfile, Role, Tag, User } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { isUniqueViolation } from '../../../store/errors.js';
import { entityNotFound } from '../errors.js';
import { epochToDate, iamArn, nameKey, paginate } from '../common.js';
import type { IamGroupsTable, IamInstanceProfilesTable, IamRolesTable, IamUsersTable } from '../tables.js';
import { inPartition } from '../policies/arns.js';
import { encodePolicyDocument } from './trust-policy.js';

type Db = Kysely<Database>;

export async function findUser(db: Db, accountId: string, name: string): Promise<IamUsersTable | undefined> {
  return db
    .selectFrom('iam_users')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
}

/** The user's row, or NoSuchEntity "The user with name x cannot be found." */
export async function requireUser(db: Db, accountId: string, name: string): Promise<IamUsersTable> {
  const row = await findUser(db, accountId, name);
  if (!row) throw entityNotFound('user', name);
  return row;
}

export async function requireGroup(db: Db, accountId: string, name: string): Promise<IamGroupsTable> {
  const row = await db
    .selectFrom('iam_groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
  if (!row) throw entityNotFound('group', name);
  return row;
}

export async function findRole(db: Db, accountId: string, name: string): Promise<IamRolesTable | undefined> {
  return db
    .selectFrom('iam_roles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
}

export async function requireRole(db: Db, accountId: string, name: string): Promise<IamRolesTable> {
  const row = await findRole(db, accountId, name);
  if (!row) throw entityNotFound('role', name);
  return row;
}

export async function requireInstanceProfile(
  db: Db,
  accountId: string,
  name: string,
): Promise<IamInstanceProfilesTable> {
  const row = await db
    .selectFrom('iam_instance_profiles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
  if (!row) throw entityNotFound('instance profile', name);
  return row;
}

/** How many rows of an account-scoped table the account holds (for the per-account quotas). */
export async function countInAccount(
  db: Db,
  table: 'iam_users' | 'iam_groups' | 'iam_roles' | 'iam_instance_profiles',
  accountId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function boundary(ctx: RequestContext, arn: string | null): Pick<User, 'PermissionsBoundary'> {
  return arn === null
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: inPartition(arn, ctx.partition),
        },
      };
}

function withTags(tags: Tag[] | undefined): { Tags?: Tag[] } {
  return tags && tags.length > 0 ? { Tags: tags } : {};
}

/**
 * A user as IAM returns it. Listings (ListUsers, GetGroup) leave out the permissions boundary and tags;
 * GetUser and CreateUser include them (pass `detail`).
 */
export function userView(ctx: RequestContext, row: IamUsersTable, detail?: { tags: Tag[] }): User {
  return {
    Path: row.path,
    UserName: row.user_name,
    UserId: row.user_id,
    Arn: iamArn(ctx, 'user', row.path, row.user_name),
    CreateDate: epochToDate(row.created_at),
    ...(row.password_last_used !== null ? { PasswordLastUsed: epochToDate(row.password_last_used) } : {}),
    ...(detail ? { ...boundary(ctx, row.permissions_boundary_arn), ...withTags(detail.tags) } : {}),
  };
}

export function groupView(ctx: RequestContext, row: IamGroupsTable): Group {
  return {
    Path: row.path,
    GroupName: row.group_name,
    GroupId: row.group_id,
    Arn: iamArn(ctx, 'group', row.path, row.group_name),
    CreateDate: epochToDate(row.created_at),
  };
}

/**
 * Which operation a role is shaped for, as IAM returns a different subset of its attributes in each:
 * - 'create': CreateRole/CreateServiceLinkedRole (no MaxSessionDuration, no RoleLastUsed)
 * - 'get': GetRole/UpdateRoleDescription (everything)
 * - 'list': ListRoles (no permissions boundary, tags or RoleLastUsed)
 * - 'embedded': a role inside an instance profile
 */
export type RoleViewMode = 'create' | 'get' | 'list' | 'embedded';

export function roleView(ctx: RequestContext, row: IamRolesTable, mode: RoleViewMode, tags: Tag[] = []): Role {
  const role: Role = {
    Path: row.path,
    RoleName: row.role_name,
    RoleId: row.role_id,
    Arn: iamArn(ctx, 'role', row.path, row.role_name),
    CreateDate: epochToDate(row.created_at),
    AssumeRolePolicyDocument: encodePolicyDocument(row.assume_role_policy_document),
  };
  if (mode === 'embedded') return role;
  if (row.description !== null) role.Description = row.description;
  if (mode === 'get' || mode === 'list') role.MaxSessionDuration = row.max_session_duration;
  if (mode === 'list') return role;
  Object.assign(role, boundary(ctx, row.permissions_boundary_arn), withTags(tags));
  if (mode === 'get') {
    role.RoleLastUsed =
      row.last_used_at === null
        ? {}
        : {
            LastUsedDate: epochToDate(row.last_used_at),
            ...(row.last_used_region ? { Region: row.last_used_region } : {}),
          };
  }
  return role;
}

export function instanceProfileView(
  ctx: RequestContext,
  row: IamInstanceProfilesTable,
  roles: IamRolesTable[],
  tags?: Tag[],
): InstanceProfile {
  return {
    Path: row.path,
    InstanceProfileName: row.instance_profile_name,
    InstanceProfileId: row.instance_profile_id,
    Arn: iamArn(ctx, 'instance-profile', row.path, row.instance_profile_name),
    CreateDate: epochToDate(row.created_at),
    Roles: roles.map((r) => roleView(ctx, r, 'embedded')),
    ...withTags(tags),
  };
}

/** The roles in each of the given instance profiles, keyed by the profile's lower-cased name. */
export async function rolesOfProfiles(
  db: Db,
  accountId: string,
  profileKeys: string[],
): Promise<Map<string, IamRolesTable[]>> {
  const byProfile = new Map<string, IamRolesTable[]>(profileKeys.map((k) => [k, []]));
  if (profileKeys.length === 0) return byProfile;
  const rows = await db
    .selectFrom('iam_instance_profile_roles as m')
    .innerJoin('iam_roles as r', (j) =>
      j.onRef('r.account_id', '=', 'm.account_id').onRef('r.name_lc', '=', 'm.role_lc'),
    )
    .selectAll('r')
    .select('m.profile_lc')
    .where('m.account_id', '=', accountId)
    .where('m.profile_lc', 'in', profileKeys)
    .orderBy('r.name_lc')
    .execute();
  for (const { profile_lc, ...role } of rows) byProfile.get(profile_lc)?.push(role);
  return byProfile;
}

/**
 * Runs fn in one transaction; a unique-key violation (a concurrent writer claimed the same name first) becomes
 * the AWS error onDuplicate builds, so racing creates resolve to exactly one winner and no database error leaks.
 */
export async function transactUnique<T>(
  ctx: RequestContext,
  onDuplicate: () => Error,
  fn: (trx: Db) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.runtime.store.transaction(fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw onDuplicate();
    throw err;
  }
}

/** A Marker/MaxItems page of a listing, under the member name the operation returns it in. */
export function pageOf<K extends string, T>(
  ctx: RequestContext,
  key: K,
  all: T[],
  input: { Marker?: string; MaxItems?: number },
): { [P in K]: T[] } & { IsTruncated: boolean; Marker?: string } {
  const page = paginate(ctx, all, input);
  return {
    [key]: page.items,
    IsTruncated: page.IsTruncated,
    ...(page.Marker ? { Marker: page.Marker } : {}),
  } as { [P in K]: T[] } & { IsTruncated: boolean; Marker?: string };
}
