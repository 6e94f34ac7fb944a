// Tests for the XKS proxy egress rule: public addresses only by default, the operator's allow-list, and the lookup
// that checks the address a connection will actually use.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import {
  EGRESS_REFUSED,
  guardedLookup,
  isPublicAddress,
  parseEgressEntry,
  xksEgress,
  xksEgressFor,
} from './xks-egress.js';
import { configFromEnv, loadConfig } from '../../config.js';

/** Runs a lookup function as net.connect would, with or without all addresses. */
function resolve(
  lookup: ReturnType<typeof guardedLookup>,
  host: string,
  all: boolean,
): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
  return new Promise((done) => {
    lookup(host, { all }, (err, address) => done({ err, address }));
  });
}

describe('XKS proxy egress', () => {
  test('only public addresses are public', () => {
    for (const address of ['8.8.8.8', '52.94.0.1', '2606:4700:4700::1111'])
      assert.ok(isPublicAddress(address), address);
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '64:ff9b::a00:1',
      'not-an-address',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  test('allow-list entries: CIDR networks, addresses and host names, each with an optional port', () => {
    assert.deepEqual(parseEgressEntry('10.0.0.0/8'), { kind: 'network', network: '10.0.0.0', prefix: 8 });
    assert.deepEqual(parseEgressEntry('fd00::/8'), { kind: 'network', network: 'fd00::', prefix: 8 });
    assert.deepEqual(parseEgressEntry('127.0.0.1'), { kind: 'address', address: '127.0.0.1' });
    assert.deepEqual(parseEgressEntry('127.0.0.1:8443'), { kind: 'address', address: '127.0.0.1', port: 8443 });
    assert.deepEqual(parseEgressEntry('::1'), { kind: 'address', address: '::1' });
    assert.deepEqual(parseEgressEntry('[::1]:443'), { kind: 'address', address: '::1', port: 443 });
    assert.deepEqual(parseEgressEntry('XKS.Internal.example:8443'), {
      kind: 'name',
      name: 'xks.internal.example',
      port: 8443,
    });
    for (const bad of ['', '10.0.0.0/33', '::/129', 'host:0', 'host:99999', 'a b', 'https://x', '[10.0.0.1]', '-x']) {
      assert.equal(parseEgressEntry(bad), undefined, bad);
    }
  });

  test('private, loopback and link-local addresses are refused unless an entry allows them', () => {
    const none = xksEgressFor(undefined);
    assert.equal(none.allowsAddress('10.0.0.5', 443), false);
    assert.equal(none.allowsAddress('169.254.169.254', 80), false);
    assert.equal(none.allowsAddress('8.8.8.8', 443), true);

    const egress = xksEgress(['10.0.0.0/8', '192.168.1.7:8443', 'xks.internal.example']);
    assert.equal(egress.allowsAddress('10.200.3.4', 443), true);
    assert.equal(egress.allowsAddress('::ffff:10.200.3.4', 443), true, 'an IPv4-mapped address is its IPv4');
    assert.equal(egress.allowsAddress('192.168.1.7', 8443), true);
    assert.equal(egress.allowsAddress('192.168.1.7', 443), false, 'an entry with a port allows that port only');
    assert.equal(egress.allowsAddress('172.16.0.1', 443), false);
    assert.equal(egress.allowsAddress('8.8.8.8', 443), true, 'public addresses stay allowed');
    assert.equal(egress.allowsName('XKS.internal.example.', 443), true);
    assert.equal(egress.allowsName('other.internal.example', 443), false);
    assert.throws(() => xksEgress(['not a host']), /not an --xks-proxy-allow entry/);
  });

  test('a name is judged by the addresses it resolves to, at connect time', async () => {
    // localhost resolves to loopback from the hosts file: refused by default, whatever the name says.
    const refused = await resolve(guardedLookup(xksEgressFor(undefined), 443), 'localhost', true);
    assert.equal(refused.err?.code, EGRESS_REFUSED);

    const allowed = guardedLookup(xksEgress(['127.0.0.0/8', '::1']), 443);
    const all = await resolve(allowed, 'localhost', true);
    assert.equal(all.err, null);
    assert.ok(Array.isArray(all.address) && all.address.length > 0);
    for (const a of all.address as LookupAddress[]) assert.ok(a.address === '::1' || a.address.startsWith('127.'));
    const one = await resolve(allowed, 'localhost', false);
    assert.equal(one.err, null);
    assert.equal(typeof one.address, 'string');

    // Only the allowed addresses are handed to the socket: with IPv4 loopback allowed alone, ::1 is dropped.
    const v4only = await resolve(guardedLookup(xksEgress(['127.0.0.1']), 443), 'localhost', true);
    if (v4only.err === null) {
      for (const a of v4only.address as LookupAddress[]) assert.equal(a.address, '127.0.0.1');
    } else {
      assert.equal(v4only.err.code, EGRESS_REFUSED, 'a host whose localhost is ::1 alone');
    }
  });

  test('configuration: repeated flags or a comma-separated WARDEN_XKS_PROXY_ALLOW; a bad entry stops the start', () => {
    assert.deepEqual(loadConfig({}).xksProxyAllow, []);
    assert.deepEqual(
      loadConfig(configFromEnv({ WARDEN_XKS_PROXY_ALLOW: '10.0.0.0/8, xks.internal:8443' })).xksProxyAllow,
      ['10.0.0.0/8', 'xks.internal:8443'],
    );
    // The command line (an array of the repeated flag) wins over the environment.
    const both = loadConfig(configFromEnv({ WARDEN_XKS_PROXY_ALLOW: '10.0.0.0/8' }), { xksProxyAllow: ['127.0.0.1'] });
    assert.deepEqual(both.xksProxyAllow, ['127.0.0.1']);
    assert.throws(
      () => loadConfig({ xksProxyAllow: ['10.0.0.0/8', 'bad entry'] }),
      /xksProxyAllow\.1: must be host\[:port\], an IP address, or a CIDR network/,
    );
  });
});
