// readPrefix: a body already parsed is taken in one read; one still arriving is read as it comes, up to the limit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { bufferedBody, readPrefix } from './body.js';

interface Seen {
  buffered: boolean;
  prefix: string;
  ended: boolean;
  rest: string;
}

const seen: Seen[] = [];
const limit = 16;
const server = createServer((req, res) => {
  void (async () => {
    // As the listener's handler: the body is read after an await (the WAF's body limit).
    if (req.url === '/later') await new Promise((r) => setImmediate(r));
    else await Promise.resolve();
    const { prefix, ended } = await readPrefix(req, limit);
    // Taken by one read(): the request never flowed (readPrefix's listeners would have made it flow).
    const buffered = req.readableFlowing === null;
    let rest = '';
    if (!ended) for await (const chunk of req as AsyncIterable<Buffer>) rest += chunk.toString();
    seen.push({ buffered, prefix: prefix.toString(), ended, rest });
    res.end('ok');
  })();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
after(() => server.close());
const { port } = server.address() as AddressInfo;

/** Sends the request's parts with a pause between them; resolves with the answer. */
async function send(...parts: string[]): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  for (const [i, part] of parts.entries()) {
    if (i > 0) await sleep(50);
    socket.write(part);
  }
  await new Promise((r) => socket.once('end', r));
  return answer;
}

const head = (length: number) => `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${length}\r\n\r\n`;

test('a body sent with its headers is already whole: one read, nothing left', async () => {
  assert.match(await send(head(9) + 'a=1&b=two'), /ok$/);
  assert.deepEqual(seen.pop(), { buffered: true, prefix: 'a=1&b=two', ended: true, rest: '' });
});

test('a body still arriving is read as it comes', async () => {
  assert.match(await send(head(9), 'a=1&', 'b=two'), /ok$/);
  assert.deepEqual(seen.pop(), { buffered: false, prefix: 'a=1&b=two', ended: true, rest: '' });
});

test('a parsed body over the limit is not taken whole: the prefix, then the rest as a stream', async () => {
  const body = 'x'.repeat(40);
  assert.match(await send(head(body.length) + body), /ok$/);
  const s = seen.pop()!;
  assert.equal(s.buffered, false);
  assert.equal(s.ended, false);
  assert.equal(s.prefix + s.rest, body);
});

test('a chunked body the parser has finished is taken whole', async () => {
  const chunked = `POST /later HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n`;
  assert.match(await send(chunked), /ok$/);
  assert.deepEqual(seen.pop(), { buffered: true, prefix: 'abcde', ended: true, rest: '' });
});

test('bufferedBody takes an unfinished request only when every declared byte is there', () => {
  const req = (headers: Record<string, string>, readableLength: number) =>
    ({
      complete: false,
      readableFlowing: null,
      readableLength,
      headers,
      read: () => Buffer.from('abc'),
    }) as unknown as IncomingMessage;
  assert.equal(bufferedBody(req({}, 0), limit), undefined);
  assert.equal(bufferedBody(req({ 'content-length': '4' }, 3), limit), undefined);
  assert.equal(bufferedBody(req({ 'content-length': '3', 'transfer-encoding': 'chunked' }, 3), limit), undefined);
  assert.equal(bufferedBody(req({ 'content-length': '3' }, 3), limit)?.toString(), 'abc');
  assert.equal(bufferedBody(req({ 'content-length': '3' }, 3), 2), undefined);
});
