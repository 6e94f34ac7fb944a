// CVSS scoring of advisory vectors: the specifications' reference scores, refusal of partial vectors, ratings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cvssRating, cvssScore, cvssScores } from './cvss.js';

test('base scores for each CVSS version match the specifications’ calculators', () => {
  assert.deepEqual(cvssScore({ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }), {
    version: '3.1',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    baseScore: 9.8,
  });
  assert.equal(cvssScore({ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N' })?.baseScore, 5.3);
  assert.equal(cvssScore({ type: 'CVSS_V3', score: 'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N' })?.baseScore, 5.5);
  assert.equal(cvssScore({ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' })?.baseScore, 7.5);
  assert.equal(
    cvssScore({ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' })?.baseScore,
    9.3,
  );
});

test('partial, malformed or mistyped vectors get no score', () => {
  assert.equal(cvssScore({ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }), undefined);
  assert.equal(cvssScore({ type: 'CVSS_V3', score: 'garbage' }), undefined);
  assert.equal(cvssScore({ type: 'CVSS_V2', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }), undefined);
  assert.equal(cvssScore({ type: 'Ubuntu', score: 'high' }), undefined);
  assert.equal(cvssScore({ type: 'CVSS_V3', score: 'CVSS:3.1/' + 'AV:N/'.repeat(200) }), undefined);
});

test('ratings follow each version’s bands; newest version first', () => {
  const v = (version: '2.0' | '3.1', baseScore: number) => cvssRating({ version, vector: '', baseScore });
  assert.deepEqual(
    [v('3.1', 0), v('3.1', 3.9), v('3.1', 4), v('3.1', 6.9), v('3.1', 7), v('3.1', 9)],
    ['none', 'low', 'medium', 'medium', 'high', 'critical'],
  );
  assert.deepEqual([v('2.0', 10), v('2.0', 4), v('2.0', 0)], ['high', 'medium', 'low']);
  const s = cvssScores([
    { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
    { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  ]);
  assert.deepEqual(
    s.map((x) => x.version),
    ['3.1', '2.0'],
  );
});
