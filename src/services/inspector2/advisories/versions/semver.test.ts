// SemVer 2.0 precedence as npm orders versions (section 11 of the SemVer spec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSemver, parseSemver } from './semver.js';

test('precedence follows SemVer section 11', () => {
  const ordered = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.2.0',
    '1.10.0',
    '2.0.0',
  ];
  for (let i = 0; i < ordered.length; i++)
    for (let j = 0; j < ordered.length; j++)
      assert.equal(compareSemver(ordered[i]!, ordered[j]!), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
});

test('build metadata is ignored, a leading v accepted, non-versions not ordered', () => {
  assert.equal(compareSemver('1.0.0+build.1', '1.0.0'), 0);
  assert.equal(parseSemver('v1.2.3'), '1.2.3');
  assert.equal(parseSemver('not-a-version'), undefined);
  assert.equal(compareSemver('1.0.0', '*'), undefined);
});
