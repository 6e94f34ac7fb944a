// The one matcher of packages against advisories: (ecosystem, name, version) → the advisories affecting that version.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { ecosystemApplies, ecosystemBase, ecosystemComparator, packageNameKey } from './ecosystems.js';
import { evaluateAffected } from './osv-range.js';
import { advisoriesById, affectedEntriesFor, type StoredAdvisory, type StoredAffected } from './advisory-store.js';

/** A package as found on a host or in an SBOM. Debian and Ubuntu names are source package names, as OSV names them. */
export interface PackageQuery {
  /** An OSV ecosystem: "Debian:12" (or "Debian" when the release is unknown), "npm", "PyPI". */
  ecosystem: string;
  name: string;
  version: string;
}

export interface AdvisoryMatch {
  advisory: StoredAdvisory;
  /** The advisory's entry for this package (its ranges, versions and per-package severities). */
  affected: StoredAffected;
  /** The version that fixes it, when the advisory names one. */
  fixedVersion?: string;
}

/** Packages matched between two yields to the event loop. */
const YIELD_EVERY = 100;

/** One package's matches, and whether any advisory names the package at all (whatever its versions). */
export interface PackageMatches {
  matches: AdvisoryMatch[];
  /** False when no stored advisory names this package in its ecosystem: nothing could be checked. */
  known: boolean;
}

/**
 * For each query (in order), the advisories affecting that exact version, each advisory once, sorted by id. One
 * lookup for the whole batch, so a scan of thousands of packages costs a few queries.
 */
export async function matchPackages(
  db: Kysely<Database>,
  queries: readonly PackageQuery[],
): Promise<AdvisoryMatch[][]> {
  return (await matchPackagesDetailed(db, queries)).map((r) => r.matches);
}

/** matchPackages, with whether each package is known to the advisories at all. */
export async function matchPackagesDetailed(
  db: Kysely<Database>,
  queries: readonly PackageQuery[],
): Promise<PackageMatches[]> {
  const keys = queries.map((q) => ({
    ecosystemBase: ecosystemBase(q.ecosystem),
    nameKey: packageNameKey(q.ecosystem, q.name),
  }));
  const entries = await affectedEntriesFor(db, keys);
  const byKey = new Map<string, StoredAffected[]>();
  for (const e of entries) {
    const k = `${e.ecosystemBase}\u0000${e.nameKey}`;
    const list = byKey.get(k) ?? [];
    list.push(e);
    byKey.set(k, list);
  }
  const known: boolean[] = [];
  const hits: Map<string, { affected: StoredAffected; fixedVersion?: string }>[] = [];
  for (const [i, q] of queries.entries()) {
    // A scan of thousands of packages lets other requests run between slices of its matching.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const candidates = (byKey.get(`${keys[i]!.ecosystemBase}\u0000${keys[i]!.nameKey}`) ?? []).filter((c) =>
      ecosystemApplies(c.ecosystem, q.ecosystem),
    );
    known.push(candidates.length > 0);
    const compare = ecosystemComparator(q.ecosystem);
    const found = new Map<string, { affected: StoredAffected; fixedVersion?: string }>();
    for (const c of candidates) {
      const verdict = evaluateAffected(q.version, c, compare);
      if (!verdict.affected) continue;
      const prior = found.get(c.advisoryId);
      if (prior === undefined || (prior.fixedVersion === undefined && verdict.fixedVersion !== undefined))
        found.set(c.advisoryId, { affected: c, fixedVersion: verdict.fixedVersion });
    }
    hits.push(found);
  }
  const advisories = await advisoriesById(
    db,
    hits.flatMap((h) => [...h.keys()]),
  );
  return hits.map((found, i) => ({
    known: known[i]!,
    matches: [...found.entries()]
      .filter(([id]) => advisories.has(id))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, f]) => ({ advisory: advisories.get(id)!, affected: f.affected, fixedVersion: f.fixedVersion })),
  }));
}

/** The advisories affecting one package version (see matchPackages). */
export async function matchPackage(db: Kysely<Database>, query: PackageQuery): Promise<AdvisoryMatch[]> {
  return (await matchPackages(db, [query]))[0]!;
}
