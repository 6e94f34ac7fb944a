// OSV's range evaluation: introduced/fixed/last_affected/limit events, "0", explicit versions, per range type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateAffected, type OsvRange } from './osv-range.js';
import { ecosystemApplies, ecosystemComparator, packageNameKey } from './ecosystems.js';

const npm = ecosystemComparator('npm');
const debian = ecosystemComparator('Debian:12');
const pypi = ecosystemComparator('PyPI');

const semverRange = (...events: OsvRange['events']): OsvRange[] => [{ type: 'SEMVER', events }];

test('introduced "0" affects every version below the fix', () => {
  const ranges = semverRange({ introduced: '0' }, { fixed: '1.0.2' });
  assert.deepEqual(evaluateAffected('0.0.1', { ranges, versions: [] }, npm), { affected: true, fixedVersion: '1.0.2' });
  assert.deepEqual(evaluateAffected('1.0.2', { ranges, versions: [] }, npm), { affected: false });
  assert.deepEqual(evaluateAffected('1.0.2-rc.1', { ranges, versions: [] }, npm), {
    affected: true,
    fixedVersion: '1.0.2',
  });
});

test('several intervals in one range, events in any order, the fix of the matching interval', () => {
  const ranges = semverRange({ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' });
  const at = (v: string) => evaluateAffected(v, { ranges, versions: [] }, npm);
  assert.equal(at('0.9.9').affected, false);
  assert.deepEqual(at('1.0.0'), { affected: true, fixedVersion: '1.0.2' });
  assert.equal(at('2.0.0').affected, false);
  assert.deepEqual(at('3.1.0'), { affected: true, fixedVersion: '3.2.5' });
  assert.equal(at('3.2.5').affected, false);
});

test('last_affected includes itself and has no fixed version', () => {
  const ranges = semverRange({ introduced: '1.0.0' }, { last_affected: '1.4.0' });
  assert.deepEqual(evaluateAffected('1.4.0', { ranges, versions: [] }, npm), { affected: true });
  assert.deepEqual(evaluateAffected('1.4.1', { ranges, versions: [] }, npm), { affected: false });
});

test('limit bounds the range; "*" is infinity', () => {
  const limited = semverRange({ introduced: '0' }, { limit: '2.0.0' });
  assert.equal(evaluateAffected('1.9.0', { ranges: limited, versions: [] }, npm).affected, true);
  assert.equal(evaluateAffected('2.0.0', { ranges: limited, versions: [] }, npm).affected, false);
  const open = semverRange({ introduced: '1.0.0' }, { limit: '*' });
  assert.equal(evaluateAffected('99.0.0', { ranges: open, versions: [] }, npm).affected, true);
});

test('ECOSYSTEM ranges order by the ecosystem: dpkg for Debian, PEP 440 for PyPI', () => {
  const deb: OsvRange[] = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }];
  assert.equal(evaluateAffected('3.0.11-1~deb12u1', { ranges: deb, versions: [] }, debian).affected, true);
  assert.equal(evaluateAffected('3.0.11-1~deb12u2', { ranges: deb, versions: [] }, debian).affected, false);
  // "~" sorts first: 3.0.11-1 is newer than the fix.
  assert.equal(evaluateAffected('3.0.11-1', { ranges: deb, versions: [] }, debian).affected, false);
  assert.equal(evaluateAffected('1:1.0-1', { ranges: deb, versions: [] }, debian).affected, false);
  const py: OsvRange[] = [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0rc1' }, { fixed: '2.5' }] }];
  assert.equal(evaluateAffected('2.0.dev1', { ranges: py, versions: [] }, pypi).affected, false);
  assert.equal(evaluateAffected('2.0b9', { ranges: py, versions: [] }, pypi).affected, false);
  assert.equal(evaluateAffected('2.0', { ranges: py, versions: [] }, pypi).affected, true);
  assert.equal(evaluateAffected('2.5rc1', { ranges: py, versions: [] }, pypi).affected, true);
  assert.equal(evaluateAffected('2.5.0', { ranges: py, versions: [] }, pypi).affected, false);
});

test('explicit versions match by equality in the ecosystem; GIT and unknown-ecosystem ranges are not evaluated', () => {
  assert.equal(evaluateAffected('1.0', { ranges: [], versions: ['1.0.0'] }, pypi).affected, true);
  assert.equal(evaluateAffected('1.0', { ranges: [], versions: ['1.0.1'] }, pypi).affected, false);
  const git: OsvRange[] = [{ type: 'GIT', events: [{ introduced: '0' }] }];
  assert.equal(evaluateAffected('1.0.0', { ranges: git, versions: [] }, npm).affected, false);
  const eco: OsvRange[] = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
  assert.equal(evaluateAffected('1.0.0', { ranges: eco, versions: [] }, undefined).affected, false);
  assert.equal(evaluateAffected('1.0.0', { ranges: eco, versions: ['1.0.0'] }, undefined).affected, true);
});

test('a range whose versions cannot be ordered is skipped, not guessed', () => {
  const ranges = semverRange({ introduced: 'not-a-version' }, { fixed: '2.0.0' });
  assert.equal(evaluateAffected('1.0.0', { ranges, versions: [] }, npm).affected, false);
  assert.equal(
    evaluateAffected('garbage', { ranges: semverRange({ introduced: '0' }), versions: [] }, npm).affected,
    false,
  );
});

test('ecosystems: releases scope Debian advisories, PyPI names normalize', () => {
  assert.ok(ecosystemApplies('Debian:12', 'Debian:12'));
  assert.ok(!ecosystemApplies('Debian:11', 'Debian:12'));
  assert.ok(ecosystemApplies('Debian', 'Debian:12'));
  assert.ok(ecosystemApplies('Debian:11', 'Debian'));
  assert.ok(!ecosystemApplies('npm', 'PyPI'));
  assert.equal(packageNameKey('PyPI', 'Fixture_Requests'), 'fixture-requests');
  assert.equal(packageNameKey('PyPI', 'zope.interface'), 'zope-interface');
  assert.equal(packageNameKey('npm', 'Left-Pad'), 'Left-Pad');
});

test('shuffled events of well-formed intervals match the intervals they describe (generated)', () => {
  // Distinct versions x.y.z in order; alternate boundaries open and close intervals [b0, b1), [b2, b3), ...
  const version = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)).map(([a, b, c]) => `${a}.${b}.${c}`);
  const key = (v: string) => v.split('.').reduce((n, p) => n * 10 + Number(p), 0);
  fc.assert(
    fc.property(
      fc.uniqueArray(version, { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      version,
      fc.nat(),
      (boundaries, fromZero, probe, seed) => {
        const b = [...boundaries].sort((x, y) => key(x) - key(y));
        const events: OsvRange['events'] = b.map((v, i) => (i % 2 === 0 ? { introduced: v } : { fixed: v }));
        if (fromZero) events[0] = { introduced: '0' };
        // A deterministic shuffle: OSV does not require events to be listed in order.
        const shuffled = events
          .map((e, i) => ({ e, k: (i * 7919 + seed) % 101 }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.e);
        let expected: { affected: boolean; fixedVersion?: string } = { affected: false };
        for (let i = 0; i < b.length; i += 2) {
          const low = i === 0 && fromZero ? -1 : key(b[i]!);
          const high = b[i + 1] === undefined ? Infinity : key(b[i + 1]!);
          if (key(probe) >= low && key(probe) < high)
            expected = b[i + 1] === undefined ? { affected: true } : { affected: true, fixedVersion: b[i + 1] };
        }
        assert.deepEqual(evaluateAffected(probe, { ranges: semverRange(...shuffled), versions: [] }, npm), expected);
      },
    ),
    { numRuns: 1000, seed: 17 },
  );
});
