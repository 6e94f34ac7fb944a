// Finds the stored advisories that are, or name, one CVE (as their id, an alias or an upstream id), and their ecosystems.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { advisoriesById, type StoredAdvisory } from './advisory-store.js';
import './tables.js';

/** Advisories read for one CVE at most: real databases have a handful per CVE (NVD's, GHSA, one per distribution). */
export const MAX_ADVISORIES_PER_CVE = 100;

const CVE = /^CVE-[12][0-9]{3}-[0-9]{1,10}$/;

/**
 * The advisories (not withdrawn) that are this CVE or name it, in id order. The CVE is matched as a whole JSON string
 * in the alias lists, so CVE-2099-1 does not find CVE-2099-10; a CVE id holds no LIKE wildcard, and anything else is
 * refused before a query is built.
 */
export async function advisoriesNamingCve(db: Kysely<Database>, cve: string): Promise<StoredAdvisory[]> {
  if (!CVE.test(cve)) return [];
  const quoted = `%${JSON.stringify(cve)}%`;
  const rows = await db
    .selectFrom('inspector_advisories')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', cve), eb('aliases', 'like', quoted), eb('upstream', 'like', quoted)]))
    .where('withdrawn', 'is', null)
    .orderBy('id')
    .limit(MAX_ADVISORIES_PER_CVE)
    .execute();
  const byId = await advisoriesById(
    db,
    rows.map((r) => r.id),
  );
  // The LIKE is a prefilter: keep only advisories whose parsed lists hold the CVE exactly.
  return [...byId.values()]
    .filter((a) => a.id === cve || a.aliases.includes(cve) || a.upstream.includes(cve))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
