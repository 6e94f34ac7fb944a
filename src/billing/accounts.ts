// Whose usage an account may see: a management account sees its whole organization, anyone else only itself.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface BilledAccount {
  id: string;
  name: string;
}

/** The accounts whose usage accountId's bill consolidates, sorted by id. */
export async function consolidatedAccounts(db: Kysely<Database>, accountId: string): Promise<BilledAccount[]> {
  const org = await db
    .selectFrom('org_organizations')
    .select('id')
    .where('management_account_id', '=', accountId)
    .executeTakeFirst();
  if (org) {
    const members = await db
      .selectFrom('org_accounts as m')
      .leftJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['m.account_id', 'a.name'])
      .where('m.org_id', '=', org.id)
      .orderBy('m.account_id')
      .execute();
    return withManager(
      members.map((m) => ({ id: m.account_id, name: m.name ?? m.account_id })),
      accountId,
      db,
    );
  }
  return [await accountNamed(db, accountId)];
}

/** The management account is always on its own bill, whether or not org_accounts lists it. */
async function withManager(
  members: BilledAccount[],
  managerId: string,
  db: Kysely<Database>,
): Promise<BilledAccount[]> {
  if (members.some((m) => m.id === managerId)) return members;
  return [...members, await accountNamed(db, managerId)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function accountNamed(db: Kysely<Database>, accountId: string): Promise<BilledAccount> {
  const row = await db.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirst();
  return { id: accountId, name: row?.name ?? accountId };
}

/** The organization accountId belongs to (as its management account or a member), if any. */
async function organizationOf(db: Kysely<Database>, accountId: string): Promise<string | undefined> {
  const managed = await db
    .selectFrom('org_organizations')
    .select('id')
    .where('management_account_id', '=', accountId)
    .executeTakeFirst();
  if (managed) return managed.id;
  const member = await db
    .selectFrom('org_accounts')
    .select('org_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return member?.org_id;
}

/**
 * The consolidated-billing family accountId's usage is priced in: every account of its organization (AWS treats
 * them as one account for pricing tiers and blended rates), or the account alone. Sorted by id. A member sees only
 * its own usage (consolidatedAccounts), but that usage is still priced with the whole family's.
 */
export async function billingFamily(db: Kysely<Database>, accountId: string): Promise<string[]> {
  const orgId = await organizationOf(db, accountId);
  if (orgId === undefined) return [accountId];
  const org = await db
    .selectFrom('org_organizations')
    .select('management_account_id')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  const members = await db.selectFrom('org_accounts').select('account_id').where('org_id', '=', orgId).execute();
  return [...new Set([org.management_account_id, ...members.map((m) => m.account_id)])].sort();
}

/** For every account in an organization, its organization's id: the family its usage is priced in. */
export async function familyKeys(db: Kysely<Database>): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const orgs = await db.selectFrom('org_organizations').select(['id', 'management_account_id']).execute();
  for (const org of orgs) keys.set(org.management_account_id, org.id);
  const members = await db.selectFrom('org_accounts').select(['account_id', 'org_id']).execute();
  for (const m of members) keys.set(m.account_id, m.org_id);
  return keys;
}
