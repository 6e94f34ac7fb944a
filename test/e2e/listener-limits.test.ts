// The API listener is time- and size-bounded: slow headers, idle connections and oversized bodies are cut off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startWarden } from '../helpers/warden.js';

/** Resolves with what the server sent once it closes the connection; rejects if it is still open at the deadline. */
function closedWithin(socket: Socket, deadlineMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${deadlineMs} ms`));
    }, deadlineMs);
    socket.on('data', (d) => (received += d.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

function open(endpoint: string): Promise<Socket> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

test('listener limits', async (t) => {
  const w = await startWarden({
    headersTimeoutMs: 300,
    requestTimeoutMs: 600,
    keepAliveTimeoutMs: 300,
    maxBodyBytes: 4096,
  });
  t.after(() => w.stop());

  await t.test('a client that never finishes its headers is disconnected', async () => {
    const socket = await open(w.endpoint);
    socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    // Trickle a byte now and then, as slowloris does, so that only the headers deadline can end it.
    const trickle = setInterval(() => socket.writable && socket.write('a'), 100);
    try {
      await closedWithin(socket, 10_000);
    } finally {
      clearInterval(trickle);
    }
  });

  await t.test('an idle kept-alive connection is closed', async () => {
    const socket = await open(w.endpoint);
    socket.write('GET /_warden/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const received = await closedWithin(socket, 10_000);
    assert.match(received, /^HTTP\/1\.1 200/);
  });

  await t.test('a body over the limit is refused unread with a 413 in the AWS shape, and recorded', async () => {
    const res = await fetch(`${w.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE12/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: `Action=GetCallerIdentity&Pad=${'x'.repeat(8192)}`,
    });
    assert.equal(res.status, 413);
    assert.match(await res.text(), /<Code>RequestEntityTooLarge<\/Code>/);
    // Refused unread, and still in the trail, under the service its signing scope names.
    const rows = await w.warden.runtime.store.db
      .selectFrom('audit_events')
      .select(['event_source', 'record'])
      .where('record', 'like', '%RequestEntityTooLarge%')
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.event_source, 'sts.amazonaws.com');
  });
});
