// Rule matching against AWS's documented condition semantics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConditionConfig, ListenerConfig } from './config.js';
import { conditionMatches, pickWeighted, selectActions, type RoutedRequest } from './rules.js';
import { wildcardMatch } from './wildcard.js';

const req = (over: Partial<RoutedRequest> = {}): RoutedRequest => ({
  method: 'GET',
  path: '/img/cat.png',
  query: '',
  host: 'www.example.com',
  headers: [],
  clientIp: '10.0.0.5',
  ...over,
});

test('wildcards: * any run (none included), ? exactly one, nothing else special', () => {
  assert.equal(wildcardMatch('/img/*', '/img/cat.png'), true);
  assert.equal(wildcardMatch('/img/*', '/img/'), true);
  assert.equal(wildcardMatch('/img/?', '/img/'), false);
  assert.equal(wildcardMatch('/img/???.png', '/img/cat.png'), true);
  assert.equal(wildcardMatch('*.png', '/a/b.png'), true);
  assert.equal(wildcardMatch('/a*b*c', '/axxbyyc'), true);
  assert.equal(wildcardMatch('/a*b*c', '/axxbyy'), false);
  assert.equal(wildcardMatch('/a.c', '/abc'), false);
  assert.equal(wildcardMatch('*'.repeat(60) + 'x', 'a'.repeat(5000)), false);
});

test('path-pattern is case-sensitive and ignores the query string', () => {
  const c: ConditionConfig = { field: 'path-pattern', values: ['/img/*'] };
  assert.equal(conditionMatches(c, req()), true);
  assert.equal(conditionMatches(c, req({ path: '/IMG/cat.png' })), false);
  assert.equal(conditionMatches({ field: 'path-pattern', values: ['*x=1'] }, req({ query: 'x=1' })), false);
});

test('host-header is case-insensitive, ignores the port, takes wildcards', () => {
  const c: ConditionConfig = { field: 'host-header', values: ['*.Example.com'] };
  assert.equal(conditionMatches(c, req({ host: 'WWW.EXAMPLE.COM:8080' })), true);
  assert.equal(conditionMatches(c, req({ host: 'example.org' })), false);
});

test('http-header: name and value case-insensitive, any instance of the header', () => {
  const c: ConditionConfig = { field: 'http-header', headerName: 'User-Agent', values: ['*mobile*'] };
  assert.equal(conditionMatches(c, req({ headers: [['user-agent', 'Foo MOBILE Safari']] })), true);
  assert.equal(conditionMatches(c, req({ headers: [['user-agent', 'desktop']] })), false);
  assert.equal(conditionMatches(c, req({ headers: [['x', 'mobile']] })), false);
});

test('http-request-method is exact and case-sensitive', () => {
  const c: ConditionConfig = { field: 'http-request-method', values: ['POST', 'PUT'] };
  assert.equal(conditionMatches(c, req({ method: 'PUT' })), true);
  assert.equal(conditionMatches(c, req({ method: 'post' })), false);
});

test('query-string pairs: key optional, case-insensitive, wildcards', () => {
  const c: ConditionConfig = { field: 'query-string', values: [{ key: 'version', value: 'v1*' }, { value: 'beta' }] };
  assert.equal(conditionMatches(c, req({ query: 'a=1&VERSION=V1.2' })), true);
  assert.equal(conditionMatches(c, req({ query: 'anything=beta' })), true);
  assert.equal(conditionMatches(c, req({ query: 'version=v2' })), false);
});

test('source-ip: CIDRs, IPv4-mapped clients, IPv6', () => {
  const c: ConditionConfig = { field: 'source-ip', values: ['10.0.0.0/24', '2001:db8::/32'] };
  assert.equal(conditionMatches(c, req()), true);
  assert.equal(conditionMatches(c, req({ clientIp: '::ffff:10.0.0.9' })), true);
  assert.equal(conditionMatches(c, req({ clientIp: '2001:db8::1' })), true);
  assert.equal(conditionMatches(c, req({ clientIp: '10.0.1.1' })), false);
});

test('values OR, conditions AND, priority order, default actions last', () => {
  const fixed = (code: number) => [{ type: 'fixed-response' as const, statusCode: code }];
  const listener: ListenerConfig = {
    arn: 'l',
    loadBalancerArn: 'lb',
    protocol: 'HTTP',
    port: 80,
    idleTimeoutSeconds: 60,
    defaultActions: fixed(404),
    rules: [
      {
        arn: 'r20',
        priority: 20,
        conditions: [{ field: 'path-pattern', values: ['/img/*', '/css/*'] }],
        actions: fixed(220),
      },
      {
        arn: 'r10',
        priority: 10,
        conditions: [
          { field: 'path-pattern', values: ['/img/*'] },
          { field: 'host-header', values: ['admin.example.com'] },
        ],
        actions: fixed(210),
      },
    ],
  };
  const status = (r: RoutedRequest) => (selectActions(listener, r)[0] as { statusCode: number }).statusCode;
  assert.equal(status(req({ host: 'admin.example.com' })), 210);
  assert.equal(status(req()), 220);
  assert.equal(status(req({ path: '/css/a.css' })), 220);
  assert.equal(status(req({ path: '/js/a.js' })), 404);
});

test('weighted pick follows the weights and never picks weight 0', () => {
  const groups = [
    { arn: 'a', weight: 1 },
    { arn: 'b', weight: 3 },
    { arn: 'c', weight: 0 },
  ];
  assert.equal(pickWeighted(groups, () => 0.1)?.arn, 'a');
  assert.equal(pickWeighted(groups, () => 0.3)?.arn, 'b');
  assert.equal(pickWeighted(groups, () => 0.999)?.arn, 'b');
  assert.equal(pickWeighted([{ arn: 'z', weight: 0 }]), undefined);
});
