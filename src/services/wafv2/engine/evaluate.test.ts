// Rule actions, labels, rule groups and their overrides, custom handling, CAPTCHA/challenge and rate-based rules.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWebAcl, evaluate, MemoryRateCounter, type CompiledWebAcl } from './index.js';
import type { Rule, RuleGroupDefinition, Statement, WebAcl } from './types.js';
import { acl, blockRule, none, request, resolver } from './test-support.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));
const compile = (w: WebAcl, groups: Record<string, RuleGroupDefinition> = {}): CompiledWebAcl => {
  const c = compileWebAcl(w, resolver({ groups }));
  compiled.push(c);
  return c;
};
const state = () => ({ rateCounter: new MemoryRateCounter() });
const uriStarts = (p: string): Statement => ({
  ByteMatchStatement: {
    SearchString: p,
    PositionalConstraint: 'STARTS_WITH',
    FieldToMatch: { UriPath: {} },
    TextTransformations: none,
  },
});

test('Count adds labels and continues; a later rule matches the label; default action answers otherwise', () => {
  const w = acl([
    {
      Name: 'tag',
      Priority: 0,
      Statement: uriStarts('/admin'),
      Action: { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'seen', Value: '1' }] } } },
      RuleLabels: [{ Name: 'area:admin' }],
    } as Rule,
    blockRule('by-label', 1, { LabelMatchStatement: { Scope: 'LABEL', Key: 'area:admin' } }),
  ]);
  const c = compile(w);
  const r = evaluate(c, request({ uri: '/admin' }), state());
  assert.equal(r.action, 'BLOCK');
  assert.equal(r.terminatingRuleId, 'by-label');
  assert.deepEqual(r.labels, ['awswaf:111122223333:webacl:test-acl:area:admin']);
  assert.deepEqual(r.nonTerminatingMatchingRules, [{ ruleId: 'tag', action: 'COUNT' }]);
  assert.deepEqual(r.insertHeaders, [], 'a blocked request forwards nothing');
  const ok = evaluate(c, request({ uri: '/' }), state());
  assert.equal(ok.action, 'ALLOW');
  assert.equal(ok.terminatingRuleId, 'Default_Action');
  assert.equal(ok.terminatingRuleType, 'DEFAULT_ACTION');
  const ns = compile(
    acl([
      {
        Name: 'tag',
        Priority: 0,
        Statement: uriStarts('/'),
        Action: { Count: {} },
        RuleLabels: [{ Name: 'a:b:c' }],
      } as Rule,
      blockRule('ns', 1, { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'a:b:' } }),
    ]),
  );
  assert.equal(evaluate(ns, request(), state()).terminatingRuleId, 'ns');
});

test('Allow with inserted headers (x-amzn-waf- prefix), counted headers carried along', () => {
  const c = compile(
    acl([
      {
        Name: 'c',
        Priority: 0,
        Statement: uriStarts('/'),
        Action: { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'count', Value: 'x' }] } } },
      } as Rule,
      {
        Name: 'a',
        Priority: 1,
        Statement: uriStarts('/'),
        Action: { Allow: { CustomRequestHandling: { InsertHeaders: [{ Name: 'allowed', Value: 'yes' }] } } },
      } as Rule,
      blockRule('never', 2, uriStarts('/')),
    ]),
  );
  const r = evaluate(c, request(), state());
  assert.equal(r.action, 'ALLOW');
  assert.equal(r.terminatingRuleId, 'a');
  assert.deepEqual(r.insertHeaders, [
    ['x-amzn-waf-count', 'x'],
    ['x-amzn-waf-allowed', 'yes'],
  ]);
  assert.deepEqual(r.requestHeadersInserted, [
    { name: 'x-amzn-waf-count', value: 'x' },
    { name: 'x-amzn-waf-allowed', value: 'yes' },
  ]);
});

