// The role an AssumeRole* request names, read fresh from IAM's tables (a changed trust policy applies at once).
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { RoleRef } from './role-arn.js';
import { otherAccountScope } from '../../store/account-scope.js';

export interface TargetRole {
  /** The role's ARN in the request's partition, with its path. */
  arn: string;
  accountId: string;
  name: string;
  nameLc: string;
  path: string;
  /** AROA... */
  roleId: string;
  maxSessionDuration: number;
  trustPolicy: string;
  tags: Record<string, string>;
}

/**
 * The role named by `ref`, or undefined when there is none: another partition than the request's, a path or name
 * (case included) that differs from the role's, or no such role in the account.
 */
export async function findTargetRole(
  db: Kysely<Database>,
  ref: RoleRef,
  partition: string,
): Promise<TargetRole | undefined> {
  if (ref.partition !== partition) return undefined;
  const nameLc = ref.name.toLowerCase();
  // The role may be another account's: its trust policy, not the caller's account, decides who assumes it.
  const row = await otherAccountScope(db, ref.accountId)
    .selectFrom('iam_roles')
    .select(['role_name', 'role_id', 'path', 'max_session_duration', 'assume_role_policy_document'])
    .where('name_lc', '=', nameLc)
    .executeTakeFirst();
  if (!row || row.role_name !== ref.name || row.path !== ref.path) return undefined;
  const tagRows = await otherAccountScope(db, ref.accountId)
    .selectFrom('iam_tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_type', '=', 'role')
    .where('resource_key', '=', nameLc)
    .execute();
  const tags: Record<string, string> = {};
  for (const t of tagRows) tags[t.tag_key] = t.tag_value;
  return {
    arn: `arn:${partition}:iam::${ref.accountId}:role${row.path}${row.role_name}`,
    accountId: ref.accountId,
    name: row.role_name,
    nameLc,
    path: row.path,
    roleId: row.role_id,
    maxSessionDuration: row.max_session_duration,
    trustPolicy: row.assume_role_policy_document,
    tags,
  };
}

/** Records the role's use (GetRole's RoleLastUsed): when, and in which region. */
export async function noteRoleUsed(db: Kysely<Database>, role: TargetRole, at: Date, region: string): Promise<void> {
  // The assumed role's account, which may not be the caller's.
  await otherAccountScope(db, role.accountId)
    .updateTable('iam_roles')
    .set({ last_used_at: at.getTime(), last_used_region: region })
    .where('name_lc', '=', role.nameLc)
    .execute();
}
