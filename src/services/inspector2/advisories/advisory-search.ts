// Finds the stored advisories that are, or name, one CVE (as their id, an alias or an upstream id), and their ecosystems.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { advisoryIdsNaming } from './advisory-aliases.js';
import { advisoriesById, type StoredAdvisory } from './advisory-store.js';
import './tables.js';

/** Advisories read for one CVE at most: real databases have a handful per CVE (NVD's, GHSA, one per distribution). */
export const MAX_ADVISORIES_PER_CVE = 100;

const CVE = /^CVE-[12][0-9]{3}-[0-9]{1,10}$/;

/** Index entries read for one CVE: withdrawn advisories are dropped after, so more are read than are answered. */
const MAX_NAMING_READ = 1000;

/**
 * The advisories (not withdrawn) that are this CVE or name it, in id order, at most MAX_ADVISORIES_PER_CVE: the CVE's
 * own record by its primary key, the others through the alias index (inspector_advisory_aliases), so a call reads
 * index ranges, never the table. Anything but a CVE id is refused before a query is built.
 */
export async function advisoriesNamingCve(db: Kysely<Database>, cve: string): Promise<StoredAdvisory[]> {
  if (!CVE.test(cve)) return [];
  const ids = new Set([cve, ...(await advisoryIdsNaming(db, cve, MAX_NAMING_READ))]);
  const byId = await advisoriesById(db, [...ids]);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, MAX_ADVISORIES_PER_CVE);
}

/** The distinct ecosystems ("Debian:12", "npm") the advisories' affected packages are in, sorted. */
export async function ecosystemsOf(db: Kysely<Database>, advisoryIds: readonly string[]): Promise<string[]> {
  if (advisoryIds.length === 0) return [];
  const rows = await db
    .selectFrom('inspector_advisory_packages')
    .select('ecosystem')
    .distinct()
    .where('advisory_id', 'in', [...advisoryIds])
    .orderBy('ecosystem')
    .limit(1000)
    .execute();
  return rows.map((r) => r.ecosystem);
}
