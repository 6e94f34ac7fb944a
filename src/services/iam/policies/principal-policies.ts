// The policy documents that apply to a user, group or role: the one loader, so that enforcement and the policy
// simulator always evaluate the same policies.
//
// Policy ids, so the evaluator and its messages can name the policy that decided:
//   managed policies  their ARN, in the partition asked for (`arn:aws:iam::aws:policy/ReadOnlyAccess`);
//   inline policies   `inline:<user|group|role>:<entity name>:<policy name>` — never starting with `arn:`, so AWS's
//                     "explicit deny in an identity-based policy: <arn>" suffix is not given to inline policies,
//                     and unambiguous because IAM names cannot contain `:`.
import type { Kysely } from 'kysely';
import { parseArn } from '../../../aws/arn.js';
import type { Database } from '../../../store/schema.js';
import { nameKey } from '../common.js';
import { findRole, findUser, ownersOf } from '../identities/entities.js';
import { STORED_PARTITION, inPartition } from './arns.js';
import type { IamEntityType } from '../tables.js';
import { accountScope } from '../../../store/account-scope.js';

export interface PrincipalPolicyDoc {
  id: string;
  /** The policy's JSON text as stored (not percent-encoded). */
  document: string;
  type: 'inline' | 'managed';
  /** The inline policy's name, or the managed policy's name. */
  name: string;
  /** Where the policy comes from: the user itself, one of its groups, or the role. */
  via: { kind: IamEntityType; name: string };
}

export interface PrincipalPolicyDocs {
  identity: PrincipalPolicyDoc[];
  boundary?: PrincipalPolicyDoc;
  /** The user or role was found (with the unique id asked for, if one was): false when it no longer exists. */
  found: boolean;
}

const NOT_FOUND: PrincipalPolicyDocs = Object.freeze({ identity: [], found: false }) as PrincipalPolicyDocs;

/**
 * A boundary naming a policy that no longer exists bounds everything (IAM refuses to delete a policy in use as a
 * boundary, so this only guards against rows changed behind IAM's back): fail closed.
 */
const EMPTY_BOUNDARY = '{"Version":"2012-10-17","Statement":[]}';

export function inlinePolicyId(kind: IamEntityType, entityName: string, policyName: string): string {
  return `inline:${kind}:${entityName}:${policyName}`;
}

/** The stored (`aws` partition) form of a policy ARN given in any partition, or undefined if it names no policy. */
function storedForm(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('policy/')) return undefined;
  return `arn:${STORED_PARTITION}:iam::${parsed.accountId}:${parsed.resource}`;
}

/** The default version's document of a managed policy (ARN in any partition), for session PolicyArns. */
export async function loadManagedPolicyDocument(db: Kysely<Database>, arn: string): Promise<string | undefined> {
  const stored = storedForm(arn);
  if (!stored) return undefined;
  const row = await db
    .selectFrom('iam_policies as p')
    .innerJoin('iam_policy_versions as v', (j) =>
      j.onRef('v.policy_arn', '=', 'p.arn').onRef('v.version_id', '=', 'p.default_version_id'),
    )
    .select('v.document')
    .where('p.arn', '=', stored)
    .executeTakeFirst();
  return row?.document;
}

/** An entity's own identity policies: its inline policies, then its attached managed policies (default versions). */
async function ownPolicies(
  db: Kysely<Database>,
  accountId: string,
  kind: IamEntityType,
  entityName: string,
  partition: string,
): Promise<PrincipalPolicyDoc[]> {
  return [
    ...(await inlineDocs(db, accountId, kind, entityName)),
    ...(await attachedDocs(db, accountId, kind, entityName, partition)),
  ];
}

async function inlineDocs(
  db: Kysely<Database>,
  accountId: string,
  kind: IamEntityType,
  entityName: string,
): Promise<PrincipalPolicyDoc[]> {
  const rows = await accountScope(db, accountId)
    .selectFrom('iam_inline_policies')
    .select(['policy_name', 'document'])
    .where('entity_type', '=', kind)
    .where('entity_lc', '=', nameKey(entityName))
    .orderBy('policy_name')
    .execute();
  return rows.map((r) => ({
    id: inlinePolicyId(kind, entityName, r.policy_name),
    document: r.document,
    type: 'inline',
    name: r.policy_name,
    via: { kind, name: entityName },
  }));
}

