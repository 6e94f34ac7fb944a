// Compiles the models' Java-flavoured `pattern` constraints to whole-value matchers: linear-time re2js for requests.
import { RE2JS } from 're2js';

/** The engine a pattern is translated for: re2js (request validation) or a JavaScript RegExp (test generators). */
type Target = 're2' | 'js';

/** POSIX and Java classes neither engine spells as Java does, as the contents of a character class. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

/** Java's `\s` (ASCII whitespace only; JavaScript's also takes Unicode spaces, RE2's leaves out \x0B). */
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';

/**
 * Java's `\S`, as class contents. RE2's own \S would take \x0B; JavaScript's would refuse the Unicode spaces that
 * Java's \S accepts, so those are added back to it.
 */
const JAVA_NON_SPACE: Readonly<Record<Target, string>> = {
  re2: '\\x00-\\x08\\x0E-\\x1F!-\\x{10FFFF}',
  js: '\\S\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF',
};

/** Java's `.` without DOTALL: anything but its line terminators (JavaScript's `.` takes U+0085; RE2's takes \r too). */
const JAVA_DOT: Readonly<Record<Target, string>> = {
  re2: '[^\\n\\r\\x{85}\\x{2028}\\x{2029}]',
  js: '[^\\n\\r\\u0085\\u2028\\u2029]',
};

/** The general categories other than C (Other), as class contents: a code point is in exactly one category. */
const ASSIGNED_NOT_OTHER = '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Z}';

/** Characters that may be escaped with a backslash outside a class in a Unicode-mode RegExp. */
const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|/';

/** RE2's largest repeat count; a larger Java count is spelled as consecutive repeats of the same atom. */
const RE2_MAX_REPEAT = 1000;

class Untranslatable extends Error {}

