// Regular expressions WAF accepts: AWS's PCRE syntax less what it refuses, checked by compiling them as the engine will.
import { invalidParameter, limitsExceeded, REASON } from './errors.js';
import { compileWafRegex, WafRegexError } from './engine/waf-regex.js';
import type { ParameterExceptionField } from '../../aws/generated/wafv2.js';

/** "Maximum number of regex patterns in a regex pattern set: 10"; each at most 200 characters (AWS WAF quotas). */
export const MAX_PATTERNS_PER_SET = 10;
export const MAX_PATTERN_CHARS = 200;

/**
 * Whether the pattern is one WAF would accept. It is compiled exactly as the engine compiles it (re2js, linear-time),
 * so what is accepted here can always run: backreferences, lookaround, atomic groups, possessive quantifiers,
 * conditionals, recursion, \C, \R and \K are refused, as AWS documents, and so are repeats too large to match cheaply.
 */
export function isAcceptedRegex(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_CHARS) return false;
  try {
    compileWafRegex(pattern);
    return true;
  } catch (e) {
    if (e instanceof WafRegexError) return false;
    throw e;
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
