// The tally between analyses: one entry per load balancer and address, blocked only when every answer refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExchangeTally } from './exchange-tally.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1111';
const exchange = (clientIp: string, status: number, clientPort = 50000) => ({
  clientIp,
  clientPort,
  localIp: '127.0.0.1',
  localPort: 8080,
  path: '/',
  userAgent: '',
  referrer: '',
  bytes: 0,
  status,
});

test('a flood from one address is one entry counting its exchanges; take() empties the tally', () => {
  const t = new ExchangeTally();
  for (let i = 0; i < 1000; i++) t.add(LB, exchange('192.0.2.1', 200, 50000 + i), i);
  t.add(LB, exchange('192.0.2.2', 200), 5);
  const taken = t.take();
  assert.equal(taken.length, 2);
  const one = taken.find((e) => e.clientIp === '192.0.2.1')!;
  assert.equal(one.exchanges, 1000);
  assert.equal(one.clientPort, 50999, 'the latest connection describes it');
  assert.equal(one.at, 999);
  assert.equal(t.take().length, 0);
});

test('blocked only when every exchange was answered 403 or 429', () => {
  const t = new ExchangeTally();
  t.add(LB, exchange('192.0.2.1', 403), 0);
  t.add(LB, exchange('192.0.2.1', 429), 1);
  t.add(LB, exchange('192.0.2.2', 403), 0);
  t.add(LB, exchange('192.0.2.2', 200), 1);
  const [a, b] = t.take();
  assert.equal(a!.blocked, true);
  assert.equal(b!.blocked, false);
});

test('past its capacity new pairs are dropped and counted; IPv4-mapped addresses are one with IPv4', () => {
  const t = new ExchangeTally(2);
  t.add(LB, exchange('::ffff:192.0.2.1', 200), 0);
  t.add(LB, exchange('192.0.2.1', 200), 0);
  t.add(LB, exchange('192.0.2.2', 200), 0);
  t.add(LB, exchange('192.0.2.3', 200), 0);
  t.add(LB, exchange('', 200), 0);
  assert.equal(t.size, 2);
  assert.equal(t.dropped, 1);
  assert.equal(t.take()[0]!.exchanges, 2);
});
