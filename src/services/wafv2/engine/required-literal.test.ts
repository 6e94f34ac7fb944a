// The literal prefilter of WAF regexes: what it takes from a pattern, and that it never changes whether a value matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { requiredLiteral } from './required-literal.js';
import { compileWafRegex, toRe2Syntax } from './waf-regex.js';

test('the longest top-level run of caseless literal characters, escaped punctuation included', () => {
  const rfi = String.raw`(?:https?|ftps?|file)://\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`;
  assert.equal(requiredLiteral(rfi), '://');
  assert.equal(requiredLiteral(String.raw`(?i)x\.\./y`), '../');
  assert.equal(requiredLiteral(String.raw`a=\$\{`), '=${');
  assert.equal(requiredLiteral('<!--#exec'), '<!--#');
  assert.equal(requiredLiteral('[<>]--(a|b)==='), '===');
});

test('letters, quantified characters, groups and classes end a run and are never taken', () => {
  assert.equal(requiredLiteral('abc'), undefined);
  assert.equal(requiredLiteral('::?'), ':');
  assert.equal(requiredLiteral('12*3'), '1');
  assert.equal(requiredLiteral('<{2,}'), undefined);
  assert.equal(requiredLiteral('(?:://)+'), undefined);
  assert.equal(requiredLiteral('[://]'), undefined);
  assert.equal(requiredLiteral('[]:/]x'), undefined);
  assert.equal(requiredLiteral('(a)//(?i)//'), '//');
  assert.equal(requiredLiteral(String.raw`\d\d--\w`), '--');
  assert.equal(requiredLiteral('::*?'), ':');
});

test('a pattern it cannot follow exactly gives no literal', () => {
  for (const p of ['a://|b', '(?x)//', '(?x://)', String.raw`\Q//\E`, String.raw`\x{2f}\x{2f}`, 'a{b//', '//(', '//)'])
    assert.equal(requiredLiteral(p), undefined, p);
});

test('with the prefilter a pattern matches exactly the values re2js alone matches', () => {
  const atoms = [
    '://',
    ':',
    '/',
    '-',
    '=',
    '1',
    'a',
    'A',
    String.raw`\.`,
    String.raw`\d`,
    String.raw`\w`,
    '.',
    '[:/]',
    '[^a]',
    '(?:a|/)',
    '(:|=)',
    '(?i)',
    '(?s:.)',
    '^',
    '$',
    '?',
    '*',
    '+',
    '{1,2}',
    '{2}',
    '|',
  ];
  const chars = [':', '/', '-', '=', '1', 'a', 'A', '.', '\n', ' ', 'k', 'K', '\u212a'];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let withLiteral = 0;
  for (let k = 0; k < 3000; k++) {
    let pattern = '';
    for (let len = 1 + next(7); len > 0; len--) pattern += atoms[next(atoms.length)];
    let plain: RE2JS;
    try {
      plain = RE2JS.compile(toRe2Syntax(pattern));
    } catch {
      continue;
    }
    const filtered = compileWafRegex(pattern);
    if (requiredLiteral(pattern) !== undefined) withLiteral++;
    for (let v = 0; v < 30; v++) {
      let value = '';
      for (let len = next(10); len > 0; len--) value += chars[next(chars.length)];
      assert.equal(filtered.test(value), plain.test(value), `${JSON.stringify(pattern)} on ${JSON.stringify(value)}`);
    }
  }
  // The comparison is worth something only if many patterns were prefiltered.
  assert.ok(withLiteral > 500, `${withLiteral} patterns had a literal`);
});
