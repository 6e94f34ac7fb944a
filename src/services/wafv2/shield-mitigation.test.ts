// Shield's mitigation rules: one rule per address family with sources, the configured action, AWS's reference shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_MITIGATION_SOURCES,
  MITIGATION_PRIORITY,
  mitigationReference,
  mitigationRules,
  sourceCidrs,
} from './shield-mitigation.js';
import { compileWebAcl, evaluate, MemoryRateCounter } from './engine/index.js';
import { acl, request, resolver } from './engine/test-support.js';
import type { Rule } from './engine/types.js';

const V4 = 'arn:aws:wafv2:us-east-1:123456789012:regional/ipset/v4/11111111-1111-1111-1111-111111111111';
const V6 = 'arn:aws:wafv2:us-east-1:123456789012:regional/ipset/v6/22222222-2222-2222-2222-222222222222';

test('sources become host CIDRs by family; what is not an address is left out; the list is bounded', () => {
  assert.deepEqual(sourceCidrs(['127.0.0.2', '2001:DB8::1', 'not-an-ip', '']), {
    IPV4: ['127.0.0.2/32'],
    IPV6: ['2001:db8::1/128'],
  });
  const many = Array.from({ length: MAX_MITIGATION_SOURCES + 5 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
  assert.equal(sourceCidrs(many).IPV4.length, MAX_MITIGATION_SOURCES);
});

test('one rule per family that has sources, taking the action; none without sources', () => {
  const sets = (v4: string[], v6: string[]) => [
    { family: 'IPV4' as const, arn: V4, addresses: v4 },
    { family: 'IPV6' as const, arn: V6, addresses: v6 },
  ];
  assert.deepEqual(mitigationRules('Block', sets([], [])), []);
  const block = mitigationRules('Block', sets(['127.0.0.2/32'], []));
  assert.equal(block.length, 1);
  assert.deepEqual(block[0]!.Statement, { IPSetReferenceStatement: { ARN: V4 } });
  assert.deepEqual(block[0]!.Action, { Block: {} });
  const count = mitigationRules('Count', sets(['127.0.0.2/32'], ['2001:db8::1/128']));
  assert.deepEqual(
    count.map((r) => [r.Name, r.Priority, r.Action]),
    [
      ['ShieldMitigationTopSourcesIPv4', 0, { Count: {} }],
      ['ShieldMitigationTopSourcesIPv6', 1, { Count: {} }],
    ],
  );
});

test('the web ACL reference runs last (priority 10,000,000) and leaves the group its own actions', () => {
  const ref = mitigationReference('ShieldMitigationRuleGroup_x', 'arn:group');
  assert.equal(ref.Priority, MITIGATION_PRIORITY);
  assert.deepEqual(ref.OverrideAction, { None: {} });
  assert.deepEqual(ref.Statement, { RuleGroupReferenceStatement: { ARN: 'arn:group' } });
});

test('compiled into a web ACL, the rules block the listed source and let others through', () => {
  const group = 'arn:aws:wafv2:us-east-1:123456789012:regional/rulegroup/g/33333333-3333-3333-3333-333333333333';
  const rules = mitigationRules('Block', [{ family: 'IPV4', arn: V4, addresses: ['127.0.0.2/32'] }]);
  const compiled = compileWebAcl(
    acl([mitigationReference('ShieldMitigationRuleGroup_x', group)] as Rule[]),
    resolver({
      ipSets: { [V4]: ['127.0.0.2/32'] },
      groups: { [group]: { Name: 'g', ARN: group, Rules: rules as Rule[], LabelNamespace: '' } },
    }),
  );
  const action = (clientIp: string) =>
    evaluate(compiled, request({ clientIp }), { rateCounter: new MemoryRateCounter() }).action;
  assert.equal(action('127.0.0.2'), 'BLOCK');
  assert.equal(action('127.0.0.3'), 'ALLOW');
  compiled.dispose();
});
