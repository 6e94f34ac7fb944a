// Tests for compiling the models' Java-flavoured patterns to whole-value matchers on re2js and JavaScript RegExps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, vendoredModelNames } from '../model.js';
import {
  compileModelPattern,
  compileRe2ModelPattern,
  LINEAR_LOOKAROUND_PATTERNS,
  modelPatternMatcher,
} from './java-regex.js';

/** Whether the value matches, on the matcher validation runs, after checking the RegExp translation agrees. */
function matches(pattern: string, value: string): boolean | undefined {
  const validated = modelPatternMatcher(pattern)?.(value);
  assert.equal(compileModelPattern(pattern)?.test(value), validated, `the engines disagree on ${pattern}`);
  return validated;
}

function vendoredPatterns(): Set<string> {
  const patterns = new Set<string>();
  for (const name of vendoredModelNames()) {
    for (const shape of Object.values(loadModel(name).shapes))
      if (shape.pattern !== undefined) patterns.add(shape.pattern);
  }
  return patterns;
}

test('every pattern in the vendored models compiles, to both engines', () => {
  const failing: string[] = [];
  for (const pattern of vendoredPatterns()) {
    if (!compileModelPattern(pattern)) failing.push(`RegExp: ${pattern}`);
    if (!modelPatternMatcher(pattern)) failing.push(`validation: ${pattern}`);
  }
  assert.deepEqual(failing, []);
});

test('only the reviewed lookaround patterns run on the backtracking engine', () => {
  const notOnRe2 = [...vendoredPatterns()].filter((pattern) => !compileRe2ModelPattern(pattern));
  assert.deepEqual(new Set(notOnRe2), LINEAR_LOOKAROUND_PATTERNS);
  assert.equal(modelPatternMatcher('(?!a)b+'), undefined, 'an unreviewed lookaround is skipped, not backtracked');
});

test('patterns match the whole value, as Java’s matches() does', () => {
  assert.equal(matches('[\\w+=,.@-]+', 'Session1'), true);
  assert.equal(matches('[\\w+=,.@-]+', 'Session1:2'), false);
  assert.equal(matches('[\\w+=,.@-]+', ''), false);
  assert.equal(matches('a|b', 'ab'), false, 'alternation is grouped before anchoring');
});

test('Java-only syntax is translated', () => {
  // Unicode properties, with a literal '-' after a class escape (a syntax error in Unicode-mode JS as written).
  assert.equal(matches('^(?! )[\\p{L}\\p{N}\\p{Z}-_]*(?<! )$', 'ünï-cödé_1'), true);
  assert.equal(matches('^(?! )[\\p{L}\\p{N}\\p{Z}-_]*(?<! )$', 'trailing '), false);
  // Identity escapes JavaScript's Unicode mode rejects.
  assert.equal(matches('[\\w+=,.@\\:-]*', 'a:b'), true);
  assert.equal(matches('ou\\-[a-z]+', 'ou-abc'), true);
  // Inline DOTALL, POSIX classes, \Q...\E quoting, possessive quantifiers.
  assert.equal(matches('(?s).*', 'two\nlines'), true);
  assert.equal(matches('\\p{Alnum}+', 'abc123'), true);
  assert.equal(matches('\\p{Alnum}+', 'abc-123'), false);
  assert.equal(matches('[\\p{Punct}a]+', 'a!?'), true);
  assert.equal(matches('\\Q*.*\\E', '*.*'), true);
  assert.equal(matches('a++b', 'aab'), true);
  // \u escapes and Latin-1 ranges as IAM's descriptions use them.
  assert.equal(matches('[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*', 'café'), true);
  assert.equal(matches('[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*', 'あ'), false);
});

test('Java’s meaning of `.`, \\s and \\S is kept where JavaScript and RE2 differ', () => {
  for (const terminator of ['\n', '\r', '\u0085', '\u2028', '\u2029']) {
    assert.equal(matches('a.b', `a${terminator}b`), false, JSON.stringify(terminator));
    assert.equal(matches('(?s)a.b', `a${terminator}b`), true, JSON.stringify(terminator));
  }
  assert.equal(matches('a.b', 'a\u00A0b'), true);
  assert.equal(matches('\\s+', ' \t\n\x0B\f\r'), true);
  assert.equal(matches('\\s', '\u00A0'), false, 'Java’s \\s is ASCII');
  assert.equal(matches('[\\s]', '\u3000'), false);
  assert.equal(matches('\\S', '\u00A0'), true);
  assert.equal(matches('[\\S]', '\u3000'), true);
  assert.equal(matches('[\\S]', '\x0B'), false, 'RE2’s \\S would take \\x0B');
  assert.equal(matches('\\S', '\u{1F600}'), true);
  assert.equal(matches('[^\\s]+', 'a\u00A0'), true);
});

test('RE2’s limits are worked around with the same language', () => {
  // Counts over RE2's 1000 are split into consecutive repeats.
  assert.equal(matches('x[a-z]{2,1024}', `x${'a'.repeat(1024)}`), true);
  assert.equal(matches('x[a-z]{2,1024}', `x${'a'.repeat(1025)}`), false);
  assert.equal(matches('x[a-z]{2,1024}', 'xa'), false);
  assert.equal(matches('(ab){1001}', 'ab'.repeat(1001)), true);
  assert.equal(matches('(ab){1001}', 'ab'.repeat(1000)), false);
  assert.equal(matches('(ab){1001,}', 'ab'.repeat(3000)), true);
  assert.equal(matches('(ab){1001,}', 'ab'.repeat(1000)), false);
  // Java's \p{C} takes unassigned code points (U+0378), which RE2's own C table leaves out.
  assert.equal(matches('[^\\p{C}]*', 'ok'), true);
  assert.equal(matches('[^\\p{C}]*', 'no\u0378'), false);
  assert.equal(matches('[^\\p{C}]*', 'no\u0007'), false);
  assert.equal(matches('\\p{C}', '\u0378'), true);
  assert.equal(matches('\\P{C}+', 'é€'), true);
  // Surrogate pairs written as \u escapes are one code point.
  assert.equal(matches('[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*', 'a\u{1F600}'), true);
  assert.equal(matches('[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*', 'a\u0001'), false);
});

test('a pattern JavaScript cannot express is reported as undefined, not thrown', () => {
  assert.equal(compileModelPattern('[a-z&&[^b]]+'), undefined);
  assert.equal(compileModelPattern('(unclosed'), undefined);
  assert.equal(compileModelPattern('(?x) a b'), undefined);
  assert.equal(modelPatternMatcher('[a-z&&[^b]]+'), undefined);
  assert.equal(modelPatternMatcher('(unclosed'), undefined);
  assert.equal(modelPatternMatcher('(?m)^a$'), undefined, 'line anchors would need Java’s line terminators');
});
