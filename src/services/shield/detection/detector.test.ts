// The detection rule on synthetic seconds: a baseline is learned, a flood starts an attack, its end is found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboveUsual, ResourceDetector, type Transition } from './detector.js';
import { TopContributors } from './top-contributors.js';

const settings = { floorRps: 20, multiplier: 5, startSeconds: 3, endSeconds: 4, baselineHalfLifeSeconds: 60 };

/** Feeds `n` requests from `ip` in one second and closes it at `t`. */
function second(d: ResourceDetector, t: number, n: number, ip = '10.0.0.1', path = '/'): Transition | undefined {
  for (let i = 0; i < n; i++)
    d.observe({
      clientIp: ip,
      clientPort: 40000,
      localIp: '127.0.0.1',
      localPort: 80,
      path,
      userAgent: 'ua',
      referrer: '',
      bytes: 100,
      status: 200,
    });
  return d.tick(t);
}

test('steady traffic under the floor never starts an attack; the threshold follows the baseline', () => {
  const d = new ResourceDetector(settings);
  for (let t = 1; t <= 30; t++) assert.equal(second(d, t * 1000, 10), undefined);
  assert.equal(d.threshold, 50);
  for (let t = 31; t <= 60; t++) assert.equal(second(d, t * 1000, 2), undefined);
  assert.ok(d.threshold < 50 && d.threshold >= 20, `threshold ${d.threshold}`);
});

test('a flood lasting startSeconds starts an attack from its first second, and endSeconds quiet end it', () => {
  const d = new ResourceDetector(settings);
  for (let t = 1; t <= 20; t++) second(d, t * 1000, 10);
  // Two seconds above 50 are a burst, not an attack, and are learned as traffic afterwards.
  assert.equal(second(d, 21_000, 60, '10.0.0.9'), undefined);
  assert.equal(second(d, 22_000, 60, '10.0.0.9'), undefined);
  assert.equal(second(d, 23_000, 10), undefined);
  const before = d.threshold;
  assert.ok(before > 50);
  // The flood: three seconds of 400 from one source among ordinary traffic.
  assert.equal(second(d, 24_000, 400, '10.0.0.66', '/login'), undefined);
  assert.equal(second(d, 25_000, 400, '10.0.0.66', '/login'), undefined);
  const start = second(d, 26_000, 400, '10.0.0.66', '/login');
  assert.equal(start?.kind, 'start');
  assert.equal(start!.attack.startMs, 23_000);
  assert.equal(start!.attack.threshold, before);
  assert.deepEqual(start!.attack.contributors.SOURCE_IP_ADDRESS[0], { name: '10.0.0.66', value: 1200 });
  assert.deepEqual(start!.attack.contributors.DESTINATION_URL[0], { name: '/login', value: 1200 });
  assert.equal(second(d, 27_000, 400, '10.0.0.66')?.kind, 'update');
  // Quiet: 3 seconds are not yet the end; the 4th is, and the attack ended when the quiet began.
  for (let t = 28; t <= 30; t++) assert.equal(second(d, t * 1000, 10)?.kind, 'update');
  const end = second(d, 31_000, 10);
  assert.equal(end?.kind, 'end');
  assert.equal(end!.attack.endMs, 27_000);
  assert.equal(end!.attack.seconds.length, 4);
  assert.equal(
    end!.attack.seconds.reduce((s, x) => s + x.requests, 0),
    1600,
  );
  assert.equal(d.inAttack, false);
  // The baseline did not learn the flood.
  assert.ok(d.threshold < 100, `threshold ${d.threshold}`);
});

test('Space-Saving keeps the heavy hitter among many distinct keys in bounded memory', () => {
  const top = new TopContributors(8);
  for (let i = 0; i < 10_000; i++) {
    top.add(`noise-${i}`);
    if (i % 3 === 0) top.add('heavy');
  }
  assert.equal(top.top(1)[0]!.name, 'heavy');
  assert.ok(top.top(1)[0]!.value >= 3334);
  assert.equal(top.top(100).length, 8);
  assert.equal(top.sum, 10_000 + 3334);
});

/** An exchange's other fields (a variable, so it fits ObservedExchange with or without the connection's ends). */
const exchange = {
  clientIp: '',
  clientPort: 40000,
  localIp: '127.0.0.1',
  localPort: 80,
  path: '/',
  userAgent: '',
  referrer: '',
  bytes: 10,
  status: 200,
};

