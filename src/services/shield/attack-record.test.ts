// An attack as DescribeAttack and the audit trail show it: AWS's property shapes, country names, top five.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attackDetail, attackEventDetails, countryName, storedAttack } from './attack-record.js';
import type { AttackSnapshot } from './detection/detector.js';

const top = (names: string[]) => names.map((name, i) => ({ name, value: 100 - i }));

const snapshot: AttackSnapshot = {
  startMs: Date.UTC(2026, 0, 1),
  endMs: Date.UTC(2026, 0, 1, 0, 1),
  threshold: 150,
  seconds: [
    { requests: 300, bytes: 3000, errors: 0 },
    { requests: 500, bytes: 5000, errors: 2 },
  ],
  contributors: {
    SOURCE_IP_ADDRESS: top(['8.8.8.8', '1.0.1.1', '127.0.0.2', '9.9.9.9', '4.4.4.4', '5.5.5.5']),
    SOURCE_COUNTRY: top(['US', 'CN', 'DE', 'GB', 'JP', 'FR']),
    SOURCE_ASN: top(['15169']),
    DESTINATION_URL: top(['/login']),
    SOURCE_USER_AGENT: [],
    REFERRER: [],
  },
  totals: {
    SOURCE_IP_ADDRESS: 800,
    SOURCE_COUNTRY: 700,
    SOURCE_ASN: 100,
    DESTINATION_URL: 800,
    SOURCE_USER_AGENT: 0,
    REFERRER: 0,
  },
  baselineRps: 20,
  usualShares: {
    SOURCE_IP_ADDRESS: { '9.9.9.9': 0.75 },
    SOURCE_COUNTRY: { US: 0.5 },
    SOURCE_ASN: {},
    DESTINATION_URL: { '/login': 0.1 },
    SOURCE_USER_AGENT: {},
    REFERRER: {},
  },
};

const row = (detail: unknown) => ({
  id: 'a1',
  account_id: '123456789012',
  resource_arn: 'arn:aws:warden::123456789012:endpoint/api',
  start_time: snapshot.startMs,
  end_time: snapshot.endMs!,
  detail: JSON.stringify(detail),
  updated_at: snapshot.endMs!,
});

test('countries are named in English as AWS names them; what is not a code stays as it is', () => {
  assert.equal(countryName('US'), 'United States');
  assert.equal(countryName('DE'), 'Germany');
  assert.equal(countryName('not a code'), 'not a code');
});

test('DescribeAttack: the top five per property, countries by name, ASNs as numbers, totals of what was placed', () => {
  const detail = attackDetail(row(storedAttack(snapshot, ['ShieldMitigationRuleGroup_x'])));
  const byId = new Map(detail.AttackProperties!.map((p) => [p.AttackPropertyIdentifier!, p]));
  assert.deepEqual([...byId.keys()], ['SOURCE_IP_ADDRESS', 'SOURCE_COUNTRY', 'SOURCE_ASN', 'DESTINATION_URL']);
  assert.equal(byId.get('SOURCE_IP_ADDRESS')!.TopContributors!.length, 5);
  assert.deepEqual(
    byId.get('SOURCE_COUNTRY')!.TopContributors!.map((c) => c.Name),
    ['United States', 'China', 'Germany', 'United Kingdom', 'Japan'],
  );
  assert.equal(byId.get('SOURCE_COUNTRY')!.Total, 700);
  assert.deepEqual(byId.get('SOURCE_ASN'), {
    AttackLayer: 'APPLICATION',
    AttackPropertyIdentifier: 'SOURCE_ASN',
    TopContributors: [{ Name: '15169', Value: 100 }],
    Unit: 'REQUESTS',
    Total: 100,
  });
  assert.deepEqual(detail.Mitigations, [{ MitigationName: 'ShieldMitigationRuleGroup_x' }]);
});

test('an attack stored before country and network were counted is still described', () => {
  const { SOURCE_COUNTRY: _c, SOURCE_ASN: _a, ...contributors } = snapshot.contributors;
  const { SOURCE_COUNTRY: _tc, SOURCE_ASN: _ta, ...totals } = snapshot.totals;
  const detail = attackDetail(row({ ...storedAttack(snapshot), contributors, totals }));
  assert.deepEqual(
    detail.AttackProperties!.map((p) => p.AttackPropertyIdentifier),
    ['SOURCE_IP_ADDRESS', 'DESTINATION_URL'],
  );
});

test('the audit record carries the attack: id, resource, times, vector, counters, contributors, baseline, mitigations', () => {
  const d = attackEventDetails('a1', 'arn:aws:warden::123456789012:endpoint/api', snapshot, ['M']);
  assert.equal(d.attackId, 'a1');
  assert.equal(d.resourceArn, 'arn:aws:warden::123456789012:endpoint/api');
  assert.equal(d.startTime, '2026-01-01T00:00:00.000Z');
  assert.equal(d.endTime, '2026-01-01T00:01:00.000Z');
  assert.equal(d.attackVector, 'REQUEST_FLOOD');
  assert.deepEqual(d.mitigations, ['M']);
  assert.deepEqual((d.topSourceIps as unknown[]).length, 5);
  assert.deepEqual((d.topSourceCountryCodes as { name: string }[])[0], { name: 'US', value: 100 });
  const rps = (d.attackCounters as { Name: string; Max: number; Sum: number }[])[0]!;
  assert.deepEqual([rps.Name, rps.Max, rps.Sum], ['RequestsPerSecond', 500, 800]);
  assert.deepEqual(d.attackProperties, attackDetail(row(storedAttack(snapshot, ['M']))).AttackProperties);
  assert.equal(d.baselineRequestsPerSecond, 20);
  const usual = d.usualShares as Record<string, { name: string; share: number }[]>;
  assert.deepEqual(usual.SOURCE_COUNTRY![0], { name: 'US', share: 0.5 });
  assert.deepEqual(
    usual.SOURCE_IP_ADDRESS!.map((u) => u.share),
    [0, 0, 0, 0.75, 0],
  );
});
