// Users, groups, roles and instance profiles: the one place that finds their rows (by name, locked for a write,
// through the memberships that link them), driven by a descriptor per kind rather than a copy of each query per kind.
import { accountScope, untypedScope, onSameAccount } from '../../../store/account-scope.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { entityNotFound, protectedRole } from '../errors.js';
import { nameKey } from '../common.js';
import type {
  IamEntityType,
  IamGroupsTable,
  IamInstanceProfilesTable,
  IamRolesTable,
  IamUsersTable,
} from '../tables.js';

type Db = Kysely<Database>;

/** What the generic code needs to know about each kind of entity policies attach to. */
export const ENTITY_KINDS = {
  user: {
    table: 'iam_users',
    nameColumn: 'user_name',
    idColumn: 'user_id',
    boundaryColumn: 'permissions_boundary_arn',
    /** The request member naming the entity, and the noun IAM's quota names use. */
    member: 'UserName',
    noun: 'User',
  },
  group: {
    table: 'iam_groups',
    nameColumn: 'group_name',
    idColumn: 'group_id',
    boundaryColumn: null,
    member: 'GroupName',
    noun: 'Group',
  },
  role: {
    table: 'iam_roles',
    nameColumn: 'role_name',
    idColumn: 'role_id',
    boundaryColumn: 'permissions_boundary_arn',
    member: 'RoleName',
    noun: 'Role',
  },
} as const satisfies Record<IamEntityType, EntityKind>;

export interface EntityKind {
  table: 'iam_users' | 'iam_groups' | 'iam_roles';
  nameColumn: string;
  idColumn: string;
  /** The column holding the permissions boundary's stored ARN; null for groups, which have none. */
  boundaryColumn: 'permissions_boundary_arn' | null;
  member: 'UserName' | 'GroupName' | 'RoleName';
  noun: 'User' | 'Group' | 'Role';
}

export const ENTITY_KIND_NAMES: readonly IamEntityType[] = ['user', 'group', 'role'];

/** The request member that names an entity of kind K (UserName, GroupName, RoleName). */
export type EntityMember<K extends IamEntityType> = (typeof ENTITY_KINDS)[K]['member'];

/** A request (or response) that names an entity of kind K by the kind's member. */
export type NamedBy<K extends IamEntityType> = { [P in EntityMember<K>]: string };

/** The entity name a request gives in its kind's member. */
export function entityNameIn<K extends IamEntityType>(kind: K, input: NamedBy<K>): string {
  return (input as Record<string, string>)[ENTITY_KINDS[kind].member];
}

/** The response members naming an entity of kind K (`{ UserName: ... }`), as Get*Policy answers them. */
export function namedBy<K extends IamEntityType>(kind: K, name: string): NamedBy<K> {
  return { [ENTITY_KINDS[kind].member]: name } as NamedBy<K>;
}

/** The row type of each kind. */
export interface EntityRows {
  user: IamUsersTable;
  group: IamGroupsTable;
  role: IamRolesTable;
}

/** What the policy operations need to know about a user, group or role, whatever its kind. */
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

/** A row of any kind, read through its descriptor. */
export function policyEntity<K extends IamEntityType>(kind: K, row: EntityRows[K]): PolicyEntity {
  const d: EntityKind = ENTITY_KINDS[kind];
  const columns = row as unknown as Record<string, string | null>;
  const name = columns[d.nameColumn] as string;
  return {
    kind,
    name,
    nameLc: nameKey(name),
    id: columns[d.idColumn] as string,
    path: row.path,
    boundaryArn: d.boundaryColumn === null ? null : columns[d.boundaryColumn],
    serviceLinked: kind === 'role' && (row as IamRolesTable).service_linked_to !== null,
  };
}

export async function findRow<K extends IamEntityType>(
  db: Db,
  accountId: string,
  kind: K,
  name: string,
): Promise<EntityRows[K] | undefined> {
  const row: unknown = await untypedScope(db, accountId)
    .selectFrom(ENTITY_KINDS[kind].table)
    .selectAll()
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
  return row as EntityRows[K] | undefined;
}

