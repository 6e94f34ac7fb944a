// Debian version ordering (Debian Policy §5.6.12): [epoch:]upstream[-revision], compared as dpkg compares them.
import { memoizedParser } from './parse-cache.js';

/** A Debian version split into its three parts; absent epoch is 0 and absent revision compares as "0". */
export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

const MAX_LENGTH = 256;
const UPSTREAM = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

/**
 * Splits a version as dpkg does: the epoch before the first colon, the revision after the last hyphen. Returns
 * undefined for what dpkg refuses (an epoch that is not a number, an upstream part not starting with a digit,
 * characters outside Policy's alphabet), so a caller never orders a string dpkg itself would not.
 */
export function parseDebianVersion(text: string): DebianVersion | undefined {
  const v = text.trim();
  if (v === '' || v.length > MAX_LENGTH) return undefined;
  const colon = v.indexOf(':');
  let epoch = '0';
  let rest = v;
  if (colon >= 0) {
    epoch = v.slice(0, colon);
    rest = v.slice(colon + 1);
    if (!/^[0-9]+$/.test(epoch)) return undefined;
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (!UPSTREAM.test(upstream)) return undefined;
  // A hyphen in the upstream part needs a revision, a colon needs an epoch (Policy §5.6.12).
  if (hyphen >= 0 && !REVISION.test(revision)) return undefined;
  if (colon < 0 && upstream.includes(':')) return undefined;
  return { epoch, upstream, revision };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Policy's weight of one character of a non-digit run: '~' before the end, the end before letters, letters before the rest. */
function weight(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c === 126) return -1; // '~'
  if (isLetter(c)) return c;
  return c + 256;
}

/** Compares two digit strings as numbers of any length (leading zeros ignored). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Policy's comparison of an upstream or revision part: alternating non-digit runs (by weight) and digit runs (as numbers). */
export function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // The non-digit run: character by character, the shorter run padded with "end" (weight 0).
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const wa = i < a.length && !isDigit(a.charCodeAt(i)) ? weight(a, i) : 0;
      const wb = j < b.length && !isDigit(b.charCodeAt(j)) ? weight(b, j) : 0;
      if (wa !== wb) return wa < wb ? -1 : 1;
      if (i < a.length && !isDigit(a.charCodeAt(i))) i++;
      if (j < b.length && !isDigit(b.charCodeAt(j))) j++;
    }
    // The digit run: as a number of any length, an empty run counting as 0 (compared in place, leading zeros skipped).
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    const si = i;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    if (i - si !== j - sj) return i - si < j - sj ? -1 : 1;
    for (let k = 0; k < i - si; k++) {
      const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
  }
  return 0;
}

/** Orders two parsed Debian versions: epoch, then upstream, then revision. */
export function compareDebianParsed(a: DebianVersion, b: DebianVersion): number {
  return compareDigits(a.epoch, b.epoch) || comparePart(a.upstream, b.upstream) || comparePart(a.revision, b.revision);
}

const parseMemo = memoizedParser(parseDebianVersion);

/** -1, 0 or 1 as dpkg --compare-versions orders a and b; undefined when either is not a Debian version. */
export function compareDebianVersions(a: string, b: string): number | undefined {
  const x = parseMemo(a);
  const y = parseMemo(b);
  if (x === undefined || y === undefined) return undefined;
  return compareDebianParsed(x, y);
}
