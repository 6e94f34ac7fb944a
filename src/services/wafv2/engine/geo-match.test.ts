// GeoMatch, AsnMatch and the ASN rate key: AWS's labels, ForwardedIPConfig's header and fallback, ASN 0 when unmapped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWebAcl, evaluate, MemoryRateCounter, type CompiledWebAcl, type GeoIpDatabase } from './index.js';
import type { InspectedRequest } from '../../../core/traffic.js';
import type { Rule, Statement } from './types.js';
import { acl, blockRule, request, resolver } from './test-support.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

/** Documentation addresses stand in for countries and networks. */
const geo: GeoIpDatabase = {
  country: (ip) => ({ '192.0.2.1': 'FR', '198.51.100.1': 'US', '2001:db8::1': 'DE' })[ip],
  asn: (ip) => ({ '192.0.2.1': 64500, '198.51.100.1': 64501, '198.51.100.2': 64501, '2001:db8::1': 64502 })[ip],
};

function run(rules: Rule[], req: InspectedRequest, counter = new MemoryRateCounter()) {
  const c = compileWebAcl(acl(rules), resolver(), { geo });
  compiled.push(c);
  return evaluate(c, req, { rateCounter: counter });
}

const from = (clientIp: string, xff?: string) =>
  request({ clientIp, headers: xff === undefined ? [] : [['X-Forwarded-For', xff]] });
const xffConfig = (FallbackBehavior: string) => ({ HeaderName: 'X-Forwarded-For', FallbackBehavior });
const geoRule = (extra: object = {}): Rule =>
  blockRule('geo', 0, { GeoMatchStatement: { CountryCodes: ['FR', 'DE'], ...extra } });

test('GeoMatch matches the listed countries and labels every request whose country it knows', () => {
  const fr = run([geoRule()], from('192.0.2.1'));
  assert.equal(fr.action, 'BLOCK');
  assert.deepEqual(fr.labels, ['awswaf:clientip:geo:country:FR']);
  assert.equal(run([geoRule()], from('2001:db8::1')).action, 'BLOCK');
  // Not listed: no match, and still the label (AWS adds it whether or not the statement matches).
  const us = run([geoRule()], from('198.51.100.1'));
  assert.equal(us.action, 'ALLOW');
  assert.deepEqual(us.labels, ['awswaf:clientip:geo:country:US']);
  // An address the data does not place: no label, no match.
  const unknown = run([geoRule()], from('127.0.0.1'));
  assert.equal(unknown.action, 'ALLOW');
  assert.deepEqual(unknown.labels, []);
});

test('GeoMatch with ForwardedIPConfig: the header’s first address, forwardedip labels, fallback, missing header', () => {
  const fwd = (fb: string) => geoRule({ ForwardedIPConfig: xffConfig(fb) });
  const r = run([fwd('NO_MATCH')], from('198.51.100.1', '192.0.2.1, 198.51.100.1'));
  assert.equal(r.action, 'BLOCK');
  assert.deepEqual(r.labels, ['awswaf:forwardedip:geo:country:FR']);
  // Only the first address counts.
  assert.equal(run([fwd('NO_MATCH')], from('192.0.2.1', '198.51.100.1, 192.0.2.1')).action, 'ALLOW');
  // Not a valid address in the header: FallbackBehavior decides, and no country is known to label.
  for (const bad of ['garbage', '', ' , 192.0.2.1', '192.0.2.1:443']) {
    assert.equal(run([fwd('MATCH')], from('198.51.100.1', bad)).action, 'BLOCK', bad);
    const noMatch = run([fwd('NO_MATCH')], from('192.0.2.1', bad));
    assert.equal(noMatch.action, 'ALLOW', bad);
    assert.deepEqual(noMatch.labels, []);
  }
  // No header at all: AWS does not apply the rule, whatever the fallback (the peer address is not used instead).
  const missing = run([fwd('MATCH')], from('192.0.2.1'));
  assert.equal(missing.action, 'ALLOW');
  assert.deepEqual(missing.labels, []);
});