/** The row, or IAM's NoSuchEntity ("The user with name x cannot be found."). */
export async function requireRow<K extends IamEntityType>(
  db: Db,
  accountId: string,
  kind: K,
  name: string,
): Promise<EntityRows[K]> {
  const row = await findRow(db, accountId, kind, name);
  if (!row) throw entityNotFound(kind, name);
  return row;
}

export const findUser = (db: Db, accountId: string, name: string) => findRow(db, accountId, 'user', name);
export const requireUser = (db: Db, accountId: string, name: string) => requireRow(db, accountId, 'user', name);
export const findGroup = (db: Db, accountId: string, name: string) => findRow(db, accountId, 'group', name);
export const requireGroup = (db: Db, accountId: string, name: string) => requireRow(db, accountId, 'group', name);
export const findRole = (db: Db, accountId: string, name: string) => findRow(db, accountId, 'role', name);
export const requireRole = (db: Db, accountId: string, name: string) => requireRow(db, accountId, 'role', name);

export async function findInstanceProfile(
  db: Db,
  accountId: string,
  name: string,
): Promise<IamInstanceProfilesTable | undefined> {
  return accountScope(db, accountId)
    .selectFrom('iam_instance_profiles')
    .selectAll()
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
}

export async function requireInstanceProfile(
  db: Db,
  accountId: string,
  name: string,
): Promise<IamInstanceProfilesTable> {
  const row = await findInstanceProfile(db, accountId, name);
  if (!row) throw entityNotFound('instance profile', name);
  return row;
}

/** The entity's policy-facing summary, or undefined. */
export async function findEntity(
  db: Db,
  accountId: string,
  kind: IamEntityType,
  name: string,
): Promise<PolicyEntity | undefined> {
  const row = await findRow(db, accountId, kind, name);
  return row && policyEntity(kind, row);
}

/** The entity, or IAM's NoSuchEntity ("The user with name x cannot be found."). */
export async function requireEntity(
  db: Db,
  accountId: string,
  kind: IamEntityType,
  name: string,
): Promise<PolicyEntity> {
  return policyEntity(kind, await requireRow(db, accountId, kind, name));
}

/**
 * Inside a transaction: takes the entity's row lock (a no-op update) before reading it, so two writers that check a
 * per-entity quota (attachments, inline policy size) run one after the other on PostgreSQL too and cannot both
 * slip under it. SQLite transactions already begin IMMEDIATE, one writer at a time.
 */
export async function lockEntity(trx: Db, accountId: string, kind: IamEntityType, name: string): Promise<PolicyEntity> {
  await untypedScope(trx, accountId)
    .updateTable(ENTITY_KINDS[kind].table)
    .set((eb) => ({ path: eb.ref('path') }))
    .where('name_lc', '=', nameKey(name))
    .execute();
  return requireEntity(trx, accountId, kind, name);
}

/** Service-linked roles refuse changes to their policies, in AWS's words. */
export function assertModifiable(entity: PolicyEntity): void {
  if (entity.serviceLinked) throw protectedRole(entity.name);
}

/** The tables of named entities, with their row types. */
interface NamedTables {
  iam_users: IamUsersTable;
  iam_groups: IamGroupsTable;
  iam_roles: IamRolesTable;
  iam_instance_profiles: IamInstanceProfilesTable;
}

/** Every row of a named-entity table the account holds, in name order (the List* operations). */
export async function allInAccount<T extends keyof NamedTables>(
  db: Db,
  accountId: string,
  table: T,
): Promise<NamedTables[T][]> {
  const rows: unknown[] = await untypedScope(db, accountId).selectFrom(table).selectAll().orderBy('name_lc').execute();
  return rows as NamedTables[T][];
}

