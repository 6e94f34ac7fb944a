// ARN patterns: matched per colon-delimited component, as IAM does for Resource elements and the Arn operators.
import { Glob, globCovers, globsIntersect, QUESTION, STAR, tokenizeGlob } from './glob.js';
import type { GlobToken } from './glob.js';

const COLON = 58;

/** Indices of the first five colons (the ends of partition, service, region, account), or null if fewer. */
function firstFiveColons(codes: Int32Array): number[] | null {
  const at: number[] = [];
  for (let i = 0; i < codes.length && at.length < 5; i++) if (codes[i] === COLON) at.push(i);
  return at.length === 5 ? at : null;
}

function tokensOf(codes: Int32Array): GlobToken[] {
  const out: GlobToken[] = [];
  let text = '';
  for (const c of codes) {
    if (c === STAR || c === QUESTION) {
      if (text) out.push(text);
      text = '';
      out.push(c);
    } else {
      text += String.fromCharCode(c);
    }
  }
  if (text) out.push(text);
  return out;
}

/** Splits codes into the six ARN components (the sixth keeps any further colons), or null if not ARN-shaped. */
function splitSegments(codes: Int32Array): Int32Array[] | null {
  const colons = firstFiveColons(codes);
  if (!colons) return null;
  const segs: Int32Array[] = [];
  let from = 0;
  for (const c of colons) {
    segs.push(codes.subarray(from, c));
    from = c + 1;
  }
  segs.push(codes.subarray(from));
  return segs;
}

/** A value tested against ARN patterns, able to hand out its six components (computed once, then shared). */
export interface ArnValue {
  readonly value: string;
  /** The six components (the last keeps any further colons), or null when the value is not ARN-shaped. */
  segments(): readonly string[] | null;
}

/** Splits an ARN into its six components, or null if it has fewer than five colons. */
export function splitArn(value: string): string[] | null {
  const out: string[] = [];
  let pos = 0;
  for (let k = 0; k < 5; k++) {
    const colon = value.indexOf(':', pos);
    if (colon < 0) return null;
    out.push(value.slice(pos, colon));
    pos = colon + 1;
  }
  out.push(value.slice(pos));
  return out;
}

/**
 * A compiled ARN pattern. `*` and `?` never cross a colon inside the first five components, while the resource
 * component may itself contain colons and slashes. When the first five components hold no wildcard the whole
 * pattern is one glob (the literal prefix pins the components), which is the common and fastest case.
 */
export class ArnMatcher {
  private readonly whole: Glob | null;
  private readonly segments: Glob[] | null;
  /** Segmented patterns: the literal text before the first wildcard, for a quick reject. */
  private readonly head: string = '';
  /** The pattern's codes, kept for the set algebra used by wildcard simulations. */
  private readonly codes: Int32Array;
  readonly source: string;
  readonly matchesEverything: boolean;

  private constructor(whole: Glob) {
    this.codes = whole.codes;
    this.source = whole.source;
    this.matchesEverything = whole.matchesEverything;
    const colons = firstFiveColons(whole.codes);
    // firstFiveColons finds exactly five colons or none.
    const wildInHead = colons !== null && whole.codes.subarray(0, colons[4]!).some((c) => c < 0);
    if (wildInHead) {
      this.whole = null;
      this.segments = splitSegments(whole.codes)!.map((s) => Glob.fromTokens(tokensOf(s)));
      // The head is the literal text before the first wildcard, which lies before the fifth colon.
      const firstWildcard = whole.codes.findIndex((c) => c < 0);
      this.head = whole.source.slice(0, firstWildcard);
    } else {
      this.whole = whole;
      this.segments = null;
    }
  }

  static compile(pattern: string): ArnMatcher {
    return new ArnMatcher(Glob.fromTokens(tokenizeGlob(pattern)));
  }

  static fromTokens(tokens: readonly GlobToken[]): ArnMatcher {
    return new ArnMatcher(Glob.fromTokens(tokens));
  }

  /** Whether a concrete ARN (or the literal `*` of an action without resource types) matches. */
  test(value: string): boolean {
    if (this.whole !== null) return this.whole.test(value);
    if (value.lastIndexOf(this.head, 0) !== 0) return false;
    return this.testSegments(splitArn(value));
  }

  /** Like {@link test}, reusing the value's components across the many patterns of one decision. */
  testValue(v: ArnValue): boolean {
    if (this.whole !== null) return this.whole.test(v.value);
    if (v.value.lastIndexOf(this.head, 0) !== 0) return false;
    return this.testSegments(v.segments());
  }

  private testSegments(parts: readonly string[] | null): boolean {
    if (parts === null) return false;
    const segs = this.segments!;
    // splitSegments and splitArn both give an ARN's six components.
    for (let k = 0; k < 6; k++) if (!segs[k]!.test(parts[k]!)) return false;
    return true;
  }

  /** Simulation: whether some resource matched by the request pattern is matched by this pattern. */
  intersects(request: Int32Array): boolean {
    const mine = splitSegments(this.codes);
    const theirs = mine ? splitSegments(request) : null;
    if (!mine || !theirs) return globsIntersect(this.codes, request);
    // splitSegments gives an ARN's six components.
    for (let k = 0; k < 6; k++) if (!globsIntersect(mine[k]!, theirs[k]!)) return false;
    return true;
  }

  /** Simulation: whether every resource matched by the request pattern is matched by this pattern. */
  covers(request: Int32Array): boolean {
    const mine = splitSegments(this.codes);
    const theirs = mine ? splitSegments(request) : null;
    if (!mine || !theirs) return globCovers(this.codes, request);
    // splitSegments gives an ARN's six components.
    for (let k = 0; k < 6; k++) if (!globCovers(mine[k]!, theirs[k]!)) return false;
    return true;
  }
}

/** The account component of an ARN (empty for S3-style ARNs), or undefined if the string is not an ARN. */
export function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  // What `arn.split(':', 5)[4]` is, without the array and the four strings before it (asked on every decision).
  let colon = 3;
  for (let k = 0; k < 3; k++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon < 0) return undefined;
  }
  const end = arn.indexOf(':', colon + 1);
  return end < 0 ? arn.slice(colon + 1) : arn.slice(colon + 1, end);
}

/** The service component of an ARN, or undefined. */
export function arnService(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':', 3);
  return parts.length === 3 ? parts[2] : undefined;
}