test('Block with a custom response resolves the body from CustomResponseBodies; default Block too', () => {
  const w = acl(
    [
      blockRule('b', 0, uriStarts('/x'), {
        Action: {
          Block: {
            CustomResponse: {
              ResponseCode: 429,
              CustomResponseBodyKey: 'slow',
              ResponseHeaders: [{ Name: 'Retry-After', Value: '60' }],
            },
          },
        },
      }),
    ],
    {
      DefaultAction: { Block: { CustomResponse: { ResponseCode: 404 } } },
      CustomResponseBodies: { slow: { ContentType: 'TEXT_PLAIN', Content: 'slow down' } },
    },
  );
  const c = compile(w);
  assert.deepEqual(evaluate(c, request({ uri: '/x' }), state()).customResponse, {
    status: 429,
    headers: [['Retry-After', '60']],
    body: { key: 'slow', contentType: 'TEXT_PLAIN', content: 'slow down' },
  });
  const d = evaluate(c, request({ uri: '/y' }), state());
  assert.equal(d.action, 'BLOCK');
  assert.deepEqual(d.customResponse, { status: 404, headers: [] });
  assert.throws(
    () =>
      compile(
        acl([
          blockRule('b', 0, uriStarts('/'), {
            Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'missing' } } },
          }),
        ]),
      ),
    /missing is not defined/,
  );
});

test('CAPTCHA and CHALLENGE terminate without a valid token and surface the immunity time; with one they continue', () => {
  const w = acl(
    [
      {
        Name: 'cap',
        Priority: 0,
        Statement: uriStarts('/login'),
        Action: { Captcha: {} },
        CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: 120 } },
      } as Rule,
      { Name: 'chal', Priority: 1, Statement: uriStarts('/'), Action: { Challenge: {} } } as Rule,
    ],
    { ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: 900 } } },
  );
  const c = compile(w);
  const r = evaluate(c, request({ uri: '/login' }), state());
  assert.equal(r.action, 'CAPTCHA');
  assert.equal(r.immunityTime, 120);
  const withToken = evaluate(c, request({ uri: '/login' }), {
    ...state(),
    hasValidToken: (kind) => kind === 'CAPTCHA',
  });
  assert.equal(withToken.action, 'CHALLENGE');
  assert.equal(withToken.immunityTime, 900);
  assert.deepEqual(withToken.nonTerminatingMatchingRules, [{ ruleId: 'cap', action: 'CAPTCHA' }]);
});

test('a CAPTCHA or CHALLENGE check adds the token labels for its own immunity time, before later rules run', () => {
  const asked: [string, number][] = [];
  const w = acl([
    {
      Name: 'chal',
      Priority: 0,
      Statement: uriStarts('/'),
      Action: { Challenge: {} },
      ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: 600 } },
    } as Rule,
    {
      Name: 'accepted',
      Priority: 1,
      Statement: { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:token:accepted' } },
      Action: { Block: {} },
    } as Rule,
  ]);
  const c = compile(w);
  const r = evaluate(c, request({ uri: '/' }), {
    ...state(),
    hasValidToken: () => true,
    tokenLabels: (kind, immunity) => {
      asked.push([kind, immunity]);
      return ['awswaf:managed:token:accepted'];
    },
  });
  assert.deepEqual(asked, [['CHALLENGE', 600]]);
  assert.equal(r.action, 'BLOCK', 'the later rule matched the label');
  assert.deepEqual(r.labels, ['awswaf:managed:token:accepted']);
  const rejected = evaluate(c, request({ uri: '/' }), {
    ...state(),
    hasValidToken: () => false,
    tokenLabels: () => ['awswaf:managed:token:rejected', 'awswaf:managed:token:rejected:expired'],
  });
  assert.equal(rejected.action, 'CHALLENGE');
  assert.deepEqual(rejected.labels, ['awswaf:managed:token:rejected', 'awswaf:managed:token:rejected:expired']);
});