async function attachedDocs(
  db: Kysely<Database>,
  accountId: string,
  kind: IamEntityType,
  entityName: string,
  partition: string,
): Promise<PrincipalPolicyDoc[]> {
  const rows = await accountScope(db, accountId)
    .selectFrom('iam_attachments as a')
    .innerJoin('iam_policies as p', 'p.arn', 'a.policy_arn')
    .innerJoin('iam_policy_versions as v', (j) =>
      j.onRef('v.policy_arn', '=', 'p.arn').onRef('v.version_id', '=', 'p.default_version_id'),
    )
    .select(['p.arn', 'p.policy_name', 'v.document'])
    .where('a.entity_type', '=', kind)
    .where('a.entity_lc', '=', nameKey(entityName))
    .orderBy('p.arn')
    .execute();
  return rows.map((r) => ({
    id: inPartition(r.arn, partition),
    document: r.document,
    type: 'managed',
    name: r.policy_name,
    via: { kind, name: entityName },
  }));
}

async function boundaryDoc(
  db: Kysely<Database>,
  storedArn: string | null,
  via: PrincipalPolicyDoc['via'],
  partition: string,
): Promise<PrincipalPolicyDoc | undefined> {
  if (storedArn === null) return undefined;
  const document = (await loadManagedPolicyDocument(db, storedArn)) ?? EMPTY_BOUNDARY;
  const name = storedArn.slice(storedArn.lastIndexOf('/') + 1);
  return { id: inPartition(storedArn, partition), document, type: 'managed', name, via };
}

/** The same managed policy reached twice (user and group) is evaluated once. */
function dedupe(docs: PrincipalPolicyDoc[]): PrincipalPolicyDoc[] {
  const seen = new Set<string>();
  return docs.filter((d) => !seen.has(d.id) && seen.add(d.id));
}

/**
 * A user's identity policies: its inline and attached managed policies (default versions), then those of each
 * group it belongs to; and its permissions boundary. A user that does not exist has none.
 * `partition` sets the partition of managed policy ids (stored ARNs are in `aws`). With `userId` (AIDA...), only
 * the user of that unique id counts: a user created later under the same name is another principal, as in IAM.
 */
export async function loadUserPolicies(
  db: Kysely<Database>,
  accountId: string,
  userName: string,
  partition: string = STORED_PARTITION,
  userId?: string,
): Promise<PrincipalPolicyDocs> {
  const user = await findUser(db, accountId, userName);
  if (!user || (userId !== undefined && user.user_id !== userId)) return NOT_FOUND;
  const identity = await ownPolicies(db, accountId, 'user', user.user_name, partition);
  for (const group of await ownersOf(db, accountId, 'groupUsers', user.name_lc)) {
    identity.push(...(await loadGroupPolicies(db, accountId, group.group_name, partition)));
  }
  const via = { kind: 'user', name: user.user_name } as const;
  const boundary = await boundaryDoc(db, user.permissions_boundary_arn, via, partition);
  return boundary ? { identity: dedupe(identity), boundary, found: true } : { identity: dedupe(identity), found: true };
}

/**
 * A role's identity policies (inline and attached managed, default versions) and its permissions boundary. With
 * `roleId` (AROA...), only the role of that unique id counts: a session stays its own role's, and a role created
 * later under the same name (same ARN, new id) lends it nothing.
 */
export async function loadRolePolicies(
  db: Kysely<Database>,
  accountId: string,
  roleName: string,
  partition: string = STORED_PARTITION,
  roleId?: string,
): Promise<PrincipalPolicyDocs> {
  const role = await findRole(db, accountId, roleName);
  if (!role || (roleId !== undefined && role.role_id !== roleId)) return NOT_FOUND;
  const identity = await ownPolicies(db, accountId, 'role', role.role_name, partition);
  const via = { kind: 'role', name: role.role_name } as const;
  const boundary = await boundaryDoc(db, role.permissions_boundary_arn, via, partition);
  return boundary ? { identity, boundary, found: true } : { identity, found: true };
}

/**
 * A group's identity policies (inline and attached managed, default versions): what it lends each member, and what
 * the simulator evaluates for a group. `groupName` is the group's name as stored.
 */
export async function loadGroupPolicies(
  db: Kysely<Database>,
  accountId: string,
  groupName: string,
  partition: string = STORED_PARTITION,
): Promise<PrincipalPolicyDoc[]> {
  return ownPolicies(db, accountId, 'group', groupName, partition);
}