function property(negated: boolean, name: string, inClass: boolean, target: Target): string {
  const posix = POSIX_CLASSES[name];
  if (posix !== undefined) {
    if (inClass) {
      if (negated) throw new Untranslatable(name);
      return posix;
    }
    return negated ? `[^${posix}]` : `[${posix}]`;
  }
  const bare = name.startsWith('Is') ? name.slice(2) : name;
  if (target === 're2') {
    if (name.startsWith('In')) throw new Untranslatable(`block ${name}`);
    if (bare === 'C') {
      // Java's C takes unassigned code points, RE2's has no table of them: spell it as every other category's absence.
      if (!inClass) return negated ? `[${ASSIGNED_NOT_OTHER}]` : `[^${ASSIGNED_NOT_OTHER}]`;
      if (negated) return ASSIGNED_NOT_OTHER;
      throw new Untranslatable('\\p{C} inside a class');
    }
    return `\\${negated ? 'P' : 'p'}{${bare}}`;
  }
  const jsName = name.startsWith('In') ? `Script=${name.slice(2)}` : bare;
  return `\\${negated ? 'P' : 'p'}{${jsName}}`;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Java's `\uXXXX` (a surrogate pair written as two escapes is one code point) in RE2's `\x{...}` spelling. */
function re2CodePoint(src: string, i: number): { text: string; length: number } {
  const high = parseInt(src.slice(i + 2, i + 6), 16);
  if (!/^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) throw new Untranslatable('malformed \\u escape');
  const low = /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(src.slice(i + 6, i + 12))
    ? parseInt(src.slice(i + 8, i + 12), 16)
    : -1;
  if (high >= 0xd800 && high <= 0xdbff && low >= 0) {
    const codePoint = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
    return { text: `\\x{${codePoint.toString(16)}}`, length: 12 };
  }
  if (high >= 0xd800 && high <= 0xdfff) throw new Untranslatable('lone surrogate');
  return { text: `\\x{${high.toString(16)}}`, length: 6 };
}

/** `atom{min,max}` for RE2, whose counts stop at 1000: the same language as consecutive repeats of the atom. */
function re2Repeat(atom: string, min: number, max: number | undefined): string {
  const parts: string[] = [];
  let remainingMin = min;
  let remainingMax = max;
  while (remainingMin > RE2_MAX_REPEAT || (remainingMax ?? 0) > RE2_MAX_REPEAT) {
    const takeMin = Math.min(remainingMin, RE2_MAX_REPEAT);
    const takeMax = remainingMax === undefined ? takeMin : Math.min(remainingMax, RE2_MAX_REPEAT);
    if (remainingMax === undefined && takeMin < RE2_MAX_REPEAT) break;
    parts.push(`(?:${atom}){${takeMin},${takeMax}}`);
    remainingMin -= takeMin;
    if (remainingMax !== undefined) remainingMax -= takeMax;
  }
  parts.push(`(?:${atom}){${remainingMin},${remainingMax ?? ''}}`);
  return parts.join('');
}

/** Rewrites the Java-only constructs the models use into the target engine's syntax, with Java's meaning. */
function translate(pattern: string, target: Target): { source: string; flags: string } {
  let flags = '';
  // A class of \p{C} alone, negated, is \P{C}: the one spelling of it RE2 can be given (see property).
  let src = target === 're2' ? pattern.replaceAll('[^\\p{C}]', '\\P{C}') : pattern;
  const inline = /^\(\?([a-z]+)\)/.exec(src);
  if (inline) {
    // (?m) would make ^ and $ line anchors, and each engine has its own line terminators.
    if (!/^[is]+$/.test(inline[1])) throw new Untranslatable(inline[0]);
    flags = inline[1];
    src = src.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  // A '-' right after a class escape such as \p{Z} is a literal dash in Java, a syntax error in Unicode mode.
  let afterClassEscape = false;
  // Whether the last thing written outside a class was a quantifier (so a following '+' makes it possessive).
  let afterQuantifier = false;
  // Where the last complete atom starts in `out`, and where each open group starts (for RE2's repeat limit).
  let atomStart = 0;
  const groupStarts: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const quantified = afterQuantifier;
    afterQuantifier = false;
    if (!inClass && c !== ')' && !'*+?{'.includes(c)) atomStart = out.length;
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new Untranslatable('trailing backslash');
      if ((next === 'p' || next === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        if (end < 0) throw new Untranslatable('unterminated property');
        out += property(next === 'P', src.slice(i + 3, end), inClass, target);
        i = end;
        afterClassEscape = inClass;
        continue;
      }
      if (next === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        out += escapeLiteral(end < 0 ? src.slice(i + 2) : src.slice(i + 2, end));
        i = end < 0 ? src.length : end + 1;
        afterClassEscape = false;
        continue;
      }
      if (next === 's' || next === 'S') {
        const contents = next === 's' ? JAVA_SPACE : JAVA_NON_SPACE[target];
        out += inClass ? contents : `[${contents}]`;
        i++;
        afterClassEscape = inClass;
        continue;
      }
      if (next === 'u' && target === 're2') {
        const { text, length } = re2CodePoint(src, i);
        out += text;
        i += length - 1;
        afterClassEscape = false;
        continue;
      }
      i++;
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && (next === 'z' || next === 'Z')) out += '$';
      else if (/[A-Za-z0-9]/.test(next)) out += `\\${next}`;
      else if (SYNTAX_CHARACTERS.includes(next) || (inClass && next === '-')) out += `\\${next}`;
      else out += next;
      afterClassEscape = inClass && 'wWdD'.includes(next);
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '&' && src[i + 1] === '&') throw new Untranslatable('class intersection');
      else if (c === '[') {
        out += '\\[';
        afterClassEscape = false;
        continue;
      } else if (c === '-' && afterClassEscape && src[i + 1] !== ']') {
        out += '\\-';
        afterClassEscape = false;
        continue;
      }
      out += c;
      afterClassEscape = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (target === 're2' && /^\(\?<?[=!]/.test(src.slice(i))) throw new Untranslatable('lookaround');
      groupStarts.push(out.length);
    } else if (c === ')') atomStart = groupStarts.pop() ?? 0;
    // Possessive quantifiers (a*+, a++, a?+, a{2}+) have no JavaScript form; the greedy one matches the same set here.
    if (c === '+' && quantified) continue;
    if (c === '.' && !flags.includes('s')) {
      out += JAVA_DOT[target];
      continue;
    }
    const count = c === '{' && target === 're2' ? /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i)) : null;
    if (count && (Number(count[1]) > RE2_MAX_REPEAT || Number(count[3] || 0) > RE2_MAX_REPEAT)) {
      const max = count[2] === undefined ? Number(count[1]) : count[3] === '' ? undefined : Number(count[3]);
      out = out.slice(0, atomStart) + re2Repeat(out.slice(atomStart), Number(count[1]), max);
      i += count[0].length - 1;
      afterQuantifier = true;
      continue;
    }
    out += c;
    afterQuantifier = '*+?}'.includes(c) && src[i - 1] !== '(';
  }
  return { source: out, flags };
}

const regExps = new Map<string, RegExp | null>();

/**
 * The JavaScript RegExp that tests a whole value against a model pattern, or undefined when the pattern cannot be
 * expressed in JavaScript. For tests that generate values from patterns: a RegExp backtracks, so request paths
 * use modelPatternMatcher instead. Cached.
 */
