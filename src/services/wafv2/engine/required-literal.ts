// A text every match of a WAF pattern contains, found by reading the pattern conservatively: a cheap includes() that
// lets most values skip the regex engine (re2js takes about half a microsecond even for a short value that cannot match).

/**
 * Characters kept in a required literal: ASCII digits and punctuation that are no regex syntax outside a class. None
 * has a case (so `(?i)` leaves it alone; letters are left out because RE2 folds `k` and `s` with non-ASCII letters),
 * and `(?x)`, which makes space and `#` syntax, refuses the whole pattern.
 */
const LITERAL = /^[0-9 !"#%&',\-/:;<=>@_`~]$/;
/** Escapes that stand for themselves, caseless too: a backslash before any ASCII punctuation (`\.` is a dot). */
const ESCAPED_LITERAL = /^[!-/:-@[-`{-~]$/;
/** Escapes that match one character of a class, or nothing (assertions): they only end a literal run. */
const ESCAPED_ATOM = /^[dDwWsShHvVbBAzZ]$/;
const COUNTED = /\{\d+(?:,\d*)?\}/y;
const FLAGS = /\(\?([A-Za-z]*(?:-[A-Za-z]*)?)([:)])/y;

/**
 * The longest run of literal characters the pattern's top level requires, in order and adjacent, or undefined when
 * there is none or the pattern uses anything this reader does not follow exactly (top-level alternation, `(?x)`,
 * `\Q`, escapes such as `\x{…}` or `\p{…}`, a `{` that is not a counted repeat). A quantified character, a group
 * and a class end a run; what is inside a group is never taken. So whenever the pattern matches a value, the value
 * contains the answer.
 */
export function requiredLiteral(pattern: string): string | undefined {
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  const endRun = () => {
    if (run !== '') runs.push(run);
    run = '';
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return undefined;
      i += 2;
      if (ESCAPED_LITERAL.test(e)) {
        if (depth === 0) run += e;
      } else if (ESCAPED_ATOM.test(e)) {
        if (depth === 0) endRun();
      } else return undefined;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === undefined) return undefined;
      if (depth === 0) endRun();
      i = end;
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?#', i)) {
        const end = pattern.indexOf(')', i);
        if (end < 0) return undefined;
        i = end + 1;
        continue;
      }
      FLAGS.lastIndex = i;
      const flags = FLAGS.exec(pattern);
      if (flags && flags[1]!.split('-')[0]!.includes('x')) return undefined;
      if (depth === 0) endRun();
      if (flags?.[2] === ')') {
        i = FLAGS.lastIndex;
        continue;
      }
      depth++;
      i += 1;
      continue;
    }
    if (c === ')') {
      if (depth === 0) return undefined;
      depth--;
      i += 1;
      continue;
    }
    if (c === '|') {
      if (depth === 0) return undefined;
      i += 1;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (c === '{') {
        COUNTED.lastIndex = i;
        if (!COUNTED.test(pattern)) return undefined;
        i = COUNTED.lastIndex;
      } else i += 1;
      // The repeated atom is not required as written: drop it from the run (a group or class already ended it).
      if (depth === 0) {
        run = run.slice(0, -1);
        endRun();
      }
      continue;
    }
    if (depth === 0) {
      if (LITERAL.test(c)) run += c;
      else endRun();
    }
    i += 1;
  }
  if (depth !== 0) return undefined;
  endRun();
  let longest: string | undefined;
  for (const r of runs) if (r.length > (longest?.length ?? 0)) longest = r;
  return longest;
}

/** Where the class opening at `open` ends (the index after its `]`), read as toRe2Syntax reads it. */
function classEnd(pattern: string, open: number): number | undefined {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) {
        i = end + 2;
        continue;
      }
    }
    if (c === ']') return i + 1;
    i += 1;
  }
  return undefined;
}
