// Tests for where health checks may connect: loopback always, the operator's entries besides, nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/error.js';
import { checkEgress, checkRules, normalize } from './config.js';
import { healthCheckEgress } from './egress.js';

test('loopback is allowed by default, on any port; private and public addresses are not', () => {
  const egress = healthCheckEgress([]);
  assert.equal(egress.allowsAddress('127.0.0.1', 80), true);
  assert.equal(egress.allowsAddress('127.8.9.10', 8080), true);
  assert.equal(egress.allowsAddress('::1', 443), true);
  assert.equal(egress.allowsAddress('10.0.0.1', 80), false);
  assert.equal(egress.allowsAddress('169.254.169.254', 80), false);
  assert.equal(egress.allowsAddress('93.184.216.34', 443), false);
  assert.equal(egress.allowsAddress('not an address', 80), false);
  assert.equal(egress.allowsName('localhost', 80), true);
  assert.equal(egress.allowsName('example.com', 80), false);
});

test("the operator's entries: networks, addresses with or without a port, names", () => {
  const egress = healthCheckEgress(['10.0.0.0/8', '192.0.2.7:8443', 'svc.internal']);
  assert.equal(egress.allowsAddress('10.200.1.1', 80), true);
  assert.equal(egress.allowsAddress('192.0.2.7', 8443), true);
  assert.equal(egress.allowsAddress('192.0.2.7', 80), false);
  assert.equal(egress.allowsName('SVC.internal.', 1234), true);
  assert.throws(() => healthCheckEgress(['not/valid/entry']));
});

test('a health check of a disallowed address is refused as InvalidInput naming the address and the option', async () => {
  const config = normalize({ Type: 'HTTP', IPAddress: '10.1.2.3' });
  await assert.rejects(
    checkEgress(config, healthCheckEgress([])),
    (err: unknown) =>
      err instanceof AwsError &&
      err.code === 'InvalidInput' &&
      /IPAddress 10\.1\.2\.3 port 80 is not allowed: .*--route53-health-check-allow/.test(err.message),
  );
  await checkEgress(config, healthCheckEgress(['10.1.2.3']));
  await checkEgress(normalize({ Type: 'TCP', FullyQualifiedDomainName: 'localhost', Port: 9 }), healthCheckEgress([]));
});

test("Route 53's rules between settings: defaults, ports, intervals, search strings", () => {
  assert.deepEqual(normalize({ Type: 'HTTPS', IPAddress: '127.0.0.1' }), {
    IPAddress: '127.0.0.1',
    Port: 443,
    Type: 'HTTPS',
    RequestInterval: 30,
    FailureThreshold: 3,
    MeasureLatency: false,
    Inverted: false,
    Disabled: false,
    EnableSNI: true,
  });
  const rule = (config: Parameters<typeof normalize>[0], words: RegExp) =>
    assert.throws(
      () => checkRules(normalize(config)),
      (err: unknown) => err instanceof AwsError && err.code === 'InvalidInput' && words.test(err.message),
    );
  rule({ Type: 'TCP', IPAddress: '127.0.0.1' }, /needs a Port/);
  rule({ Type: 'HTTP' }, /needs an IPAddress or a FullyQualifiedDomainName/);
  rule({ Type: 'HTTP', IPAddress: '127.0.0.1', RequestInterval: 20 }, /either 10 or 30/);
  rule({ Type: 'HTTP_STR_MATCH', IPAddress: '127.0.0.1' }, /needs a SearchString/);
  rule({ Type: 'HTTP', IPAddress: '127.0.0.1', SearchString: 'x' }, /only allowed for/);
  rule(
    { Type: 'TCP', IPAddress: '127.0.0.1', Port: 1, ResourcePath: '/' },
    /not allowed for health checks of type TCP/,
  );
});