export function compileModelPattern(pattern: string): RegExp | undefined {
  const cached = regExps.get(pattern);
  if (cached !== undefined) return cached ?? undefined;
  let regex: RegExp | null;
  try {
    const { source, flags } = translate(pattern, 'js');
    try {
      regex = new RegExp(`^(?:${source})$`, `${flags}u`);
    } catch {
      regex = new RegExp(`^(?:${source})$`, flags);
    }
  } catch {
    regex = null;
  }
  regExps.set(pattern, regex);
  return regex ?? undefined;
}

/**
 * The vendored patterns RE2 cannot express (lookarounds), each reviewed to run in linear time on a backtracking
 * engine: every repetition is of one character class, or bounded and of alternatives that differ in their first
 * character, so no input position is tried by more than a constant number of paths. A new model pattern with a
 * lookaround is skipped until it is reviewed and added here (java-regex.test.ts lists them).
 */
export const LINEAR_LOOKAROUND_PATTERNS: ReadonlySet<string> = new Set([
  '^(?! )[\\p{L}\\p{N}\\p{Z}-_]*(?<! )$',
  '(?!aws:)[a-zA-Z+-=._:/]+',
  '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$',
  '^([a-z]|(\\d(?!\\d{0,2}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})))([a-z\\d]|(\\.(?!(\\.|-)))|(-(?!\\.))){1,61}[a-z\\d]$',
  // SSM: not only white space. The lookahead gives back \s* one character at a time, once, from the start: linear.
  '^(?!\\s*$).+',
  // SSM's ISO 8601 date-time (with back-references, which RE2 lacks): no unbounded repetition at all, so from its
  // one anchored start it reads a bounded prefix (a few dozen characters) however long the value is.
  '^([\\-]?\\d{4}(?!\\d{2}\\b))((-?)((0[1-9]|1[0-2])(\\3([12]\\d|0[1-9]|3[01]))?|W([0-4]\\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\\d|[12]\\d{2}|3([0-5]\\d|6[1-6])))([T\\s]((([01]\\d|2[0-3])((:?)[0-5]\\d)?|24\\:?00)([\\.,]\\d(?!:))?)?(\\17[0-5]\\d([\\.,]\\d)?)?([zZ]|([\\-])([01]\\d|2[0-3]):?([0-5]\\d)?)?)?)?$',
]);

/**
 * One character matcher (a class, a class escape or `.`) under at most one quantifier, optionally anchored: a
 * backtracking engine gives back at most one character per position and never retries a start, so it is linear in
 * the value, and V8 runs it some fifteen times faster than re2js does (most patterns, and the long policy documents).
 */
const SINGLE_CLASS_REPEAT = /^\^?(?:\[(?:[^\]\\[]|\\.)*\]|\\[pP]\{\w+\}|\\[dDwWsS]|\.)(?:[*+?]|\{\d+(?:,\d*)?\})?\$?$/;

/** Whether a whole value satisfies a model pattern. */
export type PatternMatcher = (value: string) => boolean;

const matchers = new Map<string, PatternMatcher | null>();

/** The pattern on re2js, whose matching time is linear in the value, or undefined when RE2 cannot express it. */
export function compileRe2ModelPattern(pattern: string): PatternMatcher | undefined {
  try {
    const { source, flags } = translate(pattern, 're2');
    const re = RE2JS.compile(`${flags ? `(?${flags})` : ''}(?:${source})`);
    return (value) => re.testExact(value);
  } catch {
    return undefined;
  }
}

/**
 * The matcher request validation runs for a model pattern, compiled once: re2js, or a reviewed-linear RegExp for the
 * few lookaround patterns, or undefined when neither applies (such a constraint is skipped rather than failing every
 * request, as AWS would never refuse a value for our translation's sake).
 */
export function modelPatternMatcher(pattern: string): PatternMatcher | undefined {
  const cached = matchers.get(pattern);
  if (cached !== undefined) return cached ?? undefined;
  let matcher: PatternMatcher | null = null;
  if (SINGLE_CLASS_REPEAT.test(pattern)) {
    const regex = compileModelPattern(pattern);
    if (regex) matcher = (value) => regex.test(value);
  }
  matcher ??= compileRe2ModelPattern(pattern) ?? null;
  if (matcher === null && LINEAR_LOOKAROUND_PATTERNS.has(pattern)) {
    const regex = compileModelPattern(pattern);
    if (regex) matcher = (value) => regex.test(value);
  }
  matchers.set(pattern, matcher);
  return matcher ?? undefined;
}
