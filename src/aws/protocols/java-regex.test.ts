// Tests for compiling the models' Java-flavoured patterns to whole-value JavaScript RegExps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, vendoredModelNames } from '../model.js';
import { compileModelPattern } from './java-regex.js';

function matches(pattern: string, value: string): boolean | undefined {
  return compileModelPattern(pattern)?.test(value);
}

test('every pattern in the vendored models compiles', () => {
  const failing: string[] = [];
  for (const name of vendoredModelNames()) {
    for (const shape of Object.values(loadModel(name).shapes)) {
      if (shape.pattern !== undefined && !compileModelPattern(shape.pattern)) failing.push(`${name}: ${shape.pattern}`);
    }
  }
  assert.deepEqual(failing, []);
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

test('a pattern JavaScript cannot express is reported as undefined, not thrown', () => {
  assert.equal(compileModelPattern('[a-z&&[^b]]+'), undefined);
  assert.equal(compileModelPattern('(unclosed'), undefined);
  assert.equal(compileModelPattern('(?x) a b'), undefined);
});
