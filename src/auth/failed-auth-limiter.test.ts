import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FailedAuthLimiter, sourceKey, throttlingError } from './failed-auth-limiter.js';

/** A limiter on a clock the test moves by hand. */
function limiter(burst: number, refillPerSecond: number, trackedSources = 100) {
  let now = 0;
  const l = new FailedAuthLimiter({ burst, refillPerSecond, trackedSources }, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('failed authentication limiter', () => {
  test('a source is limited once it has spent its burst, and only that source', () => {
    const { l } = limiter(3, 1);
    for (let i = 0; i < 3; i++) {
      assert.equal(l.isLimited('192.0.2.1'), false);
      l.noteFailure('192.0.2.1');
    }
    assert.equal(l.isLimited('192.0.2.1'), true);
    assert.equal(l.isLimited('192.0.2.2'), false);
  });

  test('tokens come back at the refill rate, and a refilled source is forgotten', () => {
    const { l, advance } = limiter(2, 1);
    l.noteFailure('192.0.2.1');
    l.noteFailure('192.0.2.1');
    assert.equal(l.isLimited('192.0.2.1'), true);
    advance(999);
    assert.equal(l.isLimited('192.0.2.1'), true);
    advance(1);
    assert.equal(l.isLimited('192.0.2.1'), false);
    advance(1000);
    assert.equal(l.isLimited('192.0.2.1'), false);
    assert.equal(l.size, 0);
  });

  test('at most trackedSources sources are remembered, the least recently seen forgotten first', () => {
    const { l } = limiter(1, 0, 3);
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) l.noteFailure(ip);
    l.noteFailure('192.0.2.1'); // seen again: now the most recent
    l.noteFailure('192.0.2.4');
    assert.equal(l.size, 3);
    assert.equal(l.isLimited('192.0.2.2'), false, 'the least recently seen was forgotten');
    assert.equal(l.isLimited('192.0.2.1'), true);
    assert.equal(l.isLimited('192.0.2.4'), true);
    for (let i = 0; i < 10_000; i++) l.noteFailure(`10.0.${i >> 8}.${i & 255}`);
    assert.equal(l.size, 3);
  });

  test('burst 0 turns the limit off', () => {
    const { l } = limiter(0, 0);
    for (let i = 0; i < 10; i++) l.noteFailure('192.0.2.1');
    assert.equal(l.isLimited('192.0.2.1'), false);
    assert.equal(l.size, 0);
  });

  test('an IPv6 source counts by its /64; an IPv4-mapped address as its IPv4 address', () => {
    assert.equal(sourceKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(sourceKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(sourceKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(sourceKey('::1'), '0:0:0:0::/64');
    assert.equal(sourceKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(sourceKey('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(sourceKey('192.0.2.7'), '192.0.2.7');
    const { l } = limiter(1, 0);
    l.noteFailure('2001:db8:1:2::1');
    assert.equal(l.isLimited('2001:db8:1:2::ffff'), true);
    assert.equal(l.isLimited('2001:db8:1:3::1'), false);
  });

  test('the refusal is worded as AWS words throttling in each protocol family', () => {
    const query = throttlingError('query');
    assert.equal(query.code, 'Throttling');
    assert.equal(query.message, 'Rate exceeded');
    assert.equal(query.status, 400);
    assert.equal(query.fault, 'Sender');
    const json = throttlingError('json');
    assert.equal(json.code, 'ThrottlingException');
    assert.equal(json.message, 'Rate exceeded');
    assert.equal(json.status, 400);
  });
});
