// The port-probe rule: distinct ports or many empty connections within the window, per account, Region and address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownerOf, ProbeTracker } from './probe-tracker.js';

const LB_A = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1111';
const LB_B = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/b/2222';
const LB_OTHER_ACCOUNT = 'arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/c/3333';
const settings = { windowMs: 60_000, distinctPorts: 3, connections: 10, maxTracked: 100 };
const conn = (localPort: number, clientIp = '203.0.113.9', refused = false) => ({
  clientIp,
  localIp: '127.0.0.1',
  localPort,
  refused,
});

test('three distinct listener ports of one account within the window raise one hit, then the address starts afresh', () => {
  const t = new ProbeTracker(settings);
  assert.equal(t.probe(LB_A, conn(8001), 1000), undefined);
  assert.equal(t.probe(LB_A, conn(8001), 2000), undefined);
  assert.equal(t.probe(LB_B, conn(8002), 3000), undefined);
  const hit = t.probe(LB_B, conn(8003), 4000);
  assert.ok(hit);
  assert.equal(hit.accountId, '111122223333');
  assert.equal(hit.region, 'us-east-1');
  assert.equal(hit.loadBalancerArn, LB_B);
  assert.deepEqual(
    hit.probed.map((p) => [p.localPort, p.loadBalancerArn]),
    [
      [8001, LB_A],
      [8002, LB_B],
      [8003, LB_B],
    ],
  );
  assert.equal(hit.blocked, false);
  // Afresh: one more port is not yet a probe.
  assert.equal(t.probe(LB_A, conn(8004), 5000), undefined);
});

test('ports probed outside the window do not count; other accounts and addresses are apart', () => {
  const t = new ProbeTracker(settings);
  t.probe(LB_A, conn(8001), 0);
  t.probe(LB_A, conn(8002), 3000);
  assert.equal(t.probe(LB_A, conn(8003), 61_000), undefined, 'the first probe left the window');
  assert.equal(t.probe(LB_OTHER_ACCOUNT, conn(8004), 61_500), undefined, 'another account is its own count');
  assert.equal(t.probe(LB_A, conn(8004, '203.0.113.10'), 62_000), undefined, 'another address is its own count');
  assert.ok(t.probe(LB_A, conn(8004), 62_000), 'ports 8002, 8003, 8004 within a minute');
});

test('ten empty connections to one port are a probe; refused at accept every time, it was blocked', () => {
  const t = new ProbeTracker(settings);
  for (let i = 0; i < 9; i++) assert.equal(t.probe(LB_A, conn(8001, '::ffff:198.51.100.4', true), i * 100), undefined);
  const hit = t.probe(LB_A, conn(8001, '::ffff:198.51.100.4', true), 1000);
  assert.ok(hit);
  assert.equal(hit.clientIp, '198.51.100.4', 'an IPv4-mapped address is reported as IPv4');
  assert.equal(hit.probed.length, 1);
  assert.equal(hit.blocked, true);
});

test('addresses followed are bounded and swept once their probes are old', () => {
  const t = new ProbeTracker({ ...settings, maxTracked: 3 });
  for (let i = 0; i < 10; i++) t.probe(LB_A, conn(8001, `192.0.2.${i}`), 0);
  assert.equal(t.size, 3);
  t.sweep(60_000);
  assert.equal(t.size, 0);
});

test('an ARN without an account names no owner: its connections are not followed', () => {
  assert.equal(ownerOf('not-an-arn'), undefined);
  assert.deepEqual(ownerOf(LB_A), { accountId: '111122223333', region: 'us-east-1' });
  const t = new ProbeTracker(settings);
  for (let i = 0; i < 20; i++)
    assert.equal(t.probe('arn:aws:elasticloadbalancing:us-east-1::x', conn(i), 0), undefined);
  assert.equal(t.size, 0);
});
