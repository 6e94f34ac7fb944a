// The users, groups and roles policies attach to: found by name, locked for a write, guarded when AWS owns them.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { entityNotFound, protectedRole } from '../errors.js';
import { nameKey } from '../common.js';
import type { IamEntityType } from '../tables.js';

/** What the policy operations need to know about a user, group or role. */
export interface PolicyEntity {
  kind: IamEntityType;
  name: string;
  nameLc: string;
  id: string;
  path: string;
  /** Stored ARN of the permissions boundary (users and roles), else null. */
  boundaryArn: string | null;
  /** Service-linked roles are AWS's to change, not the account's. */
  serviceLinked: boolean;
}

export async function findEntity(
  db: Kysely<Database>,
  accountId: string,
  kind: IamEntityType,
  name: string,
): Promise<PolicyEntity | undefined> {
  const nameLc = nameKey(name);
  if (kind === 'user') {
    const row = await db
      .selectFrom('iam_users')
      .select(['user_name', 'user_id', 'path', 'permissions_boundary_arn'])
      .where('account_id', '=', accountId)
      .where('name_lc', '=', nameLc)
      .executeTakeFirst();
    return row && entity(kind, row.user_name, row.user_id, row.path, row.permissions_boundary_arn, false);
  }
  if (kind === 'group') {
    const row = await db
      .selectFrom('iam_groups')
      .select(['group_name', 'group_id', 'path'])
      .where('account_id', '=', accountId)
      .where('name_lc', '=', nameLc)
      .executeTakeFirst();
    return row && entity(kind, row.group_name, row.group_id, row.path, null, false);
  }
  const row = await db
    .selectFrom('iam_roles')
    .select(['role_name', 'role_id', 'path', 'permissions_boundary_arn', 'service_linked_to'])
    .where('account_id', '=', accountId)
    .where('name_lc', '=', nameLc)
    .executeTakeFirst();
  return (
    row &&
    entity(kind, row.role_name, row.role_id, row.path, row.permissions_boundary_arn, row.service_linked_to !== null)
  );
}

function entity(
  kind: IamEntityType,
  name: string,
  id: string,
  path: string,
  boundaryArn: string | null,
  serviceLinked: boolean,
): PolicyEntity {
  return { kind, name, nameLc: nameKey(name), id, path, boundaryArn, serviceLinked };
}

/** The entity, or IAM's NoSuchEntity ("The user with name x cannot be found."). */
export async function requireEntity(
  db: Kysely<Database>,
  accountId: string,
  kind: IamEntityType,
  name: string,
): Promise<PolicyEntity> {
  const found = await findEntity(db, accountId, kind, name);
  if (!found) throw entityNotFound(kind, name);
  return found;
}

/**
 * Inside a transaction: takes the entity's row lock (a no-op update) before reading it, so two writers that check a
 * per-entity quota (attachments, inline policy size) run one after the other on PostgreSQL too and cannot both
 * slip under it. SQLite transactions already begin IMMEDIATE, one writer at a time.
 */
export async function lockEntity(
  trx: Kysely<Database>,
  accountId: string,
  kind: IamEntityType,
  name: string,
): Promise<PolicyEntity> {
  const nameLc = nameKey(name);
  const table = kind === 'user' ? 'iam_users' : kind === 'group' ? 'iam_groups' : 'iam_roles';
  await trx
    .updateTable(table)
    .set((eb) => ({ path: eb.ref('path') }))
    .where('account_id', '=', accountId)
    .where('name_lc', '=', nameLc)
    .execute();
  return requireEntity(trx, accountId, kind, name);
}

/** Service-linked roles refuse changes to their policies, in AWS's words. */
export function assertModifiable(entity: PolicyEntity): void {
  if (!entity.serviceLinked) return;
  throw protectedRole(entity.name);
}