test('country and network are counted where the source is located, and not for sources without a place', () => {
  const d = new ResourceDetector(settings);
  for (let t = 1; t <= 5; t++) second(d, t * 1000, 5);
  let start: Transition | undefined;
  for (let t = 6; t <= 8; t++) {
    const at = (ip: string) => ({ ...exchange, clientIp: ip });
    for (let i = 0; i < 150; i++) d.observe(at('8.8.8.8'), { country: 'US', asn: 15169 });
    for (let i = 0; i < 50; i++) d.observe(at('1.0.1.1'), { country: 'CN' });
    for (let i = 0; i < 100; i++) d.observe(at('127.0.0.2'));
    start = d.tick(t * 1000) ?? start;
  }
  assert.equal(start?.kind, 'start');
  const { contributors, totals } = start!.attack;
  assert.deepEqual(contributors.SOURCE_COUNTRY, [
    { name: 'US', value: 450 },
    { name: 'CN', value: 150 },
  ]);
  assert.deepEqual(contributors.SOURCE_ASN, [{ name: '15169', value: 450 }]);
  assert.equal(totals.SOURCE_COUNTRY, 600);
  assert.equal(totals.SOURCE_ASN, 450);
  assert.equal(totals.SOURCE_IP_ADDRESS, 900);
  assert.equal(contributors.SOURCE_IP_ADDRESS[0]!.name, '8.8.8.8');
});

test('the usual distribution: a heavy client at its usual rate is not above it during a flood; the flood source is', () => {
  const d = new ResourceDetector(settings);
  // Ordinary traffic: 10.0.0.5 sends 15 of every 20 requests, 10.0.0.6 the rest.
  for (let t = 1; t <= 30; t++) {
    for (let i = 0; i < 15; i++) d.observe({ ...exchange, clientIp: '10.0.0.5' });
    second(d, t * 1000, 5, '10.0.0.6');
  }
  let start: Transition | undefined;
  for (let t = 31; t <= 33; t++) {
    for (let i = 0; i < 15; i++) d.observe({ ...exchange, clientIp: '10.0.0.5' });
    start = second(d, t * 1000, 400, '10.0.0.66') ?? start;
  }
  assert.equal(start?.kind, 'start');
  const attack = start!.attack;
  assert.ok(Math.abs(attack.baselineRps - 20) < 0.5, `baseline ${attack.baselineRps}`);
  const shares = attack.usualShares.SOURCE_IP_ADDRESS;
  assert.ok(Math.abs(shares['10.0.0.5']! - 0.75) < 0.01, `usual share ${shares['10.0.0.5']}`);
  assert.equal(shares['10.0.0.66'], 0);
  const byName = new Map(attack.contributors.SOURCE_IP_ADDRESS.map((c) => [c.name, c]));
  assert.equal(aboveUsual(attack, 'SOURCE_IP_ADDRESS', byName.get('10.0.0.66')!, 5), true);
  assert.equal(aboveUsual(attack, 'SOURCE_IP_ADDRESS', byName.get('10.0.0.5')!, 5), false);
  // A client flooding far beyond its own usual rate is above it, though it usually sends most of the traffic.
  assert.equal(aboveUsual(attack, 'SOURCE_IP_ADDRESS', { name: '10.0.0.5', value: 3 * 400 }, 5), true);
});

test('the usual distribution forgets: counts decay, and those decayed to nothing are dropped', () => {
  const top = new TopContributors(4);
  top.add('a', 100);
  top.decay(0.5);
  assert.equal(top.count('a'), 50);
  assert.equal(top.sum, 50);
  top.decay(0.0001);
  assert.equal(top.count('a'), 0);
  assert.deepEqual(top.top(4), []);
});

test('health-based detection: while the health check is unhealthy the threshold halves and one second starts an attack', () => {
  const healthy = new ResourceDetector(settings);
  const unhealthy = new ResourceDetector(settings);
  for (let t = 1; t <= 20; t++) {
    second(healthy, t * 1000, 10);
    second(unhealthy, t * 1000, 10);
  }
  assert.equal(healthy.threshold, 50);
  unhealthy.unhealthy = true;
  assert.equal(unhealthy.threshold, 25);
  // 40 requests a second: under the usual threshold (50), over the unhealthy one (25).
  assert.equal(second(healthy, 21_000, 40), undefined);
  const started = second(unhealthy, 21_000, 40);
  assert.equal(started?.kind, 'start', 'one second over the lowered threshold starts the attack');
  assert.equal(started?.attack.threshold, 25);
  for (let t = 22; t <= 25; t++) assert.equal(second(healthy, t * 1000, 40), undefined);
  // The health check recovering restores the usual threshold for what comes next.
  unhealthy.unhealthy = false;
  assert.equal(unhealthy.threshold, 50);
});