test('a Count geo rule labels the request and a later LabelMatch rule acts on the country label', () => {
  const rules: Rule[] = [
    { ...geoRule(), Action: { Count: {} } },
    blockRule('no-us', 1, { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:clientip:geo:country:US' } }),
    blockRule('no-geo-ns', 2, {
      AndStatement: {
        Statements: [
          { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:clientip:geo:country:' } },
          {
            ByteMatchStatement: {
              SearchString: '/x',
              PositionalConstraint: 'EXACTLY',
              FieldToMatch: { UriPath: {} },
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
        ],
      },
    }),
  ];
  const us = run(rules, from('198.51.100.1'));
  assert.equal(us.terminatingRuleId, 'no-us');
  assert.deepEqual(us.nonTerminatingMatchingRules, []);
  const fr = run(rules, from('192.0.2.1'));
  assert.equal(fr.action, 'ALLOW');
  assert.deepEqual(fr.nonTerminatingMatchingRules, [{ ruleId: 'geo', action: 'COUNT' }]);
  assert.equal(run(rules, { ...from('192.0.2.1'), uri: '/x' }).terminatingRuleId, 'no-geo-ns');
  assert.equal(run(rules, { ...from('127.0.0.1'), uri: '/x' }).action, 'ALLOW');
});

test('AsnMatch: the listed ASNs, ASN 0 for an address no network is mapped to, forwarded addresses', () => {
  const asn = (AsnList: number[], extra: object = {}): Rule[] => [
    blockRule('asn', 0, { AsnMatchStatement: { AsnList, ...extra } }),
  ];
  assert.equal(run(asn([64500, 64502]), from('192.0.2.1')).action, 'BLOCK');
  assert.equal(run(asn([64500, 64502]), from('2001:db8::1')).action, 'BLOCK');
  assert.equal(run(asn([64500]), from('198.51.100.1')).action, 'ALLOW');
  assert.equal(run(asn([0]), from('127.0.0.1')).action, 'BLOCK');
  assert.equal(run(asn([0]), from('192.0.2.1')).action, 'ALLOW');
  assert.deepEqual(run(asn([64500]), from('192.0.2.1')).labels, []);
  const fwd = (fb: string) => asn([64501], { ForwardedIPConfig: xffConfig(fb) });
  assert.equal(run(fwd('NO_MATCH'), from('192.0.2.1', '198.51.100.2')).action, 'BLOCK');
  assert.equal(run(fwd('NO_MATCH'), from('198.51.100.1', '192.0.2.1')).action, 'ALLOW');
  assert.equal(run(fwd('MATCH'), from('192.0.2.1', 'not-an-ip')).action, 'BLOCK');
  assert.equal(run(fwd('NO_MATCH'), from('198.51.100.1', 'not-an-ip')).action, 'ALLOW');
  assert.equal(run(fwd('MATCH'), from('198.51.100.1')).action, 'ALLOW');
});

test('a rate-based rule keyed by ASN counts every address of a network together', () => {
  const statement = (extra: object = {}): Statement => ({
    RateBasedStatement: {
      Limit: 1,
      EvaluationWindowSec: 60,
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ ASN: {} }],
      ...extra,
    },
  });
  const counter = new MemoryRateCounter();
  const rules = [blockRule('per-asn', 0, statement())];
  // 198.51.100.1 and .2 are both AS64501: the second request is the network's second.
  assert.deepEqual(
    [from('198.51.100.1'), from('198.51.100.2'), from('192.0.2.1'), from('127.0.0.1'), from('127.0.0.2')].map(
      (r) => run(rules, r, counter).action,
    ),
    ['ALLOW', 'BLOCK', 'ALLOW', 'ALLOW', 'BLOCK'],
  );
  // With the statement's ForwardedIPConfig the ASN is the forwarded address's; without the header it is not counted.
  const fwd = [
    blockRule(
      'per-asn',
      0,
      statement({ ForwardedIPConfig: xffConfig('NO_MATCH'), CustomKeys: [{ ASN: {} }, { HTTPMethod: {} }] }),
    ),
  ];
  const c2 = new MemoryRateCounter();
  assert.deepEqual(
    [
      from('192.0.2.1', '198.51.100.1'),
      from('192.0.2.1', '198.51.100.2'),
      from('198.51.100.1'),
      from('198.51.100.1'),
    ].map((r) => run(fwd, r, c2).action),
    ['ALLOW', 'BLOCK', 'ALLOW', 'ALLOW'],
  );
});

test('Geo and ASN statements and ASN keys are refused at compile time without a database', () => {
  const without = (s: Statement) => () => compileWebAcl(acl([blockRule('r', 0, s)]), resolver());
  assert.throws(without({ GeoMatchStatement: { CountryCodes: ['FR'] } }), /geolocation database/);
  assert.throws(without({ AsnMatchStatement: { AsnList: [1] } }), /geolocation database/);
  assert.throws(
    without({ RateBasedStatement: { Limit: 10, AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ ASN: {} }] } }),
    /geolocation database/,
  );
});
