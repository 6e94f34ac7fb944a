// /proc/net/tcp and tcp6: LISTEN rows, addresses in the kernel's per-word byte order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAddress, parseProcNetTcp } from './proc-net-tcp.js';

test('IPv4 addresses are little-endian words', () => {
  assert.equal(decodeAddress('0100007F'), '127.0.0.1');
  assert.equal(decodeAddress('00000000'), '0.0.0.0');
  assert.equal(decodeAddress('0101A8C0'), '192.168.1.1');
  assert.equal(decodeAddress('zz00007F'), undefined);
  assert.equal(decodeAddress('0100007'), undefined);
});

test('IPv6 addresses: four little-endian words, printed in RFC 5952 form', () => {
  assert.equal(decodeAddress('00000000000000000000000000000000'), '::');
  assert.equal(decodeAddress('00000000000000000000000001000000'), '::1');
  // 2001:db8::1
  assert.equal(decodeAddress('B80D0120000000000000000001000000'), '2001:db8::1');
  // fe80::1234:5678:9abc:def0
  assert.equal(decodeAddress('000080FE0000000078563412F0DEBC9A'), 'fe80::1234:5678:9abc:def0');
  // ::ffff:127.0.0.1 (v4-mapped)
  assert.equal(decodeAddress('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
  // 1:0:0:2:0:0:0:3 — the longer zero run is the one compressed.
  assert.equal(decodeAddress('00000100020000000000000003000000'), '1:0:0:2::3');
});

test('only LISTEN rows, with port and inode', () => {
  const text = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0
   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 1002 1 0 100 0 0 10 0
   2: 0100007F:1538 0100007F:D431 01 00000000:00000000 00:00000000 00000000   105        0 1003 1 0 20 4 0 10 -1
   bad row
`;
  assert.deepEqual(parseProcNetTcp(text, 'tcp'), [
    { protocol: 'tcp', address: '0.0.0.0', port: 22, inode: '1001' },
    { protocol: 'tcp', address: '127.0.0.1', port: 5432, inode: '1002' },
  ]);
});
