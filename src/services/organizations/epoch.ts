// The deployment-wide organizations epoch: replaced in the transaction of every org change so nodes reload guardrails.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

export const ORG_EPOCH_KEY = 'org_epoch';

/** Replaces the epoch token; run it inside the transaction that changes the organization. */
export async function bumpOrgEpoch(db: Kysely<Database>): Promise<void> {
  const value = `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('warden_meta')
    .values({ key: ORG_EPOCH_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The current token; `''` when no organization was ever changed. */
export async function readOrgEpoch(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('warden_meta').select('value').where('key', '=', ORG_EPOCH_KEY).executeTakeFirst();
  return row?.value ?? '';
}
