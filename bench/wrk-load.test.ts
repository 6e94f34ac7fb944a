import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWrk } from './wrk-load.js';

// wrk 4.1.0's summary with --latency, as it printed one run here.
const OUTPUT = `Running 5s test @ http://127.0.0.1:40111/api/v1/orders/12345?page=2&sort=created_at
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52ms  800.12us  12.01ms   90.00%
    Req/Sec    10.80k   512.33    11.60k    74.00%
  Latency Distribution
     50%  850.00us
     75%    1.70ms
     90%    2.40ms
     99%    4.17ms
  53761 requests in 5.00s, 11.02MB read
  Non-2xx or 3xx responses: 12
  Socket errors: connect 0, read 3, write 0, timeout 1
Requests/sec:  10752.21
Transfer/sec:      2.20MB
`;

test('wrk summary: rate, latency percentiles in ms, and answers outside the expected class as errors', () => {
  const ok = parseWrk(OUTPUT, 200);
  assert.equal(ok.requests, 53761);
  assert.equal(ok.perSecond, 10752.21);
  assert.equal(ok.p50ms, 0.85);
  assert.equal(ok.p99ms, 4.17);
  assert.equal(ok.errors, 12 + 4);
  // Expecting 403s, the requests wrk counted as 2xx/3xx are the wrong ones.
  assert.equal(parseWrk(OUTPUT, 403).errors, 53761 - 12 + 4);
  const clean = parseWrk(OUTPUT.replace(/ {2}Non-2xx.*\n/, '').replace(/ {2}Socket errors.*\n/, ''), 200);
  assert.equal(clean.errors, 0);
});
