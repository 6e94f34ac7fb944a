// AWS's plain wildcards (`*` any run of characters, none included; `?` exactly one), matched in linear space and O(p×t) time.

/**
 * Whether `text` matches `pattern`. Iterative with one backtrack point, so time is O(pattern × text) at worst and no
 * pattern (user input) can make it recurse or explode, as a regular expression built from `*?*?*?…` would.
 */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let starText = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      starText = ti;
    } else if (starAt >= 0) {
      // Let the last `*` swallow one more character and retry from there.
      pi = starAt + 1;
      ti = ++starText;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
