// Compiles the models' Java-flavoured `pattern` constraints to JavaScript RegExps, matching whole values as AWS does.

const compiled = new Map<string, RegExp | null>();

/** POSIX and Java classes JavaScript lacks, as the contents of a character class. */
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

/** Characters that may be escaped with a backslash outside a class in a Unicode-mode RegExp. */
const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|/';

class Untranslatable extends Error {}

function property(negated: boolean, name: string, inClass: boolean): string {
  const posix = POSIX_CLASSES[name];
  if (posix !== undefined) {
    if (inClass) {
      if (negated) throw new Untranslatable(name);
      return posix;
    }
    return negated ? `[^${posix}]` : `[${posix}]`;
  }
  const jsName = name.startsWith('Is') ? name.slice(2) : name.startsWith('In') ? `Script=${name.slice(2)}` : name;
  return `\\${negated ? 'P' : 'p'}{${jsName}}`;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Rewrites the Java-only constructs the models use into their JavaScript (Unicode mode) equivalents. */
function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let src = pattern;
  const inline = /^\(\?([a-z]+)\)/.exec(src);
  if (inline) {
    if (!/^[ism]+$/.test(inline[1])) throw new Untranslatable(inline[0]);
    flags = inline[1];
    src = src.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  // A '-' right after a class escape such as \p{Z} is a literal dash in Java, a syntax error in Unicode mode.
  let afterClassEscape = false;
  // Whether the last thing written outside a class was a quantifier (so a following '+' makes it possessive).
  let afterQuantifier = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const quantified = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new Untranslatable('trailing backslash');
      if ((next === 'p' || next === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        if (end < 0) throw new Untranslatable('unterminated property');
        out += property(next === 'P', src.slice(i + 3, end), inClass);
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
      i++;
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && (next === 'z' || next === 'Z')) out += '$';
      else if (/[A-Za-z0-9]/.test(next)) out += `\\${next}`;
      else if (SYNTAX_CHARACTERS.includes(next) || (inClass && next === '-')) out += `\\${next}`;
      else out += next;
      afterClassEscape = inClass && 'wWdDsS'.includes(next);
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
    // Possessive quantifiers (a*+, a++, a?+, a{2}+) have no JavaScript form; the greedy one matches the same set here.
    if (c === '+' && quantified) continue;
    out += c;
    afterQuantifier = '*+?}'.includes(c) && src[i - 1] !== '(';
  }
  return { source: out, flags };
}

/**
 * The RegExp that tests a whole value against a model pattern, or undefined when the pattern cannot be
 * expressed in JavaScript (such a constraint is skipped rather than failing every request). Cached.
 */
export function compileModelPattern(pattern: string): RegExp | undefined {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached ?? undefined;
  let regex: RegExp | null;
  try {
    const { source, flags } = translate(pattern);
    try {
      regex = new RegExp(`^(?:${source})$`, `${flags}u`);
    } catch {
      regex = new RegExp(`^(?:${source})$`, flags);
    }
  } catch {
    regex = null;
  }
  compiled.set(pattern, regex);
  return regex ?? undefined;
}
