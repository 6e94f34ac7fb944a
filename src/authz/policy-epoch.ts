// The per-account policy epoch: a token every IAM change replaces, so every node knows when its caches went stale.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import type { Database } from '../store/schema.js';

/**
 * Several stateless nodes share one database, each caching compiled policies and IAM entity facts. Every IAM
 * write replaces the account's epoch token (in warden_meta); a node reuses what it cached only while the token it
 * cached under is still the current one. A missing row is the epoch `''` (no IAM change since the store began).
 */
export const POLICY_EPOCH_PREFIX = 'policy-epoch:';

export function policyEpochKey(accountId: string): string {
  return `${POLICY_EPOCH_PREFIX}${accountId}`;
}

/** Replaces the account's epoch token. Run it with the transaction of the change, or right after it commits. */
export async function bumpPolicyEpoch(db: Kysely<Database>, accountId: string): Promise<void> {
  const value = `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('warden_meta')
    .values({ key: policyEpochKey(accountId), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function readPolicyEpoch(db: Kysely<Database>, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('warden_meta')
    .select('value')
    .where('key', '=', policyEpochKey(accountId))
    .executeTakeFirst();
  return row?.value ?? '';
}

/**
 * An organization's changes (SCPs, RCPs, accounts moving between OUs) reach every account of it at once: the service
 * holding organizations (runtime.organizations) moves one deployment-wide epoch in the transaction of each, and
 * guardrails cached under another epoch are reloaded.
 */
export const ORG_EPOCH_KEY = 'org_epoch';

/** Replaces the organizations epoch token; run it inside the transaction that changes an organization. */
export async function bumpOrgEpoch(db: Kysely<Database>): Promise<void> {
  const value = `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('warden_meta')
    .values({ key: ORG_EPOCH_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The current organizations epoch token; `''` when no organization was ever changed. */
export async function readOrgEpoch(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('warden_meta').select('value').where('key', '=', ORG_EPOCH_KEY).executeTakeFirst();
  return row?.value ?? '';
}

/**
 * The epoch authentication read in the same query that found the access key, so authorization needs no read of
 * its own. Keyed by the identity object of one request; it goes away with the request.
 */
const seenAtAuthentication = new WeakMap<CallerIdentity, { account: string; organizations: string }>();

export function rememberPolicyEpoch(
  identity: CallerIdentity,
  epoch: string | null | undefined,
  organizationsEpoch: string | null | undefined = undefined,
): void {
  seenAtAuthentication.set(identity, { account: epoch ?? '', organizations: organizationsEpoch ?? '' });
}

/** The account's current epoch: the one authentication saw for this request, else read now. */
export async function currentPolicyEpoch(db: Kysely<Database>, identity: CallerIdentity): Promise<string> {
  return seenAtAuthentication.get(identity)?.account ?? readPolicyEpoch(db, identity.accountId);
}

/** The organizations epoch: the one authentication saw for this request, else read now. */
export async function currentOrganizationsEpoch(db: Kysely<Database>, identity: CallerIdentity): Promise<string> {
  return seenAtAuthentication.get(identity)?.organizations ?? readOrgEpoch(db);
}