const GROUP_NS = 'awswaf:managed:aws:test-group:';
const group: RuleGroupDefinition = {
  Name: 'test-group',
  LabelNamespace: GROUP_NS,
  Rules: [
    {
      Name: 'count-all',
      Priority: 0,
      Statement: uriStarts('/'),
      Action: { Count: {} },
      RuleLabels: [{ Name: 'seen' }],
    } as Rule,
    blockRule('block-admin', 1, uriStarts('/admin'), { RuleLabels: [{ Name: 'admin' }] }),
    blockRule('block-etc', 2, uriStarts('/etc')),
  ],
};
const managed = (extra: object = {}, rule: Partial<Rule> = {}): Rule =>
  ({
    Name: 'managed',
    Priority: 0,
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'test-group', ...extra } },
    OverrideAction: { None: {} },
    ...rule,
  }) as Rule;

test('a managed rule group terminates the web ACL with its rule, labels in the group namespace, the trace shows it', () => {
  const c = compile(acl([managed()]), { 'AWS/test-group': group });
  const r = evaluate(c, request({ uri: '/admin' }), state());
  assert.equal(r.action, 'BLOCK');
  assert.equal(r.terminatingRuleId, 'managed');
  assert.equal(r.terminatingRuleType, 'MANAGED_RULE_GROUP');
  assert.deepEqual(r.labels, [`${GROUP_NS}seen`, `${GROUP_NS}admin`]);
  assert.deepEqual(r.ruleGroupList, [
    {
      ruleGroupId: 'AWS#test-group',
      terminatingRule: { ruleId: 'block-admin', action: 'BLOCK' },
      nonTerminatingMatchingRules: [{ ruleId: 'count-all', action: 'COUNT' }],
      excludedRules: null,
    },
  ]);
});

test('OverrideAction Count, ExcludedRules, RuleActionOverrides and ScopeDownStatement', () => {
  const counted = compile(acl([managed({}, { OverrideAction: { Count: {} } })]), { 'AWS/test-group': group });
  const r = evaluate(counted, request({ uri: '/admin' }), state());
  assert.equal(r.action, 'ALLOW');
  assert.deepEqual(r.nonTerminatingMatchingRules, [{ ruleId: 'managed', action: 'COUNT', overriddenAction: 'BLOCK' }]);
  assert.ok(r.labels.includes(`${GROUP_NS}admin`), 'labels still added');

  const excluded = compile(acl([managed({ ExcludedRules: [{ Name: 'block-admin' }] })]), { 'AWS/test-group': group });
  const e = evaluate(excluded, request({ uri: '/admin' }), state());
  assert.equal(e.action, 'ALLOW');
  assert.deepEqual(e.ruleGroupList[0]!.excludedRules, [{ exclusionType: 'EXCLUDED_AS_COUNT', ruleId: 'block-admin' }]);

  const overridden = compile(
    acl([
      managed({
        RuleActionOverrides: [
          { Name: 'block-etc', ActionToUse: { Count: {} } },
          { Name: 'count-all', ActionToUse: { Block: {} } },
        ],
      }),
    ]),
    { 'AWS/test-group': group },
  );
  const o = evaluate(overridden, request({ uri: '/etc/passwd' }), state());
  assert.equal(o.action, 'BLOCK');
  assert.deepEqual(o.ruleGroupList[0]!.terminatingRule, {
    ruleId: 'count-all',
    action: 'BLOCK',
    overriddenAction: 'COUNT',
  });

  const scoped = compile(acl([managed({ ScopeDownStatement: uriStarts('/api') })]), { 'AWS/test-group': group });
  assert.equal(evaluate(scoped, request({ uri: '/admin' }), state()).action, 'ALLOW');
  assert.deepEqual(evaluate(scoped, request({ uri: '/admin' }), state()).ruleGroupList, []);
});

