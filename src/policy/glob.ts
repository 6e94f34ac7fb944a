// Wildcard patterns (`*` any run of characters, `?` exactly one) compiled once into allocation-free matchers.

/** A code in a compiled pattern: a UTF-16 code unit, or one of the two wildcards. */
export const STAR = -1;
export const QUESTION = -2;

/** A piece of a pattern before compilation: literal text, or a wildcard. */
export type GlobToken = string | typeof STAR | typeof QUESTION;

const KIND_ANY = 0;
const KIND_EXACT = 1;
const KIND_PREFIX = 2;
const KIND_SUFFIX = 3;
const KIND_PREFIX_SUFFIX = 4;
const KIND_CONTAINS = 5;
const KIND_GENERAL = 6;

/** Splits a pattern string into literal runs and wildcards (every `*` and `?` is a wildcard). */
export function tokenizeGlob(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) {
      if (i > start) tokens.push(pattern.slice(start, i));
      tokens.push(c === 42 ? STAR : QUESTION);
      start = i + 1;
    }
  }
  if (start < pattern.length) tokens.push(pattern.slice(start));
  return tokens;
}

/** Merges adjacent literals and collapses runs of `*` (which match the same strings as one `*`). */
function normalize(tokens: readonly GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (typeof t === 'string') {
      if (t.length === 0) continue;
      if (typeof last === 'string') out[out.length - 1] = last + t;
      else out.push(t);
    } else if (!(t === STAR && last === STAR)) {
      out.push(t);
    }
  }
  return out;
}

function toCodes(tokens: readonly GlobToken[]): Int32Array {
  let n = 0;
  for (const t of tokens) n += typeof t === 'string' ? t.length : 1;
  const codes = new Int32Array(n);
  let k = 0;
  for (const t of tokens) {
    if (typeof t === 'string') for (let i = 0; i < t.length; i++) codes[k++] = t.charCodeAt(i);
    else codes[k++] = t;
  }
  return codes;
}

/**
 * A compiled wildcard pattern. The common shapes (exact, `abc*`, `*abc`, `ab*cd`, `*abc*`, `*`) test with a
 * single native string comparison; anything else runs the linear backtracking matcher over precomputed codes.
 * Matching is case-sensitive: callers that need case-insensitivity lower-case both sides once.
 */
export class Glob {
  private readonly kind: number;
  private readonly head: string;
  private readonly tail: string;
  private readonly minLength: number;
  /** Every pattern position as a code (STAR/QUESTION for wildcards), for the general matcher and set algebra. */
  readonly codes: Int32Array;
  /** The pattern text as written (escaped wildcards from policy variables appear as plain characters). */
  readonly source: string;
  readonly hasWildcard: boolean;
  /** True when the pattern is nothing but `*`, so it matches every string. */
  readonly matchesEverything: boolean;

  private constructor(tokens: readonly GlobToken[], source: string) {
    const t = normalize(tokens);
    this.source = source;
    this.codes = toCodes(t);
    this.hasWildcard = t.some((x) => typeof x !== 'string');
    this.matchesEverything = t.length === 1 && t[0] === STAR;
    this.head = '';
    this.tail = '';
    this.minLength = 0;
    for (const x of t) if (x !== STAR) this.minLength += typeof x === 'string' ? x.length : 1;
    if (t.length === 0) {
      this.kind = KIND_EXACT;
    } else if (this.matchesEverything) {
      this.kind = KIND_ANY;
    } else if (!this.hasWildcard) {
      this.kind = KIND_EXACT;
      this.head = t[0] as string;
    } else if (t.length === 2 && typeof t[0] === 'string' && t[1] === STAR) {
      this.kind = KIND_PREFIX;
      this.head = t[0];
    } else if (t.length === 2 && t[0] === STAR && typeof t[1] === 'string') {
      this.kind = KIND_SUFFIX;
      this.tail = t[1];
    } else if (t.length === 3 && typeof t[0] === 'string' && t[1] === STAR && typeof t[2] === 'string') {
      this.kind = KIND_PREFIX_SUFFIX;
      this.head = t[0];
      this.tail = t[2];
    } else if (t.length === 3 && t[0] === STAR && typeof t[1] === 'string' && t[2] === STAR) {
      this.kind = KIND_CONTAINS;
      this.head = t[1];
    } else {
      this.kind = KIND_GENERAL;
    }
  }

  /** Compiles a pattern in which every `*` and `?` is a wildcard. */
  static compile(pattern: string): Glob {
    return new Glob(tokenizeGlob(pattern), pattern);
  }

  /** Compiles a pattern with no wildcards at all (an exact string). */
  static literal(text: string): Glob {
    return new Glob([text], text);
  }

