// PEP 440 normalization and ordering, checked against the orderings and spellings the PEP itself gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { comparePep440, normalizePep440, parsePep440 } from './pep440.js';

/** Python's `packaging` (pip's own version logic) orders and normalizes each pair; undefined when it is not installed. */
async function packagingOracle(pairs: readonly (readonly [string, string])[]) {
  const script = [
    'import json, sys',
    'from packaging.version import Version',
    'out = []',
    'for a, b in json.load(sys.stdin):',
    '    x, y = Version(a), Version(b)',
    '    out.append([(x > y) - (x < y), str(x), str(y)])',
    'print(json.dumps(out))',
  ].join('\n');
  try {
    const run = promisify(execFile);
    const child = run('python3', ['-c', script], { timeout: 120_000, maxBuffer: 1 << 22 });
    child.child.stdin!.end(JSON.stringify(pairs));
    const { stdout } = await child;
    return JSON.parse(stdout) as [number, string, string][];
  } catch {
    return undefined;
  }
}

/** PEP 440 spellings, often sharing a release so that the suffixes decide. */
const pepVersion = fc
  .record({
    epoch: fc.option(fc.constantFrom('0!', '1!', '2!'), { nil: '' }),
    release: fc
      .array(fc.constantFrom('0', '1', '2', '10', '01'), { minLength: 1, maxLength: 3 })
      .map((r) => r.join('.')),
    pre: fc.option(fc.constantFrom('a', 'b1', 'rc2', '.alpha1', 'c', '-beta.3', 'pre', 'preview2'), { nil: '' }),
    post: fc.option(fc.constantFrom('.post1', '-2', 'rev', '.post0', 'r3', '_post'), { nil: '' }),
    dev: fc.option(fc.constantFrom('.dev0', 'dev1', '-dev', '.dev10'), { nil: '' }),
    local: fc.option(fc.constantFrom('+1', '+abc', '+abc.2', '+2.abc', '+ABC-1', '+1_0'), { nil: '' }),
  })
  .map((p) => `${p.epoch}${p.release}${p.pre}${p.post}${p.dev}${p.local}`);

test('ordering and normal forms agree with Python packaging on generated pairs', async (t) => {
  const pairs = fc.sample(fc.tuple(pepVersion, pepVersion), { numRuns: 800, seed: 4400 });
  const expected = await packagingOracle(pairs);
  if (expected === undefined) return t.skip('python3 with packaging is not installed here');
  const mismatches = pairs
    .map(([a, b], i) => ({
      a,
      b,
      packaging: expected[i],
      warden: [comparePep440(a, b), normalizePep440(parsePep440(a)!), normalizePep440(parsePep440(b)!)],
    }))
    .filter((r) => JSON.stringify(r.packaging) !== JSON.stringify(r.warden));
  assert.deepEqual(mismatches, []);
});

test("the PEP's example sequence is in ascending order", () => {
  // PEP 440, "Summary of permitted suffixes and relative ordering", in order.
  const ordered = [
    '1.dev0',
    '1.0.dev456',
    '1.0a1',
    '1.0a2.dev456',
    '1.0a12.dev456',
    '1.0a12',
    '1.0b1.dev456',
    '1.0b2',
    '1.0b2.post345.dev456',
    '1.0b2.post345',
    '1.0rc1.dev456',
    '1.0rc1',
    '1.0',
    '1.0+abc.5',
    '1.0+abc.7',
    '1.0+5',
    '1.0.post456.dev34',
    '1.0.post456',
    '1.0.15',
    '1.1.dev1',
  ];
  for (let i = 0; i < ordered.length; i++)
    for (let j = 0; j < ordered.length; j++)
      assert.equal(comparePep440(ordered[i]!, ordered[j]!), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
});

test('epochs outrank everything, releases pad with zeros, local versions sort after their public version', () => {
  assert.equal(comparePep440('1!0.1', '2024.1'), 1);
  assert.equal(comparePep440('1.0', '1.0.0'), 0);
  assert.equal(comparePep440('1.0.0.0.1', '1.0'), 1);
  assert.equal(comparePep440('1.0+local', '1.0'), 1);
  assert.equal(comparePep440('1.0+abc', '1.0+abc.1'), -1);
  assert.equal(comparePep440('1.0+1', '1.0+abc'), 1);
  assert.equal(comparePep440('1.0+02', '1.0+2'), 0);
  assert.equal(comparePep440('99999999999999999999999.0', '99999999999999999999998.9'), 1);
});

test('spellings normalize as the PEP says', () => {
  const cases: [string, string][] = [
    ['1.0-alpha1', '1.0a1'],
    ['1.0.a.1', '1.0a1'],
    ['1.0beta', '1.0b0'],
    ['1.0c1', '1.0rc1'],
    ['1.0pre2', '1.0rc2'],
    ['1.0preview2', '1.0rc2'],
    ['1.0-1', '1.0.post1'],
    ['1.0.rev', '1.0.post0'],
    ['1.0r3', '1.0.post3'],
    ['1.0-post_2', '1.0.post2'],
    ['1.0dev', '1.0.dev0'],
    ['1.0.DEV-3', '1.0.dev3'],
    ['v1.0', '1.0'],
    [' 1.0 ', '1.0'],
    ['1.0+Ubuntu-1', '1.0+ubuntu.1'],
    ['0!1.01', '1.1'],
    ['001.002', '1.2'],
  ];
  for (const [input, normal] of cases) assert.equal(normalizePep440(parsePep440(input)!), normal, input);
});

test('strings that are not PEP 440 versions are not ordered', () => {
  for (const bad of [
    '',
    'french toast',
    '1.0+',
    '1.0++1',
    '1.0-dev-1-2',
    '1..0',
    '.1',
    '1.0a1a',
    'x1.0',
    '1.0+ubuntu_',
  ])
    assert.equal(parsePep440(bad), undefined, bad);
  assert.equal(comparePep440('1.0', 'not a version'), undefined);
});

test('ordering is a total order consistent with normalization on generated versions', () => {
  const version = fc
    .record({
      epoch: fc.option(fc.constantFrom('0!', '1!'), { nil: '' }),
      release: fc.array(fc.constantFrom('0', '1', '2', '10'), { minLength: 1, maxLength: 3 }).map((r) => r.join('.')),
      pre: fc.option(fc.constantFrom('a', 'b', 'rc', 'alpha1', 'c2', '-beta.3'), { nil: '' }),
      post: fc.option(fc.constantFrom('.post1', '-2', 'rev', '.post0'), { nil: '' }),
      dev: fc.option(fc.constantFrom('.dev0', 'dev1', '-dev'), { nil: '' }),
      local: fc.option(fc.constantFrom('+1', '+abc', '+abc.2', '+2.abc'), { nil: '' }),
    })
    .map((p) => `${p.epoch}${p.release}${p.pre}${p.post}${p.dev}${p.local}`);
  fc.assert(
    fc.property(version, version, version, (a, b, c) => {
      const pa = parsePep440(a);
      assert.ok(pa, a);
      // A version and its normal form are the same version.
      assert.equal(comparePep440(a, normalizePep440(pa)), 0);
      const ab = comparePep440(a, b)!;
      assert.equal(comparePep440(b, a), -ab || 0);
      if (ab <= 0 && comparePep440(b, c)! <= 0) assert.ok(comparePep440(a, c)! <= 0, `${a} <= ${b} <= ${c}`);
    }),
    { numRuns: 1000, seed: 440 },
  );
});