/** How many rows of an account-scoped table the account holds (for the per-account quotas). */
export async function countInAccount(db: Db, table: keyof NamedTables, accountId: string): Promise<number> {
  const row = await accountScope(db, accountId)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The account's entities of a kind with the managed policy attached (stored ARN). */
export async function entitiesWithPolicy(
  db: Db,
  accountId: string,
  kind: IamEntityType,
  storedArn: string,
): Promise<PolicyEntity[]> {
  const rows: unknown[] = await untypedScope(db, accountId)
    .selectFrom('iam_attachments as a')
    .innerJoin(`${ENTITY_KINDS[kind].table} as e`, (j) =>
      onSameAccount(j, 'e', 'a').onRef('e.name_lc', '=', 'a.entity_lc'),
    )
    .selectAll('e')
    .where('a.entity_type', '=', kind)
    .where('a.policy_arn', '=', storedArn)
    .execute();
  return rows.map((row) => policyEntity(kind, row as EntityRows[typeof kind]));
}

/** The account's entities of a kind with the managed policy as their permissions boundary; none for groups. */
export async function entitiesBoundedBy(
  db: Db,
  accountId: string,
  kind: IamEntityType,
  storedArn: string,
): Promise<PolicyEntity[]> {
  const d: EntityKind = ENTITY_KINDS[kind];
  if (d.boundaryColumn === null) return [];
  const rows: unknown[] = await untypedScope(db, accountId)
    .selectFrom(d.table)
    .selectAll()
    .where(d.boundaryColumn, '=', storedArn)
    .execute();
  return rows.map((row) => policyEntity(kind, row as EntityRows[typeof kind]));
}

/** The two membership tables: the users in a group, the role in an instance profile. */
const MEMBERSHIPS = {
  groupUsers: {
    table: 'iam_group_members',
    ownerColumn: 'group_lc',
    ownerTable: 'iam_groups',
    memberColumn: 'user_lc',
    memberTable: 'iam_users',
  },
  profileRoles: {
    table: 'iam_instance_profile_roles',
    ownerColumn: 'profile_lc',
    ownerTable: 'iam_instance_profiles',
    memberColumn: 'role_lc',
    memberTable: 'iam_roles',
  },
} as const;

export type Membership = keyof typeof MEMBERSHIPS;

interface MembershipRows {
  groupUsers: { owner: IamGroupsTable; member: IamUsersTable };
  profileRoles: { owner: IamInstanceProfilesTable; member: IamRolesTable };
}

/** The members of each owner (a group's users, a profile's roles) in name order, keyed by the owner's name key. */
export async function membersOf<M extends Membership>(
  db: Db,
  accountId: string,
  membership: M,
  ownerKeys: string[],
): Promise<Map<string, MembershipRows[M]['member'][]>> {
  const m = MEMBERSHIPS[membership];
  const byOwner = new Map<string, MembershipRows[M]['member'][]>(ownerKeys.map((k) => [k, []]));
  if (ownerKeys.length === 0) return byOwner;
  const rows: { owner_key: string }[] = await untypedScope(db, accountId)
    .selectFrom(`${m.table} as m`)
    .innerJoin(`${m.memberTable} as e`, (j) =>
      onSameAccount(j, 'e', 'm').onRef('e.name_lc', '=', `m.${m.memberColumn}`),
    )
    .selectAll('e')
    .select(`m.${m.ownerColumn} as owner_key`)
    .where(`m.${m.ownerColumn}`, 'in', ownerKeys)
    .orderBy('e.name_lc')
    .execute();
  for (const { owner_key, ...member } of rows) byOwner.get(owner_key)?.push(member as MembershipRows[M]['member']);
  return byOwner;
}

/** The owners a member belongs to (a user's groups, a role's instance profiles), in name order. */
export async function ownersOf<M extends Membership>(
  db: Db,
  accountId: string,
  membership: M,
  memberKey: string,
): Promise<MembershipRows[M]['owner'][]> {
  const m = MEMBERSHIPS[membership];
  const rows: unknown[] = await untypedScope(db, accountId)
    .selectFrom(`${m.table} as m`)
    .innerJoin(`${m.ownerTable} as e`, (j) => onSameAccount(j, 'e', 'm').onRef('e.name_lc', '=', `m.${m.ownerColumn}`))
    .selectAll('e')
    .where(`m.${m.memberColumn}`, '=', memberKey)
    .orderBy('e.name_lc')
    .execute();
  return rows as MembershipRows[M]['owner'][];
}
