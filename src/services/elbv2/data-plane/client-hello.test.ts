// The ClientHello reader and its JA3/JA4 fingerprints, on hellos built byte by byte here, and on truncated or garbage input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { MAX_HELLO_BYTES, fingerprints, isGrease, ja3String, ja4String, readClientHello } from './client-hello.js';

const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
const vec1 = (b: Buffer): Buffer => Buffer.concat([Buffer.from([b.length]), b]);
const vec2 = (b: Buffer): Buffer => Buffer.concat([u16(b.length), b]);
const list16 = (values: readonly number[]): Buffer => Buffer.concat(values.map(u16));
const ext = (type: number, data: Buffer): Buffer => Buffer.concat([u16(type), vec2(data)]);

interface HelloParts {
  version?: number;
  ciphers: number[];
  extensions: Buffer[];
}

function helloBody({ version = 0x0303, ciphers, extensions }: HelloParts): Buffer {
  return Buffer.concat([
    u16(version),
    Buffer.alloc(32, 0x42), // random
    vec1(Buffer.alloc(32, 0x17)), // session id
    vec2(list16(ciphers)),
    vec1(Buffer.from([0])), // compression: null
    vec2(Buffer.concat(extensions)),
  ]);
}

/** The hello as a handshake message split over records of at most `recordBytes` bytes. */
function records(body: Buffer, recordBytes = 16384): Buffer {
  const handshake = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  const out: Buffer[] = [];
  for (let i = 0; i < handshake.length; i += recordBytes) {
    const fragment = handshake.subarray(i, i + recordBytes);
    out.push(Buffer.from([22, 3, 1]), u16(fragment.length), fragment);
  }
  return Buffer.concat(out);
}

// A TLS 1.3-capable hello with GREASE in ciphers, extensions, groups and versions, SNI, ALPN h2, sigalgs.
const MODERN = helloBody({
  ciphers: [0x2a2a, 0x1301, 0x1303, 0x1302, 0xc02b, 0x002f],
  extensions: [
    ext(0x0a0a, Buffer.alloc(0)),
    ext(0x0000, vec2(Buffer.concat([Buffer.from([0]), vec2(Buffer.from('shop.example'))]))),
    ext(0x0017, Buffer.alloc(0)),
    ext(0x000a, vec2(list16([0x3a3a, 0x001d, 0x0017]))),
    ext(0x000b, vec1(Buffer.from([0, 1]))),
    ext(0x0010, vec2(Buffer.concat([vec1(Buffer.from('h2')), vec1(Buffer.from('http/1.1'))]))),
    ext(0x000d, vec2(list16([0x0804, 0x0403, 0x0401]))),
    ext(0x002b, vec1(list16([0x5a5a, 0x0304, 0x0303]))),
    ext(0x0033, Buffer.alloc(4)),
  ],
});

const sha12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

test('JA3: version, ciphers, extensions, groups, point formats in decimal, GREASE left out, MD5 of the string', () => {
  const outcome = readClientHello(records(MODERN));
  assert.equal(outcome.state, 'complete');
  if (outcome.state !== 'complete') return;
  // 0x1301=4865 0x1303=4867 0x1302=4866 0xc02b=49195 0x002f=47; extensions 0,23,10,11,16,13,43,51; groups 29,23.
  const expected = '771,4865-4867-4866-49195-47,0-23-10-11-16-13-43-51,29-23,0-1';
  assert.equal(ja3String(outcome.hello), expected);
  assert.equal(fingerprints(outcome.hello).ja3, createHash('md5').update(expected).digest('hex'));
});

test('JA4: t, highest supported version, SNI, counts, ALPN, sorted cipher hash, sorted extensions + sigalgs hash', () => {
  const outcome = readClientHello(records(MODERN));
  assert.equal(outcome.state, 'complete');
  if (outcome.state !== 'complete') return;
  const b = sha12('002f,1301,1302,1303,c02b');
  // SNI (0000) and ALPN (0010) are counted in part a but not hashed; signature algorithms keep their order.
  const c = sha12('000a,000b,000d,0017,002b,0033_0804,0403,0401');
  assert.equal(ja4String(outcome.hello), `t13d0508h2_${b}_${c}`);
  assert.equal(fingerprints(outcome.hello).ja4, `t13d0508h2_${b}_${c}`);
});

