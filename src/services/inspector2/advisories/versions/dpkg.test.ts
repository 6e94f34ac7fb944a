// Debian version ordering against dpkg itself: generated pairs compared by `dpkg --compare-versions` and by Warden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { compareDebianVersions, parseDebianVersion } from './dpkg.js';

const run = promisify(execFile);

async function hasDpkg(): Promise<boolean> {
  try {
    await run('dpkg', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** dpkg's verdict on each pair (-1, 0, 1), from one shell running every comparison. */
async function dpkgOrder(pairs: readonly (readonly [string, string])[]): Promise<number[]> {
  // The generated alphabet has no quote or shell metacharacter, so single quotes keep each version literal.
  const script = pairs
    .map(
      ([a, b]) =>
        `if dpkg --compare-versions '${a}' lt '${b}'; then echo -1; elif dpkg --compare-versions '${a}' eq '${b}'; then echo 0; else echo 1; fi`,
    )
    .join('\n');
  const { stdout } = await run('sh', ['-c', script], { maxBuffer: 1 << 20, timeout: 120_000 });
  return stdout.trim().split('\n').map(Number);
}

// Few characters, so generated versions often share prefixes and differ where the ordering is subtle.
const UPSTREAM_CHARS = ['0', '1', '9', '.', '~', '+', 'a', 'b', 'Z', '-', ':'];
const REVISION_CHARS = ['0', '1', '2', '.', '~', '+', 'a', 'z'];

const chars = (alphabet: string[], min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((a) => a.join(''));

/** Valid Debian versions (dpkg accepts every one): a colon in upstream only with an epoch, a hyphen only with a revision. */
const debianVersion = fc
  .record({
    epoch: fc.option(fc.constantFrom('0', '1', '2', '00', '10'), { nil: undefined }),
    first: fc.constantFrom('0', '1', '2', '9', '10', '007'),
    upstream: chars(UPSTREAM_CHARS, 0, 7),
    revision: fc.option(chars(REVISION_CHARS, 1, 5), { nil: undefined }),
  })
  .map(({ epoch, first, upstream, revision }) => {
    let up = first + upstream;
    if (epoch === undefined) up = up.replaceAll(':', '.');
    if (revision === undefined) up = up.replaceAll('-', '+');
    return `${epoch === undefined ? '' : `${epoch}:`}${up}${revision === undefined ? '' : `-${revision}`}`;
  });

/** Pairs that are equal up to a suffix or one changed character, besides independent ones. */
const versionPair = fc.oneof(
  fc.tuple(debianVersion, debianVersion),
  fc.tuple(debianVersion, chars(REVISION_CHARS, 1, 3)).map(([v, s]) => [v, v + s] as [string, string]),
  fc.tuple(debianVersion, fc.nat(), fc.constantFrom(...REVISION_CHARS)).map(([v, i, c]) => {
    const at = 1 + (i % Math.max(1, v.length - 1));
    const w = v.slice(0, at) + c + v.slice(at + 1);
    return [v, parseDebianVersion(w) ? w : v] as [string, string];
  }),
);

test('Debian ordering agrees with dpkg --compare-versions on generated pairs', async (t) => {
  if (!(await hasDpkg())) return t.skip('dpkg is not installed here');
  const pairs = fc.sample(versionPair, { numRuns: 600, seed: 44021 });
  for (const [a, b] of pairs)
    assert.ok(parseDebianVersion(a) && parseDebianVersion(b), `${a} / ${b} generated invalid`);
  const expected = await dpkgOrder(pairs);
  const mismatches = pairs
    .map(([a, b], i) => ({ a, b, dpkg: expected[i], warden: compareDebianVersions(a, b) }))
    .filter((r) => r.dpkg !== r.warden);
  assert.deepEqual(mismatches, []);
});

test('Debian ordering agrees with dpkg on the cases Policy names', async (t) => {
  if (!(await hasDpkg())) return t.skip('dpkg is not installed here');
  const pairs: [string, string][] = [
    ['1.0~rc1', '1.0'],
    ['1.0~~', '1.0~'],
    ['1.0~~a', '1.0~~'],
    ['1.0', '1.0a'],
    ['1.0a', '1.0+'],
    ['1:0.1', '9.9'],
    ['1.0-1', '1.0-1.1'],
    ['1.0', '1.0-0'],
    ['2.36-9+deb12u4', '2.36-9+deb12u10'],
    ['3.0.11-1~deb12u2', '3.0.11-1'],
    ['1.2.13.dfsg-1', '1.2.13-1'],
    ['00001.0', '1.0'],
    ['1.000000000000000000000000001', '1.1'],
    ['1.99999999999999999999999', '1.100000000000000000000000'],
  ];
  const expected = await dpkgOrder(pairs);
  assert.deepEqual(
    pairs.map(([a, b]) => compareDebianVersions(a, b)),
    expected,
  );
});

test('Debian ordering is a total order (antisymmetric, transitive) on generated versions', () => {
  fc.assert(
    fc.property(debianVersion, debianVersion, debianVersion, (a, b, c) => {
      const ab = compareDebianVersions(a, b)!;
      assert.equal(compareDebianVersions(b, a), -ab || 0);
      if (ab <= 0 && compareDebianVersions(b, c)! <= 0) assert.ok(compareDebianVersions(a, c)! <= 0);
    }),
    { numRuns: 500, seed: 7 },
  );
});

test('versions dpkg refuses are not ordered', () => {
  for (const bad of ['', 'a1.0', ':1.0', 'x:1.0', '1.0-', '1:2:3-', '1.0 1', '1.0-a-b!', 'é1'])
    assert.equal(parseDebianVersion(bad), undefined, bad);
  assert.equal(compareDebianVersions('1.0', 'abc'), undefined);
  assert.deepEqual(parseDebianVersion('1:2.0-3-4'), { epoch: '1', upstream: '2.0-3', revision: '4' });
  assert.deepEqual(parseDebianVersion('2.0'), { epoch: '0', upstream: '2.0', revision: '' });
});
