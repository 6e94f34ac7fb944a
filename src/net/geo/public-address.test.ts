// Special-use addresses are not public: Shield does not place them in a country or network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicAddress } from './public-address.js';

test('private, loopback, link-local, documentation and multicast addresses are not public; others are', () => {
  for (const ip of [
    '127.0.0.2',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '192.0.2.7',
    '203.0.113.9',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:192.168.1.1',
    'fd00::1',
    'fe80::1%eth0',
    'ff02::1',
    '2001:db8::1',
    'not an address',
  ])
    assert.equal(isPublicAddress(ip), false, ip);
  for (const ip of [
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '11.0.0.1',
    '::ffff:8.8.8.8',
    '2001:4860::8888',
  ])
    assert.equal(isPublicAddress(ip), true, ip);
});
