// WAF metrics: the series budget holds however many web ACLs and rules there are, and label values are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { WebACL } from '../../aws/generated/wafv2.js';
import type { EvaluationResult } from './engine/index.js';
import { INVALID_LABEL, OVERFLOW_LABEL, WafMetrics } from './metrics.js';

function acl(
  name: string,
  ruleMetric: string,
  arn = `arn:aws:wafv2:us-east-1:123456789012:regional/webacl/${name}/id`,
) {
  return {
    Name: name,
    Id: 'id',
    ARN: arn,
    DefaultAction: { Allow: {} },
    Rules: [
      {
        Name: 'r',
        Priority: 0,
        Statement: {},
        Action: { Block: {} },
        VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true, MetricName: ruleMetric },
      },
    ],
    VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true, MetricName: name },
  } as unknown as WebACL;
}

const blockedByR = {
  action: 'BLOCK',
  terminatingRuleId: 'r',
  terminatingRuleType: 'REGULAR',
  ruleGroupList: [],
  labels: [],
  nonTerminatingMatchingRules: [],
  insertHeaders: [],
  requestHeadersInserted: null,
} as EvaluationResult;

/** Each line of the exposition for `metric`, as label text → value. */
async function seriesOf(registry: Registry, metric: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await registry.metrics()).split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m && m[1] === metric) out.set(m[2]!, Number(m[3]));
  }
  return out;
}

test('past the budget every new series counts in the one overflow series; the kept ones keep counting', async () => {
  const registry = new Registry();
  const metrics = new WafMetrics(registry, 10);
  // Each web ACL makes two series (ALL, its rule): 5 fill the budget, 95 more overflow.
  for (let i = 0; i < 100; i++) metrics.record(acl(`acl-${i}`, `rule-${i}`), blockedByR);
  metrics.record(acl('acl-0', 'rule-0'), blockedByR);
  assert.equal(metrics.size, 10);
  const blocked = await seriesOf(registry, 'warden_waf_blocked_requests_total');
  assert.equal(blocked.size, 11);
  const overflow = `account="${OVERFLOW_LABEL}",region="${OVERFLOW_LABEL}",web_acl="${OVERFLOW_LABEL}",rule="${OVERFLOW_LABEL}"`;
  assert.equal(blocked.get(overflow), 190);
  assert.equal(blocked.get('account="123456789012",region="us-east-1",web_acl="acl-0",rule="rule-0"'), 2);
  assert.equal(blocked.get('account="123456789012",region="us-east-1",web_acl="acl-4",rule="ALL"'), 1);
  assert.equal(blocked.get('account="123456789012",region="us-east-1",web_acl="acl-5",rule="ALL"'), undefined);
});

test('a name outside MetricName, an account or Region that is not one, are never labels', async () => {
  const registry = new Registry();
  const metrics = new WafMetrics(registry, 10);
  const long = 'x'.repeat(256);
  metrics.record(
    acl('ok', `bad name\n${long}`, `arn:aws:wafv2:${'r'.repeat(100)}:12345:regional/webacl/ok/id`),
    blockedByR,
  );
  const blocked = await seriesOf(registry, 'warden_waf_blocked_requests_total');
  assert.deepEqual(
    [...blocked.keys()].sort(),
    [
      `account="${INVALID_LABEL}",region="${INVALID_LABEL}",web_acl="ok",rule="${INVALID_LABEL}"`,
      `account="${INVALID_LABEL}",region="${INVALID_LABEL}",web_acl="ok",rule="ALL"`,
    ].sort(),
  );
});
