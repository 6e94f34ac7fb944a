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
