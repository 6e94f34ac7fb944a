// The per-account WAF epoch: a token every WAF write replaces, so a node caching compiled web ACLs knows they are stale.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** As IAM's policy epoch (src/authz/policy-epoch.ts): a warden_meta row per account, `''` before any WAF write. */
export function wafEpochKey(accountId: string): string {
  return `wafv2-epoch:${accountId}`;
}

/** Replaces the account's WAF epoch; run it in the transaction of the change. */
export async function bumpWafEpoch(db: Kysely<Database>, accountId: string): Promise<void> {
  const value = `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('warden_meta')
    .values({ key: wafEpochKey(accountId), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function readWafEpoch(db: Kysely<Database>, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('warden_meta')
    .select('value')
    .where('key', '=', wafEpochKey(accountId))
    .executeTakeFirst();
  return row?.value ?? '';
}