test('a customer rule group is referenced by ARN; a missing one is a compile error', () => {
  const arn = 'arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/mine/1';
  const mine = { ...group, ARN: arn, LabelNamespace: 'awswaf:111122223333:rulegroup:mine:' };
  const c = compile(
    acl([
      {
        Name: 'ref',
        Priority: 0,
        Statement: { RuleGroupReferenceStatement: { ARN: arn } },
        OverrideAction: { None: {} },
      } as Rule,
    ]),
    { [arn]: mine },
  );
  const r = evaluate(c, request({ uri: '/admin' }), state());
  assert.equal(r.terminatingRuleType, 'GROUP');
  assert.ok(r.labels.includes('awswaf:111122223333:rulegroup:mine:admin'));
  assert.throws(() => compile(acl([managed({ Name: 'absent' })])), /does not exist/);
});

test('a rate-based rule blocks past its limit per IP and lets the source back after the window', () => {
  const c = compile(
    acl([
      blockRule('rate', 0, {
        RateBasedStatement: {
          Limit: 3,
          EvaluationWindowSec: 60,
          AggregateKeyType: 'IP',
          ScopeDownStatement: uriStarts('/api'),
        },
      }),
    ]),
  );
  const s = { rateCounter: new MemoryRateCounter(), now: 1_000_000 };
  const hit = (ip: string, uri = '/api', now = s.now) =>
    evaluate(c, request({ clientIp: ip, uri }), { ...s, now }).action;
  assert.deepEqual(
    [hit('127.0.0.2'), hit('127.0.0.2'), hit('127.0.0.2'), hit('127.0.0.2')],
    ['ALLOW', 'ALLOW', 'ALLOW', 'BLOCK'],
  );
  assert.equal(hit('127.0.0.3'), 'ALLOW', 'another source has its own count');
  assert.equal(hit('127.0.0.2', '/static'), 'ALLOW', 'outside the scope-down');
  assert.equal(hit('127.0.0.2', '/api', s.now + 61_000), 'ALLOW', 'after the window');
});

test('rate-based aggregation by custom keys, constant and forwarded IP', () => {
  const rule = (st: NonNullable<Statement['RateBasedStatement']>) =>
    compile(acl([blockRule('rate', 0, { RateBasedStatement: st })]));
  const s = { rateCounter: new MemoryRateCounter(), now: 5_000_000 };
  const custom = rule({
    Limit: 1,
    EvaluationWindowSec: 120,
    AggregateKeyType: 'CUSTOM_KEYS',
    CustomKeys: [{ Header: { Name: 'x-api-key', TextTransformations: none } }, { HTTPMethod: {} }],
  });
  const k = (key?: string) => evaluate(custom, request({ headers: key ? [['X-Api-Key', key]] : [] }), s).action;
  assert.deepEqual([k('a'), k('a'), k('b'), k(), k()], ['ALLOW', 'BLOCK', 'ALLOW', 'ALLOW', 'ALLOW']);
  const constant = rule({ Limit: 1, EvaluationWindowSec: 300, AggregateKeyType: 'CONSTANT' });
  assert.deepEqual(
    [
      evaluate(constant, request({ clientIp: '127.0.0.2' }), s).action,
      evaluate(constant, request({ clientIp: '127.0.0.3' }), s).action,
    ],
    ['ALLOW', 'BLOCK'],
  );
  const fwd = rule({
    Limit: 1,
    EvaluationWindowSec: 600,
    AggregateKeyType: 'FORWARDED_IP',
    ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH' },
  });
  const f = (xff?: string) => evaluate(fwd, request({ headers: xff ? [['X-Forwarded-For', xff]] : [] }), s).action;
  assert.deepEqual(
    [f('192.0.2.1'), f('192.0.2.1, 10.0.0.1'), f('192.0.2.9'), f(), f()],
    ['ALLOW', 'BLOCK', 'ALLOW', 'ALLOW', 'ALLOW'],
  );
  assert.throws(() => rule({ Limit: 1, EvaluationWindowSec: 30, AggregateKeyType: 'IP' }), /EvaluationWindowSec 30/);
});
