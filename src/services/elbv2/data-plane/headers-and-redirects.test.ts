// ALB's header rewriting, redirect keywords, error pages and the health state machine, each as AWS documents them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorPage } from './error-pages.js';
import {
  flatResponseHeadersForClient,
  requestHeadersForTarget,
  responseHeadersForClient,
  traceHeader,
} from './forwarding-headers.js';
import { afterCheck, INITIAL_CHECKING, matchesSuccessCodes, REGISTERING, type TargetHealth } from './health-state.js';
import { redirectLocation } from './redirect.js';

test('hop-by-hop headers go, X-Forwarded-For is appended to, Proto and Port replaced', () => {
  const out = requestHeadersForTarget(
    [
      ['Host', 'app.example.com'],
      ['Connection', 'keep-alive, X-Secret-Hop'],
      ['X-Secret-Hop', '1'],
      ['Keep-Alive', 'timeout=5'],
      ['Transfer-Encoding', 'chunked'],
      ['X-Forwarded-For', '203.0.113.7'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Custom', 'Kept As Is'],
    ],
    { clientIp: '::ffff:192.0.2.1', protocol: 'http', listenerPort: 8080, insertHeaders: [['x-amzn-waf-a', 'b']] },
  );
  const get = (n: string) => out.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  assert.deepEqual(get('x-forwarded-for'), ['203.0.113.7, 192.0.2.1']);
  assert.deepEqual(get('x-forwarded-proto'), ['http']);
  assert.deepEqual(get('x-forwarded-port'), ['8080']);
  assert.deepEqual(get('x-custom'), ['Kept As Is']);
  assert.deepEqual(get('host'), ['app.example.com']);
  assert.deepEqual(get('x-amzn-waf-a'), ['b']);
  for (const gone of ['connection', 'x-secret-hop', 'keep-alive', 'transfer-encoding']) assert.deepEqual(get(gone), []);
  assert.deepEqual(
    responseHeadersForClient([
      ['Content-Type', 'text/plain'],
      ['Transfer-Encoding', 'chunked'],
    ]),
    [['Content-Type', 'text/plain']],
  );
});

test("a target's parsed response headers reach the client flat: repeated ones each, hop-by-hop and Connection-named gone", () => {
  assert.deepEqual(
    flatResponseHeadersForClient({
      'content-type': 'text/plain',
      connection: 'keep-alive, x-hop',
      'x-hop': 'secret',
      'set-cookie': ['a=1', 'b=2'],
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'x-app': 'kept',
      'x-unset': undefined,
    }),
    ['content-type', 'text/plain', 'set-cookie', 'a=1', 'set-cookie', 'b=2', 'x-app', 'kept'],
  );
  assert.deepEqual(flatResponseHeadersForClient({ 'content-length': '0' }), ['content-length', '0']);
});

test('X-Amzn-Trace-Id: a new Root, or Self added before a client Root and custom fields', () => {
  const at = new Date(0x67891233 * 1000);
  assert.match(traceHeader(undefined, at), /^Root=1-67891233-[0-9a-f]{24}$/);
  assert.match(traceHeader('Foo=bar', at), /^Root=1-67891233-[0-9a-f]{24}$/);
  const kept = traceHeader('Root=1-67891233-abcdef012345678912345678;Self=1-0-0;CalledFrom=app', at);
  assert.match(kept, /^Self=1-67891233-[0-9a-f]{24};Root=1-67891233-abcdef012345678912345678;CalledFrom=app$/);
});

test('redirect keywords as AWS documents: defaults keep the URL, #{path} has no leading slash', () => {
  const url = { protocol: 'http' as const, host: 'example.com', port: 80, path: '/a/b', query: 'x=1' };
  const base = { type: 'redirect' as const, host: '#{host}', path: '/#{path}', query: '#{query}' };
  assert.deepEqual(redirectLocation({ ...base, protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' }, url), {
    status: 301,
    location: 'https://example.com/a/b?x=1',
  });
  assert.deepEqual(
    redirectLocation(
      {
        ...base,
        protocol: '#{protocol}',
        port: '8443',
        path: '/new/#{path}',
        query: 'from=#{host}',
        statusCode: 'HTTP_302',
      },
      { ...url, query: '' },
    ),
    { status: 302, location: 'http://example.com:8443/new/a/b?from=example.com' },
  );
  assert.equal(
    redirectLocation(
      { ...base, protocol: '#{protocol}', port: '#{port}', statusCode: 'HTTP_302' },
      { ...url, query: '' },
    ).location,
    'http://example.com/a/b',
  );
});

test("ALB's error page names the status and nothing else", () => {
  assert.equal(
    errorPage(502),
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  );
});

test('success code matchers: single, list, range', () => {
  assert.equal(matchesSuccessCodes('200', 200), true);
  assert.equal(matchesSuccessCodes('200', 204), false);
  assert.equal(matchesSuccessCodes('200,302', 302), true);
  assert.equal(matchesSuccessCodes('200-299', 250), true);
  assert.equal(matchesSuccessCodes('200-299', 300), false);
  assert.equal(matchesSuccessCodes('abc', 200), false);
});

test('health: thresholds of consecutive results move initial, healthy and unhealthy; reasons as AWS reports', () => {
  const t = { healthy: 2, unhealthy: 2 };
  const ok = { ok: true } as const;
  let h: TargetHealth = REGISTERING;
  h = afterCheck(h, ok, t);
  assert.deepEqual([h.state, h.reason], ['initial', INITIAL_CHECKING.reason]);
  h = afterCheck(h, ok, t);
  assert.deepEqual([h.state, h.reason], ['healthy', undefined]);
  h = afterCheck(h, { ok: false, kind: 'code', status: 503 }, t);
  assert.equal(h.state, 'healthy');
  h = afterCheck(h, ok, t);
  h = afterCheck(h, { ok: false, kind: 'timeout' }, t);
  assert.equal(h.state, 'healthy', 'a success in between resets the failure count');
  h = afterCheck(h, { ok: false, kind: 'code', status: 503 }, t);
  assert.deepEqual(
    [h.state, h.reason, h.description],
    ['unhealthy', 'Target.ResponseCodeMismatch', 'Health checks failed with these codes: [503]'],
  );
  h = afterCheck(h, { ok: false, kind: 'timeout' }, t);
  assert.deepEqual([h.state, h.reason, h.description], ['unhealthy', 'Target.Timeout', 'Request timed out']);
  h = afterCheck(h, { ok: false, kind: 'error' }, t);
  assert.deepEqual([h.state, h.reason], ['unhealthy', 'Target.FailedHealthChecks']);
  h = afterCheck(h, ok, t);
  assert.equal(h.state, 'unhealthy');
  h = afterCheck(h, ok, t);
  assert.equal(h.state, 'healthy');
  let fresh: TargetHealth = REGISTERING;
  fresh = afterCheck(fresh, { ok: false, kind: 'error' }, t);
  assert.equal(fresh.state, 'initial');
  fresh = afterCheck(fresh, { ok: false, kind: 'error' }, t);
  assert.equal(fresh.state, 'unhealthy');
});