  /** Compiles already-tokenized input, e.g. a resolved policy-variable template whose `${*}` is a literal `*`. */
  static fromTokens(tokens: readonly GlobToken[]): Glob {
    let source = '';
    for (const t of tokens) source += typeof t === 'string' ? t : t === STAR ? '*' : '?';
    return new Glob(tokens, source);
  }

  /** Whether the whole of `s` matches. */
  test(s: string): boolean {
    switch (this.kind) {
      case KIND_ANY:
        return true;
      case KIND_EXACT:
        return s === this.head;
      case KIND_PREFIX:
        // lastIndexOf anchored at 0 is a prefix test, and measurably faster than startsWith in V8.
        return s.lastIndexOf(this.head, 0) === 0;
      case KIND_SUFFIX:
        return s.endsWith(this.tail);
      default:
        return this.testRange(s, 0, s.length);
    }
  }

  /** Whether the slice `s[start, end)` matches, without slicing. */
  testRange(s: string, start: number, end: number): boolean {
    const len = end - start;
    switch (this.kind) {
      case KIND_ANY:
        return true;
      case KIND_EXACT:
        return len === this.head.length && s.startsWith(this.head, start);
      case KIND_PREFIX:
        return len >= this.minLength && s.startsWith(this.head, start);
      case KIND_SUFFIX:
        return len >= this.minLength && s.endsWith(this.tail, end);
      case KIND_PREFIX_SUFFIX:
        return len >= this.minLength && s.startsWith(this.head, start) && s.endsWith(this.tail, end);
      case KIND_CONTAINS: {
        if (len < this.minLength) return false;
        const at = s.indexOf(this.head, start);
        return at !== -1 && at + this.head.length <= end;
      }
      default:
        return len >= this.minLength && matchCodes(this.codes, s, start, end);
    }
  }
}

/** Linear-time-in-practice glob matching with single-star backtracking (correct for `*` and `?`). */
function matchCodes(codes: Int32Array, s: string, start: number, end: number): boolean {
  const n = codes.length;
  let p = 0;
  let i = start;
  let starP = -1;
  let starI = 0;
  while (i < end) {
    if (p < n) {
      const c = codes[p];
      if (c === STAR) {
        starP = p++;
        starI = i;
        continue;
      }
      if (c === QUESTION || c === s.charCodeAt(i)) {
        p++;
        i++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    i = ++starI;
  }
  while (p < n && codes[p] === STAR) p++;
  return p === n;
}

/**
 * Whether two patterns have a string in common (both read as sets of strings). Used when a simulation asks about
 * a wildcard resource such as `arn:aws:s3:::bucket/*`: an Allow applies if it grants some of those resources.
 */
export function globsIntersect(a: Int32Array, b: Int32Array): boolean {
  const w = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * w);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const key = i * w + j;
    if (seen[key]) continue;
    seen[key] = 1;
    if (i === a.length && j === b.length) return true;
    const ca = i < a.length ? a[i] : undefined;
    const cb = j < b.length ? b[j] : undefined;
    if (ca === STAR) {
      stack.push(i + 1, j); // the star matches nothing more
      if (cb !== undefined && cb !== STAR) stack.push(i, j + 1); // the star absorbs b's next character
    }
    if (cb === STAR) {
      stack.push(i, j + 1);
      if (ca !== undefined && ca !== STAR) stack.push(i + 1, j);
    }
    if (ca !== undefined && cb !== undefined && ca !== STAR && cb !== STAR) {
      if (ca === QUESTION || cb === QUESTION || ca === cb) stack.push(i + 1, j + 1);
    }
  }
  return false;
}

/**
 * Whether every string matched by `inner` is also matched by `outer` (sound, and exact for the patterns policies
 * use): `outer` must match `inner` read as text, where an outer `*` may absorb inner wildcards and an outer `?`
 * may absorb one inner literal or `?` but never an inner `*`. An explicit Deny only covers a wildcard request
 * when it covers all of it.
 */
export function globCovers(outer: Int32Array, inner: Int32Array): boolean {
  const w = inner.length + 1;
  const seen = new Uint8Array((outer.length + 1) * w);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const key = i * w + j;
    if (seen[key]) continue;
    seen[key] = 1;
    if (i === outer.length) {
      if (j === inner.length) return true;
      continue;
    }
    const co = outer[i];
    if (co === STAR) {
      stack.push(i + 1, j);
      if (j < inner.length) stack.push(i, j + 1);
      continue;
    }
    if (j === inner.length) continue;
    const ci = inner[j];
    if (ci === STAR) continue;
    if (co === QUESTION || co === ci) stack.push(i + 1, j + 1);
  }
  return false;
}
