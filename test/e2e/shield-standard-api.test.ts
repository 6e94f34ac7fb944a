// Shield Standard on the API listener: a client past its connection cap is closed at accept while another client
// connects; a client past its request bucket gets AWS's throttling error, recorded, while another is served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { startWarden } from '../helpers/warden.js';

function open(endpoint: string, from: string): Promise<Socket> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(url.port), host: url.hostname, localAddress: from }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Whether the server closes the socket before it answers a request sent on it. */
function closedUnanswered(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('close', () => resolve(data === ''));
    socket.on('error', () => undefined);
    socket.write('GET /_warden/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  });
}

test('per-client connection cap and request bucket on the API listener', async (t) => {
  const w = await startWarden({ connectionsPerClient: 2, clientRequestsPerSecond: 0.001, clientRequestBurst: 3 });
  t.after(() => w.stop());

  await t.test('a third connection from one client is closed unanswered; another client connects', async () => {
    const held = [await open(w.endpoint, '127.0.0.2'), await open(w.endpoint, '127.0.0.2')];
    try {
      assert.equal(await closedUnanswered(await open(w.endpoint, '127.0.0.2')), true);
      assert.equal(await closedUnanswered(await open(w.endpoint, '127.0.0.3')), false);
    } finally {
      for (const s of held) s.destroy();
    }
  });

  await t.test(
    'past its burst a client is throttled as AWS answers, per protocol, and the refusal is recorded',
    async () => {
      const sts = new STSClient(w.clientConfig);
      const kms = new KMSClient(w.clientConfig);
      // The connection test above spent no requests of 127.0.0.1's bucket (those sockets came from .2 and .3).
      for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}));
      await assert.rejects(sts.send(new GetCallerIdentityCommand({})), {
        name: 'Throttling',
        message: 'Rate exceeded',
      });
      await assert.rejects(kms.send(new ListKeysCommand({})), { name: 'ThrottlingException' });
      const rows = await w.warden.runtime.store.db
        .selectFrom('audit_events')
        .select('record')
        .where('record', 'like', '%"errorCode":"Throttling%')
        .execute();
      assert.equal(rows.length, 2);
    },
  );
});
