// WAF regular expressions: AWS's PCRE syntax rewritten for RE2 and run on re2js, whose matching time is linear in the input.
import { RE2JS } from 're2js';
import { requiredLiteral } from './required-literal.js';

/** A pattern WAF refuses: PCRE constructs AWS does not support, or a pattern that is not a valid expression. */
export class WafRegexError extends Error {}

/** A compiled WAF regex: whether it matches anywhere in a value (a search, as AWS's RegexMatch does). */
export interface WafRegex {
  test(value: string): boolean;
}

/**
 * Largest RE2 program (instructions) a pattern may compile to. Matching is linear in the input but its constant grows
 * with the program (a 1,000-instruction program takes about 0.1 s over an 8 KB body), so this bounds the worst value;
 * AWS likewise refuses "large values of quantifiers" and "excessive nested repeated patterns". 1,000 admits any
 * 200-character pattern without counted repeats, and counted repeats up to a few hundred.
 */
export const MAX_PROGRAM_SIZE = 1000;

type Ranges = readonly (readonly [number, number])[];

/** PCRE's class escapes whose RE2 reading differs or is missing (RE2's `\v` is only U+000B, `\s` lacks it). */
const CLASS_ESCAPES: Readonly<Record<string, { ranges: Ranges; negated: boolean }>> = (() => {
  const h: Ranges = [
    [0x09, 0x09],
    [0x20, 0x20],
    [0xa0, 0xa0],
    [0x1680, 0x1680],
    [0x180e, 0x180e],
    [0x2000, 0x200a],
    [0x202f, 0x202f],
    [0x205f, 0x205f],
    [0x3000, 0x3000],
  ];
  const v: Ranges = [
    [0x0a, 0x0d],
    [0x85, 0x85],
    [0x2028, 0x2029],
  ];
  const s: Ranges = [
    [0x09, 0x0d],
    [0x20, 0x20],
  ];
  return {
    h: { ranges: h, negated: false },
    H: { ranges: h, negated: true },
    v: { ranges: v, negated: false },
    V: { ranges: v, negated: true },
    s: { ranges: s, negated: false },
    S: { ranges: s, negated: true },
  };
})();

/** Escapes AWS lists as unsupported (\C, \R, \K), PCRE-only ones RE2 lacks (\G, \X), and backreferences. */
const REFUSED_ESCAPE = /^[CRKGXgk1-9]$/;

/** An inline flag group: `(?flags)` sets them to the end of the enclosing group, `(?flags:` within its own. */
const FLAG_GROUP = /\(\?([A-Za-z]*(?:-[A-Za-z]*)?)([:)])/y;

/** Whether `flag` is on after the group's flags (`on-off`) apply to `current`. */
function flagSets(flags: string, flag: string, current: boolean): boolean {
  const [on = '', off = ''] = flags.split('-');
  if (off.includes(flag)) return false;
  return on.includes(flag) ? true : current;
}

function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

/** The items of an RE2 character class (without brackets) for a PCRE class escape. */
function classItems(escape: string): string {
  const { ranges, negated } = CLASS_ESCAPES[escape]!;
  const hex = (c: number) => `\\x{${c.toString(16)}}`;
  return (negated ? complement(ranges) : ranges)
    .map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`))
    .join('');
}

/**
 * Rewrites a WAF (PCRE) pattern in RE2 syntax, or throws WafRegexError for a construct AWS refuses. What RE2 already
 * reads as PCRE does passes through unchanged; the parser then refuses what neither supports (lookaround, atomic
 * groups, possessive quantifiers, conditionals, recursion, verbs, callouts).
 */
export function toRe2Syntax(pattern: string): string {
  let out = '';
  let inClass = false;
  // Whether (?m) is in force, and its value outside each open group: it decides what `$` means.
  let multiline = false;
  const groups: boolean[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw new WafRegexError('The pattern ends with a lone backslash.');
      if (REFUSED_ESCAPE.test(e)) throw new WafRegexError(`\\${e} is not supported.`);
      if (e === 'Q' && !inClass) {
        // \Q…\E quotes literally; RE2 reads it the same way, so it is copied untouched.
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      if (e in CLASS_ESCAPES) out += inClass ? classItems(e) : `[${classItems(e)}]`;
      else if (e === 'N' && !inClass && pattern[i + 2] !== '{') out += '[^\\n]';
      else if (e === 'e') out += '\\x{1b}';
      // PCRE's \Z is the end or before a final newline; eating that newline leaves whether a match exists unchanged.
      else if (e === 'Z' && !inClass) out += '(?:\\n?\\z)';
      else out += c + e;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[' && pattern[i + 1] === ':') {
        // A POSIX class [:name:] is copied whole, so its ']' does not close the outer class.
        const end = pattern.indexOf(':]', i + 2);
        if (end >= 0) {
          out += pattern.slice(i, end + 2);
          i = end + 2;
          continue;
        }
      }
      out += c;
      i += 1;
      continue;
    }
    if (c === '[') {
      // A ']' first in the class (after an optional '^') is a literal in both dialects.
      let open = '[';
      if (pattern[i + 1] === '^') open += '^';
      if (pattern[i + open.length] === ']') open += ']';
      out += open;
      inClass = true;
      i += open.length;
      continue;
    }
    if (pattern.startsWith('(?#', i)) {
      const end = pattern.indexOf(')', i);
      if (end < 0) throw new WafRegexError('A (?# comment is not closed.');
      i = end + 1;
      continue;
    }
    if (c === '(') {
      FLAG_GROUP.lastIndex = i;
      const flags = FLAG_GROUP.exec(pattern);
      if (flags?.[2] !== ')') groups.push(multiline);
      if (flags) multiline = flagSets(flags[1]!, 'm', multiline);
    } else if (c === ')') {
      multiline = groups.pop() ?? multiline;
    } else if (c === '$' && !multiline) {
      // PCRE's `$` is the end or before a final newline (RE2's is the end only); see \Z above.
      out += '(?:\\n?\\z)';
      i += 1;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

/**
 * Compiles a WAF pattern to its linear-time matcher, or throws WafRegexError. As in PCRE: a search anywhere in the
 * value, case-sensitive unless the pattern says (?i); `.` stops at a newline unless (?s); `^` is the value's start
 * and `$` its end or before a final newline, unless (?m) makes them line anchors.
 */
export function compileWafRegex(pattern: string): WafRegex {
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Syntax(pattern));
  } catch (e) {
    if (e instanceof WafRegexError) throw e;
    throw new WafRegexError((e as Error).message);
  }
  if (re.programSize() > MAX_PROGRAM_SIZE)
    throw new WafRegexError(`The pattern compiles to more than ${MAX_PROGRAM_SIZE} instructions.`);
  // A value without the text every match contains cannot match: includes() answers it without re2js.
  const literal = requiredLiteral(pattern);
  if (literal === undefined) return { test: (value) => re.test(value) };
  return { test: (value) => value.includes(literal) && re.test(value) };
}

/** Compiled patterns by source, so a pattern set shared by many rules or recompiled web ACLs compiles once. */
const CACHE_LIMIT = 1024;
const cache = new Map<string, WafRegex>();

/** compileWafRegex through a bounded cache (cleared when full: patterns are few and recompiling is cheap). */
export function cachedWafRegex(pattern: string): WafRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const compiled = compileWafRegex(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}
