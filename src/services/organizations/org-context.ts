// Who the caller is to Organizations: its organization, whether it manages it, and lookups every handler shares.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { RequestContext } from '../../core/runtime.js';
import { accessDenied, notInUse } from './errors.js';
import type { ArnScope } from './ids.js';
import { accountScope, otherAccountScope } from '../../store/account-scope.js';
import { delegationPolicyAllowing } from './delegation-policy-authorization.js';

export type Db = Kysely<Database>;

export interface OrgRecord {
  id: string;
  managementAccountId: string;
  featureSet: string;
  rootId: string;
  scope: ArnScope;
}

/** The organization accountId belongs to (as manager or member), if any. */
export async function orgOfAccount(db: Db, accountId: string, partition: string): Promise<OrgRecord | undefined> {
  const row = await accountScope(db, accountId)
    .selectFrom('org_accounts as m')
    .innerJoin('org_organizations as o', 'o.id', 'm.org_id')
    .innerJoin('org_roots as r', 'r.org_id', 'o.id')
    .select(['o.id', 'o.management_account_id', 'o.feature_set', 'r.id as root_id'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    managementAccountId: row.management_account_id,
    featureSet: row.feature_set,
    rootId: row.root_id,
    scope: { partition, managementAccountId: row.management_account_id, orgId: row.id },
  };
}

/** The caller's organization; AWSOrganizationsNotInUseException when it has none. */
export async function callerOrg(ctx: RequestContext, db: Db): Promise<OrgRecord> {
  const org = await orgOfAccount(db, ctx.identity.accountId, ctx.partition);
  if (!org) throw notInUse();
  return org;
}

/**
 * The caller's organization when the caller is its management account, or a member its delegation policy allowed
 * this call (decided by authorization, delegation-policy-authorization.ts); AccessDeniedException for other members.
 */
export async function managedOrg(ctx: RequestContext, db: Db): Promise<OrgRecord> {
  const org = await callerOrg(ctx, db);
  if (org.managementAccountId !== ctx.identity.accountId && delegationPolicyAllowing(ctx) === undefined) {
    throw accessDenied();
  }
  return org;
}

/** Reads AWS allows the management account, any delegated administrator and the delegation policy's members to make. */
export async function readableOrg(ctx: RequestContext, db: Db): Promise<OrgRecord> {
  const org = await callerOrg(ctx, db);
  if (org.managementAccountId === ctx.identity.accountId || delegationPolicyAllowing(ctx) !== undefined) return org;
  const delegated = await accountScope(db, ctx.identity.accountId)
    .selectFrom('org_delegated_admins')
    .select('account_id')
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  if (!delegated) throw accessDenied();
  return org;
}

export type EntityKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

/** What an id names inside org: a root, an OU, a member account, or nothing. */
export async function entityKind(db: Db, org: OrgRecord, id: string): Promise<EntityKind | undefined> {
  if (id === org.rootId) return 'ROOT';
  if (id.startsWith('ou-')) {
    const ou = await db
      .selectFrom('org_units')
      .select('id')
      .where('id', '=', id)
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    return ou ? 'ORGANIZATIONAL_UNIT' : undefined;
  }
  if (/^\d{12}$/.test(id)) {
    // A member account the caller names: another account's membership, read by its organization.
    const member = await otherAccountScope(db, id)
      .selectFrom('org_accounts')
      .select('account_id')
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    return member ? 'ACCOUNT' : undefined;
  }
  return undefined;
}

/** The parent of an OU or account (root for top-level ones). */
export async function parentOf(db: Db, org: OrgRecord, id: string): Promise<string | undefined> {
  if (id.startsWith('ou-')) {
    const ou = await db
      .selectFrom('org_units')
      .select('parent_id')
      .where('id', '=', id)
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    return ou?.parent_id;
  }
  // A member account the caller names: another account's membership, read by its organization.
  const member = await otherAccountScope(db, id)
    .selectFrom('org_accounts')
    .select('parent_id')
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  return member?.parent_id;
}

/** The chain root → ... → id (inclusive), read upward from id. */
export async function ancestry(db: Db, org: OrgRecord, id: string): Promise<string[]> {
  const chain = [id];
  let current = id;
  while (current !== org.rootId) {
    const parent = await parentOf(db, org, current);
    if (!parent || chain.length > 10) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

/** AWS's path form: `o-x/r-y/ou-z/.../` (an account's path ends with its id too). */
export async function pathOf(db: Db, org: OrgRecord, id: string): Promise<string> {
  return `${org.id}/${(await ancestry(db, org, id)).join('/')}/`;
}

export interface PolicyTypeState {
  Type: string;
  Status: string;
}

export async function rootPolicyTypes(db: Db, org: OrgRecord): Promise<PolicyTypeState[]> {
  const root = await db.selectFrom('org_roots').select('policy_types').where('id', '=', org.rootId).executeTakeFirst();
  return root ? (JSON.parse(root.policy_types) as PolicyTypeState[]) : [];
}

export async function isPolicyTypeEnabled(db: Db, org: OrgRecord, type: string): Promise<boolean> {
  return (await rootPolicyTypes(db, org)).some((p) => p.Type === type && p.Status === 'ENABLED');
}