test('JA4 without SNI, ALPN, supported_versions or signature algorithms; an ALPN that is not alphanumeric', () => {
  const plain = helloBody({ ciphers: [0x009c], extensions: [ext(0xff01, vec1(Buffer.alloc(0)))] });
  const o = readClientHello(records(plain));
  assert.equal(o.state, 'complete');
  if (o.state !== 'complete') return;
  assert.equal(ja4String(o.hello), `t12i010100_${sha12('009c')}_${sha12('ff01')}`);

  const odd = helloBody({
    version: 0x0301,
    ciphers: [],
    extensions: [ext(0x0010, vec2(vec1(Buffer.from([0x2a, 0x41, 0xfe])))), ext(0x000d, vec2(list16([0x0601])))],
  });
  const p = readClientHello(records(odd));
  assert.equal(p.state, 'complete');
  if (p.state !== 'complete') return;
  // '*' and 0xfe are not alphanumeric: the first and last characters of the value's hex, "2a41fe", are used.
  assert.equal(ja4String(p.hello), `t10i00022e_000000000000_${sha12('000d_0601')}`);
});

test('a hello split over several records is reassembled; every prefix of it is incomplete, never an error', () => {
  const bytes = records(MODERN, 40);
  const whole = readClientHello(bytes);
  assert.equal(whole.state, 'complete');
  if (whole.state === 'complete') assert.equal(ja3String(whole.hello).split(',')[0], '771');
  for (let i = 0; i < bytes.length; i++) {
    const part = readClientHello(bytes.subarray(0, i));
    assert.equal(part.state, 'incomplete', `prefix of ${i} bytes`);
    if (part.state === 'incomplete') assert.ok(part.need > i);
  }
});

test('not TLS, a wrong handshake type, an oversized hello or record, too many records, bad vectors: invalid', () => {
  assert.equal(readClientHello(Buffer.from('GET / HTTP/1.1\r\n\r\n')).state, 'invalid');
  const server = records(MODERN);
  server[5] = 2; // ServerHello
  assert.equal(readClientHello(server).state, 'invalid');
  const huge = Buffer.concat([Buffer.from([22, 3, 1, 0x40, 0x01]), Buffer.alloc(0x4001)]);
  assert.equal(readClientHello(huge).state, 'invalid');
  const declared = Buffer.concat([Buffer.from([22, 3, 1, 0, 4, 1, 0x01, 0x00, 0x00])]);
  assert.ok(MAX_HELLO_BYTES < 0x010000);
  assert.equal(readClientHello(declared).state, 'invalid');
  assert.equal(readClientHello(records(MODERN, 8)).state, 'invalid');
  const badVector = Buffer.from(MODERN);
  badVector[2 + 32] = 200; // session id longer than the message
  assert.equal(readClientHello(records(badVector)).state, 'invalid');
  const trailing = Buffer.concat([MODERN, Buffer.from([0])]);
  assert.equal(readClientHello(records(trailing)).state, 'invalid');
});

test('GREASE is exactly 0x0a0a, 0x1a1a, ... 0xfafa', () => {
  const grease = [];
  for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) grease.push(v);
  assert.deepEqual(
    grease,
    Array.from({ length: 16 }, (_, i) => (i << 12) | 0x0a00 | (i << 4) | 0x0a),
  );
});

test('fuzz: truncated, mutated and random bytes never throw and yield a known outcome', () => {
  const valid = records(MODERN, 100);
  const outcomes = new Set(['complete', 'incomplete', 'invalid']);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 600 }),
        fc.nat({ max: valid.length }).map((n) => valid.subarray(0, n)),
        fc
          .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })
          .map((edits) => {
            const copy = Buffer.from(valid);
            for (const [at, byte] of edits) copy[at] = byte;
            return copy;
          }),
        fc
          .uint8Array({ maxLength: 400 })
          .map((tail) => Buffer.concat([Buffer.from([22, 3, 1, 1, 144, 1, 0, 1, 140]), tail])),
      ),
      (bytes) => {
        const outcome = readClientHello(Buffer.from(bytes));
        assert.ok(outcomes.has(outcome.state));
        if (outcome.state === 'complete') {
          const f = fingerprints(outcome.hello);
          assert.match(f.ja3, /^[0-9a-f]{32}$/);
          assert.match(f.ja4, /^t[0-9a-z]{2}[di]\d{4}[0-9a-zA-Z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/);
        }
      },
    ),
    { numRuns: 3000 },
  );
});
