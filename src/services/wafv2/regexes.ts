// Regular expressions WAF accepts: RE2 syntax (no backreferences or lookaround), within AWS's length and count limits.
import { invalidParameter, limitsExceeded, REASON } from './errors.js';
import type { ParameterExceptionField } from '../../aws/generated/wafv2.js';

/** "Maximum number of regex patterns in a regex pattern set: 10"; each at most 200 characters (AWS WAF quotas). */
export const MAX_PATTERNS_PER_SET = 10;
export const MAX_PATTERN_CHARS = 200;

/**
 * Constructs RE2 refuses though JavaScript accepts them: backreferences (\1, \k<name>) and lookaround. WAF runs
 * RE2, whose linear-time matching is why it has neither; a pattern with them can never match on AWS, so it is refused.
 */
const NOT_RE2 = /\\[1-9]|\\k<|\(\?<?[=!]/;

/** Whether the pattern is one WAF would accept: RE2-compatible and compilable. */
export function isAcceptedRegex(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_CHARS) return false;
  // Escaped backslashes first, so `\\1` (a literal backslash then 1) is not taken for a backreference.
  if (NOT_RE2.test(pattern.replace(/\\\\/g, ''))) return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    try {
      // RE2 accepts some escapes (\Q…\E aside) that the `u` flag refuses, such as `\-` outside a class.
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  }
}

export function checkRegex(field: ParameterExceptionField, pattern: string): void {
  if (!isAcceptedRegex(pattern)) throw invalidParameter(field, pattern, REASON.format);
}

export function checkPatternSet(patterns: readonly { RegexString?: string }[]): string[] {
  if (patterns.length > MAX_PATTERNS_PER_SET) throw limitsExceeded();
  return patterns.map((p) => {
    const text = p.RegexString ?? '';
    checkRegex('REGEX_PATTERN_SET', text);
    return text;
  });
}
