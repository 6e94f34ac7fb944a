// PEP 440 versions (Python packages): normalization and ordering of epochs, releases, pre/post/dev releases and local versions.
import { memoizedParser } from './parse-cache.js';

/** A version in PEP 440's normal form; numbers are bigint because the spec puts no bound on them. */
export interface Pep440Version {
  epoch: bigint;
  release: bigint[];
  pre?: { label: 'a' | 'b' | 'rc'; number: bigint };
  post?: bigint;
  dev?: bigint;
  /** Local segments, lowercase, numbers as bigint. */
  local?: (bigint | string)[];
}

const MAX_LENGTH = 256;

// PEP 440's permissive grammar (appendix "Parsing version strings"), anchored, case-insensitive; input length is
// capped above, and every repetition here is separated by a literal, so matching is linear.
const VERSION = new RegExp(
  '^v?' +
    '(?:([0-9]+)!)?' + // epoch
    '([0-9]+(?:\\.[0-9]+)*)' + // release
    '(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?([0-9]+)?)?' + // pre-release
    '(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?' + // post-release
    '(?:[-_.]?(dev)[-_.]?([0-9]+)?)?' + // dev release
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$', // local version
  'i',
);

const PRE_LABEL: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** Parses and normalizes a version; undefined when it is not valid PEP 440 (legacy versions are not ordered). */
export function parsePep440(text: string): Pep440Version | undefined {
  const v = text.trim();
  if (v === '' || v.length > MAX_LENGTH) return undefined;
  const m = VERSION.exec(v);
  if (m === null) return undefined;
  const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  const out: Pep440Version = {
    epoch: epoch === undefined ? 0n : BigInt(epoch),
    release: release!.split('.').map((n) => BigInt(n)),
  };
  // An implicit number is 0 (PEP 440: "1.0a" is "1.0a0", "1.0.post" is "1.0.post0", "1.0.dev" is "1.0.dev0").
  if (preL !== undefined) out.pre = { label: PRE_LABEL[preL.toLowerCase()]!, number: BigInt(preN ?? '0') };
  if (postN1 !== undefined) out.post = BigInt(postN1);
  else if (postL !== undefined) out.post = BigInt(postN2 ?? '0');
  if (devL !== undefined) out.dev = BigInt(devN ?? '0');
  if (local !== undefined)
    out.local = local
      .toLowerCase()
      .split(/[-_.]/)
      .map((s) => (/^[0-9]+$/.test(s) ? BigInt(s) : s));
  return out;
}

/** The normal form PEP 440 prints (e.g. "1!2.0rc1.post0.dev3+ubuntu.1"). */
export function normalizePep440(v: Pep440Version): string {
  let s = v.epoch === 0n ? '' : `${v.epoch}!`;
  s += v.release.join('.');
  if (v.pre) s += `${v.pre.label}${v.pre.number}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/** Releases compare as if padded with zeros: 1.0 == 1.0.0. */
function compareRelease(a: readonly bigint[], b: readonly bigint[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = cmp(a[i] ?? 0n, b[i] ?? 0n);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Where the pre-release part puts a version among its release's versions: a dev release of the release itself
 * (1.0.dev0) before every pre-release, pre-releases by label then number, the release (and its post releases) after.
 */
function preKey(v: Pep440Version): [number, bigint] {
  if (v.pre) return [PRE_RANK[v.pre.label], v.pre.number];
  if (v.post === undefined && v.dev !== undefined) return [-1, 0n];
  return [3, 0n];
}

/** Local versions: none sorts first; segment by segment, numbers after strings, strings lexicographically, a prefix first. */
function compareLocal(a: Pep440Version['local'], b: Pep440Version['local']): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'bigint' && typeof y === 'bigint') {
      const d = cmp(x, y);
      if (d !== 0) return d;
    } else if (typeof x === 'bigint') return 1;
    else if (typeof y === 'bigint') return -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Orders two parsed versions as PEP 440 (and the `packaging` library) do. */
export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  const e = cmp(a.epoch, b.epoch);
  if (e !== 0) return e;
  const r = compareRelease(a.release, b.release);
  if (r !== 0) return r;
  const [pa, pna] = preKey(a);
  const [pb, pnb] = preKey(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  const pn = cmp(pna, pnb);
  if (pn !== 0) return pn;
  // No post release sorts before any post release.
  if (a.post !== b.post) {
    if (a.post === undefined) return -1;
    if (b.post === undefined) return 1;
    return cmp(a.post, b.post);
  }
  // No dev release sorts after any dev release.
  if (a.dev !== b.dev) {
    if (a.dev === undefined) return 1;
    if (b.dev === undefined) return -1;
    return cmp(a.dev, b.dev);
  }
  return compareLocal(a.local, b.local);
}

const parseMemo = memoizedParser(parsePep440);

/** -1, 0 or 1 as PEP 440 orders a and b; undefined when either is not a valid version. */
export function comparePep440(a: string, b: string): number | undefined {
  const x = parseMemo(a);
  const y = parseMemo(b);
  if (x === undefined || y === undefined) return undefined;
  return comparePep440Parsed(x, y);
}
