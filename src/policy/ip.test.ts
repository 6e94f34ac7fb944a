// IPv4 and IPv6 address and CIDR parsing and containment.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, parseCidr, parseIp } from './ip.js';

function inBlock(block: string, ip: string): boolean {
  const b = parseCidr(block);
  const a = parseIp(ip);
  assert.ok(b, `block ${block} parses`);
  assert.ok(a, `address ${ip} parses`);
  return cidrContains(b, a);
}

describe('IPv4', () => {
  test('CIDR containment', () => {
    assert.equal(inBlock('10.0.0.0/8', '10.200.3.4'), true);
    assert.equal(inBlock('10.0.0.0/8', '11.0.0.1'), false);
    assert.equal(inBlock('192.168.1.0/24', '192.168.1.255'), true);
    assert.equal(inBlock('192.168.1.0/24', '192.168.2.0'), false);
    assert.equal(inBlock('0.0.0.0/0', '203.0.113.9'), true);
    assert.equal(inBlock('203.0.113.9', '203.0.113.9'), true);
    assert.equal(inBlock('203.0.113.9/32', '203.0.113.10'), false);
    assert.equal(inBlock('128.0.0.0/1', '200.1.1.1'), true);
    assert.equal(inBlock('128.0.0.0/1', '100.1.1.1'), false);
  });
  test('rejects malformed input', () => {
    assert.equal(parseIp('10.0.0'), undefined);
    assert.equal(parseIp('10.0.0.256'), undefined);
    assert.equal(parseIp('a.b.c.d'), undefined);
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.equal(parseCidr('10.0.0.0/x'), undefined);
  });
});

describe('IPv6', () => {
  test('compressed and full forms', () => {
    assert.equal(inBlock('2001:db8::/32', '2001:db8:1234::1'), true);
    assert.equal(inBlock('2001:db8::/32', '2001:db9::1'), false);
    assert.equal(inBlock('2001:0db8:0000:0000:0000:0000:0000:0000/64', '2001:db8::ffff'), true);
    assert.equal(inBlock('2001:db8:0:1::/64', '2001:db8:0:2::1'), false);
    assert.equal(inBlock('::/0', '2600:1f18::1'), true);
    assert.equal(inBlock('::1', '::1'), true);
    assert.equal(inBlock('fe80::/10', 'fe80::1%eth0'), true);
    assert.equal(inBlock('2001:db8::/127', '2001:db8::1'), true);
    assert.equal(inBlock('2001:db8::/128', '2001:db8::1'), false);
  });
  test('prefixes that split a 32-bit word', () => {
    assert.equal(inBlock('2001:db8:8000::/33', '2001:db8:8001::'), true);
    assert.equal(inBlock('2001:db8:8000::/33', '2001:db8:7fff::'), false);
  });
  test('IPv4-mapped addresses compare as IPv4', () => {
    assert.equal(inBlock('10.0.0.0/8', '::ffff:10.1.2.3'), true);
    assert.equal(inBlock('::ffff:0:0/96', '192.0.2.1'), true);
    assert.equal(inBlock('::ffff:10.0.0.0/104', '10.9.9.9'), true);
    assert.equal(inBlock('::ffff:10.0.0.0/104', '11.9.9.9'), false);
  });
  test('IPv4 and IPv6 blocks do not mix otherwise', () => {
    assert.equal(inBlock('2001:db8::/32', '10.0.0.1'), false);
    assert.equal(inBlock('10.0.0.0/8', '2001:db8::1'), false);
  });
  test('an IPv4 address is in no IPv6 block, however wide, and an IPv6 address in no IPv4 block', () => {
    assert.equal(inBlock('::/0', '203.0.113.9'), false);
    assert.equal(inBlock('::/0', '::ffff:203.0.113.9'), false);
    assert.equal(inBlock('::/64', '10.0.0.1'), false);
    assert.equal(inBlock('0.0.0.0/0', '2001:db8::1'), false);
    assert.equal(inBlock('::/0', '2001:db8::1'), true);
  });
  test('rejects malformed input', () => {
    assert.equal(parseIp('2001:db8::1::2'), undefined);
    assert.equal(parseIp('2001:db8:1:2:3:4:5:6:7'), undefined);
    assert.equal(parseIp('2001:db8::g'), undefined);
    assert.equal(parseCidr('2001:db8::/129'), undefined);
  });
});
