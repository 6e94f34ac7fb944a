// Users, groups, roles and instance profiles shaped as IAM returns them, each operation's subset of attributes.
import type { Group, InstanceProfile, Role, Tag, User } from '../../../aws/generated/iam.js';
import type { RequestContext } from '../../../core/runtime.js';
import { epochToDate, iamArn } from '../common.js';
import type { IamGroupsTable, IamInstanceProfilesTable, IamRolesTable, IamUsersTable } from '../tables.js';
import { inPartition } from '../policies/arns.js';
import { encodePolicyDocument } from './trust-policy.js';

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
