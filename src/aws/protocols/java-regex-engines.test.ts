// Tests that validation's re2js matchers answer as the RegExp translation does on every vendored model pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadModel, vendoredModelNames, type ShapeRef } from '../model.js';
import { inputViolations } from '../validate.js';
import { compileModelPattern, compileRe2ModelPattern, LINEAR_LOOKAROUND_PATTERNS } from './java-regex.js';

/** Strings every pattern is tried on: edges of Java's `.` and `\s`, astral and unassigned code points, ARN shapes. */
const FIXED_SAMPLES = [
  '',
  'a',
  'Z9',
  '-',
  '--',
  ' ',
  ' a ',
  '\n',
  'a\nb',
  '\r',
  '\t',
  '\x0B',
  '\u0085',
  '\u00A0',
  '\u2028',
  '\u3000',
  '\u0378',
  'é',
  '\u{1F600}',
  '123456789012',
  'arn:aws:iam::123456789012:role/x',
  'arn:aws:organizations::123456789012:ou/o-abc/ou-ab12-cdef1234',
  'o-abcdefghij',
  'a.b-c_d:e/f=g+h@i',
  '1.2.3.4',
  'aws:tag',
  '{"Version":"2012-10-17"}',
  '00000000-0000-0000-0000-000000000000',
];

/** Variants of a matching string near the pattern's edges: terminators, trimmed, doubled. */
function mutations(value: string): string[] {
  const middle = Math.floor(value.length / 2);
  return [
    value,
    `${value}\n`,
    `\n${value}`,
    value.slice(0, middle) + '\u0085' + value.slice(middle),
    value.slice(0, middle) + '\r' + value.slice(middle),
    value.slice(0, middle) + '\u00A0' + value.slice(middle),
    value.slice(1),
    value.slice(0, -1),
    value + value,
  ];
}

/** Up to 25 strings fast-check generates from the RegExp, or none when it cannot generate from it. */
function generated(regex: RegExp, seed: number): string[] {
  try {
    return fc.sample(fc.stringMatching(regex, { size: 'small' }), { seed, numRuns: 25 });
  } catch {
    return [];
  }
}

function vendoredPatterns(): Set<string> {
  const patterns = new Set<string>();
  for (const name of vendoredModelNames()) {
    for (const shape of Object.values(loadModel(name).shapes))
      if (shape.pattern !== undefined) patterns.add(shape.pattern);
  }
  return patterns;
}

test('re2js and the RegExp agree on every vendored pattern, on fixed and generated strings', () => {
  const disagreements: string[] = [];
  let compared = 0;
  let generatedFrom = 0;
  for (const pattern of vendoredPatterns()) {
    if (LINEAR_LOOKAROUND_PATTERNS.has(pattern)) continue; // those run on the RegExp itself
    const re2 = compileRe2ModelPattern(pattern);
    const regex = compileModelPattern(pattern);
    assert.ok(re2 && regex, pattern);
    const fromRegex = generated(regex, 20261204);
    if (fromRegex.length > 0) generatedFrom++;
    for (const value of [...FIXED_SAMPLES, ...fromRegex.flatMap(mutations)]) {
      compared++;
      if (re2(value) !== regex.test(value)) disagreements.push(`${pattern} on ${JSON.stringify(value)}`);
    }
  }
  assert.deepEqual(disagreements, []);
  // The generator must have worked for most patterns, or the comparison would be on fixed strings only.
  assert.ok(generatedFrom > 150, `generated from only ${generatedFrom} patterns`);
  assert.ok(compared > 10_000);
});

test(
  'an adversarial value for a quadratic-on-backtracking pattern answers the pattern violation',
  { timeout: 60_000 },
  () => {
    // Organizations' GenericArn: `.+:.+` over 20,000 colons and a newline backtracks quadratically on a RegExp.
    const organizations = loadModel('organizations');
    const genericArn: ShapeRef = { shape: 'GenericArn' };
    const adversarial = `arn:aws:organizations::${':'.repeat(20_000)}\n`;
    const [violation] = inputViolations(organizations, genericArn, adversarial);
    assert.match(violation, /Member must satisfy regular expression pattern: \^arn:aws:organizations::\.\+:\.\+$/);
    assert.deepEqual(inputViolations(organizations, genericArn, 'arn:aws:organizations::123456789012:ou/o-a/ou-b'), []);
    // A value Java's `.` refuses (U+0085 ends a line in Java) is refused too.
    assert.equal(inputViolations(organizations, genericArn, 'arn:aws:organizations::1:\u0085').length, 1);
    // WAFv2's `.*\S.*` (PolicyString allows 395,000 characters) is the same shape of risk.
    const wafv2 = loadModel('wafv2');
    const unendedPolicy = `${'x'.repeat(100_000)}\n`;
    assert.ok(
      inputViolations(wafv2, { shape: 'PolicyString' }, unendedPolicy).some((v) => v.includes('pattern: .*\\S.*')),
      'a newline ends Java’s .*, so the value breaks .*\\S.*',
    );
  },
);
