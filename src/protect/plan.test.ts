// Tests for `warden protect`'s option checks: upstream as an IP target, ports, names, managed rule group names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findManagedGroup } from '../services/wafv2/managed/catalog.js';
import { MANAGED_RULE_SHORT_NAMES, PlanError, parseManagedRules, parseUpstream, planProtection } from './plan.js';

test('every short name stands for a managed rule group the WAF catalogue serves', () => {
  for (const group of Object.values(MANAGED_RULE_SHORT_NAMES)) {
    assert.ok(findManagedGroup('AWS', group), group);
  }
});

test('the upstream becomes an IPv4 target; localhost resolves to 127.0.0.1, port 80 by default', () => {
  assert.deepEqual(parseUpstream('http://localhost:8080'), { ip: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseUpstream('http://10.1.2.3'), { ip: '10.1.2.3', port: 80 });
  assert.deepEqual(parseUpstream('http://127.0.0.1:8080/'), { ip: '127.0.0.1', port: 8080 });
  for (const [text, message] of [
    ['example.com:80', /must be an http:\/\/ URL/],
    ['not a url', /must be a URL/],
    ['https://127.0.0.1:8443', /must be an http:\/\/ URL/],
    ['http://example.com:8080', /host must be an IPv4 address or localhost/],
    ['http://[::1]:8080', /host must be an IPv4 address or localhost/],
    ['http://127.0.0.1:8080/app', /scheme, host and port only/],
    ['http://u:p@127.0.0.1:8080', /scheme, host and port only/],
  ] as const) {
    assert.throws(
      () => parseUpstream(text),
      (err: Error) => err instanceof PlanError && message.test(err.message),
    );
  }
});

test('managed rules: short names in order, duplicates once, unknown names refused with the choices', () => {
  assert.deepEqual(parseManagedRules('sqli, core,sqli'), [
    'AWSManagedRulesSQLiRuleSet',
    'AWSManagedRulesCommonRuleSet',
  ]);
  assert.throws(
    () => parseManagedRules('core,bots'),
    /unknown rule group 'bots'; choose from core, sqli, known-bad-inputs, linux, unix, windows, php, admin$/,
  );
  assert.throws(() => parseManagedRules('toString'), /unknown rule group 'toString'/);
  assert.throws(() => parseManagedRules(' , '), /at least one rule group/);
});

test('the plan: default name and rule groups; bad ports and names refused', () => {
  assert.deepEqual(planProtection({ upstream: 'http://localhost:8080', port: '8443' }), {
    name: 'warden-protect-8443',
    upstream: { ip: '127.0.0.1', port: 8080 },
    listenerPort: 8443,
    managedRuleGroups: [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ],
  });
  for (const port of ['0', '65536', '80a', '']) {
    assert.throws(() => planProtection({ upstream: 'http://localhost:1', port }), /--port must be a port number/);
  }
  for (const name of ['-a', 'a_b', 'x'.repeat(33), 'internal-x']) {
    assert.throws(() => planProtection({ upstream: 'http://localhost:1', port: '1', name }), /--name must be/);
  }
});
