// OSV ecosystems Warden orders versions for, how their package names compare, and the comparator for each.
import { compareDebianVersions } from './versions/dpkg.js';
import { comparePep440 } from './versions/pep440.js';
import { compareSemver } from './versions/semver.js';

/** -1, 0 or 1, or undefined when either version is not one the ecosystem can order. */
export type VersionComparator = (a: string, b: string) => number | undefined;

/** The ecosystem without its release suffix: "Debian:12" → "Debian", "npm" → "npm". */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

/**
 * The comparator for ECOSYSTEM ranges: dpkg's ordering for Debian and Ubuntu (both dpkg-based), SemVer for npm (npm
 * orders by node-semver), PEP 440 for PyPI. Other ecosystems have none: their ranges are not evaluated (only their
 * explicit `versions` lists match), rather than ordered by a guess.
 */
export function ecosystemComparator(ecosystem: string): VersionComparator | undefined {
  switch (ecosystemBase(ecosystem)) {
    case 'Debian':
    case 'Ubuntu':
      return compareDebianVersions;
    case 'npm':
      return compareSemver;
    case 'PyPI':
      return comparePep440;
    default:
      return undefined;
  }
}

/**
 * The key a package name is looked up by: PyPI names as PEP 503 normalizes them (runs of "-", "_", "." become one
 * "-", lowercase), because OSV and installers spell them differently; other ecosystems' names are exact.
 */
export function packageNameKey(ecosystem: string, name: string): string {
  if (ecosystemBase(ecosystem) === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  return name;
}

/**
 * Whether an advisory for `advisoryEcosystem` applies to a package of `packageEcosystem`: the same base, and when both
 * name a release ("Debian:12"), the same release; an advisory without a release applies to every release, and a
 * package whose release is unknown is matched against every release's advisories.
 */
export function ecosystemApplies(advisoryEcosystem: string, packageEcosystem: string): boolean {
  if (ecosystemBase(advisoryEcosystem) !== ecosystemBase(packageEcosystem)) return false;
  if (advisoryEcosystem === ecosystemBase(advisoryEcosystem) || packageEcosystem === ecosystemBase(packageEcosystem))
    return true;
  return advisoryEcosystem === packageEcosystem;
}
