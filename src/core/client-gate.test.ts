// The per-client gate: connection caps per client, a request bucket per client, bounded memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { ClientGate } from './client-gate.js';

function fakeSocket(ip: string): Socket & { destroyed: boolean } {
  const s = new EventEmitter() as Socket & { destroyed: boolean };
  Object.assign(s, { remoteAddress: ip, destroyed: false });
  s.destroy = () => {
    s.destroyed = true;
    s.emit('close');
    return s;
  };
  return s;
}

test('a client past its connection cap is closed at accept; others are not; closing frees a place', () => {
  const gate = new ClientGate({
    connectionsPerClient: 2,
    requestsPerSecond: 0,
    requestBurst: 0,
    trackedClients: 10,
    concurrentRequestsPerClient: 0,
  });
  const a1 = fakeSocket('10.0.0.1');
  const a2 = fakeSocket('10.0.0.1');
  const a3 = fakeSocket('10.0.0.1');
  assert.equal(gate.admitConnection(a1), true);
  assert.equal(gate.admitConnection(a2), true);
  assert.equal(gate.admitConnection(a3), false);
  assert.equal(a3.destroyed, true);
  assert.equal(gate.admitConnection(fakeSocket('10.0.0.2')), true);
  // IPv6 addresses of one /64 are one client.
  assert.equal(gate.admitConnection(fakeSocket('2001:db8::1')), true);
  assert.equal(gate.admitConnection(fakeSocket('2001:db8::2')), true);
  assert.equal(gate.admitConnection(fakeSocket('2001:db8::3')), false);
  a1.emit('close');
  assert.equal(gate.connectionsOf('10.0.0.1'), 1);
  assert.equal(gate.admitConnection(fakeSocket('10.0.0.1')), true);
  assert.equal(gate.refusedConnections, 2);
});

test('the request bucket: a burst, then the refill rate; one client does not spend another’s', () => {
  let now = 0;
  const gate = new ClientGate(
    {
      connectionsPerClient: 1,
      requestsPerSecond: 10,
      requestBurst: 5,
      trackedClients: 10,
      concurrentRequestsPerClient: 0,
    },
    () => now,
  );
  for (let i = 0; i < 5; i++) assert.equal(gate.admitRequest('10.0.0.1'), true);
  assert.equal(gate.admitRequest('10.0.0.1'), false);
  assert.equal(gate.admitRequest('10.0.0.2'), true);
  now += 100; // one token back
  assert.equal(gate.admitRequest('10.0.0.1'), true);
  assert.equal(gate.admitRequest('10.0.0.1'), false);
  assert.equal(gate.refusedRequests, 2);
});

test('buckets are bounded: the least recently seen client is forgotten', () => {
  const gate = new ClientGate(
    {
      connectionsPerClient: 1,
      requestsPerSecond: 1,
      requestBurst: 1,
      trackedClients: 2,
      concurrentRequestsPerClient: 0,
    },
    () => 0,
  );
  assert.equal(gate.admitRequest('10.0.0.1'), true);
  assert.equal(gate.admitRequest('10.0.0.2'), true);
  assert.equal(gate.admitRequest('10.0.0.3'), true);
  // 10.0.0.1 was forgotten, so it starts a fresh bucket.
  assert.equal(gate.admitRequest('10.0.0.1'), true);
  assert.equal(gate.admitRequest('10.0.0.3'), false);
});

test('requests in progress are capped per client and released when done (once)', () => {
  const gate = new ClientGate({
    connectionsPerClient: 10,
    requestsPerSecond: 0,
    requestBurst: 1,
    trackedClients: 10,
    concurrentRequestsPerClient: 2,
  });
  const a = gate.enterRequest('10.0.0.1')!;
  const b = gate.enterRequest('10.0.0.1')!;
  assert.equal(gate.enterRequest('10.0.0.1'), undefined);
  assert.ok(gate.enterRequest('10.0.0.2'));
  a.done();
  a.done();
  const c = gate.enterRequest('10.0.0.1');
  assert.ok(c);
  assert.equal(gate.enterRequest('10.0.0.1'), undefined);
  b.done();
  c!.done();
  assert.ok(gate.enterRequest('10.0.0.1'));
});

test('holdConnection: counts a client until released (once), refusing past its cap', () => {
  const gate = new ClientGate({
    connectionsPerClient: 2,
    requestsPerSecond: 0,
    requestBurst: 1,
    trackedClients: 10,
    concurrentRequestsPerClient: 0,
  });
  const a = gate.holdConnection('10.0.0.1')!;
  const b = gate.holdConnection('10.0.0.1')!;
  assert.equal(gate.holdConnection('10.0.0.1'), undefined);
  assert.equal(gate.refusedConnections, 1);
  assert.ok(gate.holdConnection('10.0.0.2'), 'another client has its own count');
  assert.equal(gate.connectionsOf('10.0.0.1'), 2);
  a();
  a();
  assert.equal(gate.connectionsOf('10.0.0.1'), 1, 'a second release of the same hold frees nothing more');
  assert.ok(gate.holdConnection('10.0.0.1'));
  assert.equal(gate.holdConnection('10.0.0.1'), undefined);
  b();
  assert.equal(gate.connectionsOf('10.0.0.1'), 1);
});
