// SemVer 2.0 precedence (npm packages and OSV SEMVER ranges), by the `semver` package npm itself uses.
import semver from 'semver';
import { memoizedParser } from './parse-cache.js';

const MAX_LENGTH = 256;

/** The canonical form of a SemVer version (a leading "v" or "=" dropped, as npm does); undefined when invalid. */
export function parseSemver(text: string): string | undefined {
  const v = text.trim();
  if (v === '' || v.length > MAX_LENGTH) return undefined;
  return (semver.parse(v) ?? semver.parse(v, { loose: true }))?.version;
}

const parseMemo = memoizedParser(parseSemver);

/** -1, 0 or 1 by SemVer 2.0 precedence (build metadata ignored); undefined when either is not a version. */
export function compareSemver(a: string, b: string): number | undefined {
  const x = parseMemo(a);
  const y = parseMemo(b);
  if (x === undefined || y === undefined) return undefined;
  return semver.compare(x, y);
}
