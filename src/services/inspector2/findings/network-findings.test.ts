// Which listening sockets are network reachability findings, and the path each describes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkFindings } from './network-findings.js';

const I = 'mi-0123456789abcdef0';
const sock = (LocalAddress: string, LocalPort: string, extra: Record<string, string> = {}) => ({
  Protocol: LocalAddress.includes(':') ? 'tcp6' : 'tcp',
  LocalAddress,
  LocalPort,
  ...extra,
});
const ports = (entries: Record<string, string>[]) =>
  networkFindings(I, entries, []).map((f) => [
    (f.fields.networkReachabilityDetails as { openPortRange: { begin: number } }).openPortRange.begin,
    f.severity,
  ]);

test('loopback is never a finding; wildcard and public addresses are, any port; private only for admin ports', () => {
  assert.deepEqual(
    ports([sock('127.0.0.1', '5432'), sock('127.0.1.1', '22'), sock('::1', '6379'), sock('::ffff:127.0.0.1', '3306')]),
    [],
  );
  assert.deepEqual(ports([sock('0.0.0.0', '22')]), [[22, 'MEDIUM']]);
  assert.deepEqual(ports([sock('::', '8080')]), [[8080, 'LOW']]);
  assert.deepEqual(ports([sock('203.0.113.7', '8443')]), [[8443, 'LOW']]);
  assert.deepEqual(ports([sock('10.1.2.3', '8080'), sock('192.168.1.5', '5432'), sock('fd00::1', '27017')]), [
    [5432, 'MEDIUM'],
    [27017, 'MEDIUM'],
  ]);
  // The same port on 0.0.0.0 and :: is one finding; a UDP or malformed row is none.
  assert.deepEqual(
    ports([
      sock('0.0.0.0', '22'),
      sock('::', '22'),
      { Protocol: 'udp', LocalAddress: '0.0.0.0', LocalPort: '53' },
      sock('0.0.0.0', '70000'),
    ]),
    [[22, 'MEDIUM']],
  );
});

test('the path names the instance, the interfaces the socket listens on, then the socket and its process', () => {
  const [f] = networkFindings(
    I,
    [sock('0.0.0.0', '22', { Process: 'sshd' })],
    [
      { Name: 'lo', IPV4: '127.0.0.1', IPV6: '::1' },
      { Name: 'eth0', IPV4: '192.0.2.10', IPV6: 'fe80::1' },
    ],
  );
  assert.deepEqual(f!.fields.networkReachabilityDetails, {
    openPortRange: { begin: 22, end: 22 },
    protocol: 'TCP',
    networkPath: {
      steps: [
        { componentId: I, componentType: 'AWS_EC2_INSTANCE' },
        { componentId: 'eth0 (192.0.2.10, fe80::1)', componentType: 'NETWORK_INTERFACE' },
        { componentId: '0.0.0.0:22 (sshd)', componentType: 'LISTENING_SOCKET' },
      ],
    },
  });
  assert.equal(f!.title, 'Port 22 is reachable on all interfaces - TCP');
  const [one] = networkFindings(I, [sock('192.0.2.10', '3389')], [{ Name: 'eth0', IPV4: '192.0.2.10' }]);
  assert.deepEqual(
    (one!.fields.networkReachabilityDetails as { networkPath: { steps: unknown[] } }).networkPath.steps.slice(1),
    [
      { componentId: 'eth0 (192.0.2.10)', componentType: 'NETWORK_INTERFACE' },
      { componentId: '192.0.2.10:3389', componentType: 'LISTENING_SOCKET' },
    ],
  );
});
