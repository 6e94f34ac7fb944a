// OSV's evaluation of affected versions (schema "Evaluation"): explicit versions, and SEMVER / ECOSYSTEM ranges of events.
import { compareSemver } from './versions/semver.js';
import type { VersionComparator } from './ecosystems.js';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  events: OsvEvent[];
}

export interface AffectedVersions {
  ranges: readonly OsvRange[];
  versions: readonly string[];
}

export interface AffectedVerdict {
  affected: boolean;
  /** The first `fixed` above the version in the range that affects it (undefined when none is known). */
  fixedVersion?: string;
}

/** One event reduced to its kind and version. */
interface Event {
  kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  version: string;
}

function eventOf(e: OsvEvent): Event | undefined {
  if (e.introduced !== undefined) return { kind: 'introduced', version: e.introduced };
  if (e.fixed !== undefined) return { kind: 'fixed', version: e.fixed };
  if (e.last_affected !== undefined) return { kind: 'last_affected', version: e.last_affected };
  if (e.limit !== undefined) return { kind: 'limit', version: e.limit };
  return undefined;
}

/** Where an event's version sits: an "introduced: 0" before every version, a "*" limit after every version. */
function tier(e: Event): number {
  if (e.kind === 'introduced' && e.version === '0') return 0;
  if (e.kind === 'limit' && e.version.includes('*')) return 2;
  return 1;
}

/** Orders two events by version; undefined when their versions cannot be ordered. */
function compareEvents(a: Event, b: Event, compare: VersionComparator): number | undefined {
  const ta = tier(a);
  const tb = tier(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return ta === 1 ? compare(a.version, b.version) : 0;
}

/**
 * One range's verdict, as OSV's IncludedInRanges walks it: events sorted by version, an `introduced` at or below v
 * makes it vulnerable, a `fixed` at or below v (or a `last_affected` below v) makes it safe again, and the range
 * counts only below one of its limits. A range whose events (or the version) cannot be ordered is not evaluated.
 */
function rangeVerdict(version: string, range: OsvRange, compare: VersionComparator): AffectedVerdict | undefined {
  // A version the ordering cannot read is no version of this range's kind, even against an "introduced: 0".
  if (compare(version, version) === undefined) return undefined;
  const events = range.events.map(eventOf).filter((e): e is Event => e !== undefined);
  let unorderable = false;
  const sorted = [...events].sort((a, b) => {
    const d = compareEvents(a, b, compare);
    if (d === undefined) unorderable = true;
    return d ?? 0;
  });
  if (unorderable) return undefined;
  /** The version against an event's version: above "0", below "*". */
  const against = (e: Event): number | undefined => {
    const t = tier(e);
    return t === 0 ? 1 : t === 2 ? -1 : compare(version, e.version);
  };
  const limits = sorted.filter((e) => e.kind === 'limit');
  if (limits.length > 0 && !limits.some((e) => against(e) === -1)) return { affected: false };
  let vulnerable = false;
  for (const e of sorted) {
    const d = against(e);
    if (d === undefined) return undefined;
    if (e.kind === 'introduced' && d >= 0) vulnerable = true;
    else if (e.kind === 'fixed' && d >= 0) vulnerable = false;
    else if (e.kind === 'last_affected' && d > 0) vulnerable = false;
  }
  if (!vulnerable) return { affected: false };
  const fix = sorted.find((e) => e.kind === 'fixed' && against(e) === -1);
  return fix === undefined ? { affected: true } : { affected: true, fixedVersion: fix.version };
}

/**
 * Whether `version` is affected: listed in `versions` (equal in the ecosystem's ordering, or as a string where the
 * ecosystem has none), or inside any SEMVER range (SemVer precedence whatever the ecosystem) or ECOSYSTEM range (the
 * ecosystem's comparator). GIT ranges name commits, not package versions, and are not evaluated.
 */
export function evaluateAffected(
  version: string,
  affected: AffectedVersions,
  compare: VersionComparator | undefined,
): AffectedVerdict {
  let verdict: AffectedVerdict = { affected: false };
  for (const range of affected.ranges) {
    const comparator = range.type === 'SEMVER' ? compareSemver : range.type === 'ECOSYSTEM' ? compare : undefined;
    if (comparator === undefined) continue;
    const v = rangeVerdict(version, range, comparator);
    if (v?.affected) {
      if (v.fixedVersion !== undefined) return v;
      verdict = v;
    }
  }
  if (verdict.affected) return verdict;
  const listed = affected.versions.some((listedVersion) =>
    listedVersion === version ? true : compare !== undefined && compare(listedVersion, version) === 0,
  );
  return listed ? { affected: true } : verdict;
}
