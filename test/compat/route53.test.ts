// Compat suite: Route 53 health checks through boto3 against a real
// Warden and a local HTTP server. Skips, with the reason, where python3 + boto3 is not installed; under CI=true fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { clientEnv, commandRuns, runCommand as run } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const SCENARIO = fileURLToPath(new URL('./route53_scenario.py', import.meta.url));

const noBoto3 = requiredInCi(
  commandRuns('python3', ['-c', 'import boto3']) ? false : 'python3 with boto3 is not installed',
);

describe('Route 53 health checks from boto3', { skip: noBoto3, timeout: 120_000 }, () => {
  let w: TestWarden;
  let home: string;
  let server: Server;
  let port: number;

  before(async () => {
    w = await startWarden();
    home = mkdtempSync(join(tmpdir(), 'warden-compat-route53-'));
    server = createServer((req, res) => res.end(req.url === '/health' ? 'all ok' : 'nothing here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server?.close();
    await w?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('create, page, version lock, a real check, tags, delete, egress refusal and a 501, as boto3 reads them', async () => {
    const result = await run('python3', [SCENARIO], { ...clientEnv(w, home), CHECKED_PORT: String(port) });
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);
    assert.deepEqual(seen.create, {
      status: 201,
      location: true,
      same: true,
      version: 1,
      config: {
        IPAddress: '127.0.0.1',
        Port: port,
        Type: 'HTTP_STR_MATCH',
        ResourcePath: '/health',
        SearchString: 'ok',
        RequestInterval: 10,
        FailureThreshold: 2,
        MeasureLatency: false,
        Inverted: false,
        Disabled: false,
      },
    });
    assert.deepEqual(seen.pages, [2, 1]);
    assert.equal(seen.count, 3);
    assert.equal(seen.stale.code, 'HealthCheckVersionMismatch');
    assert.equal(seen.stale.status, 409);
    assert.deepEqual(seen.updated, [2, 3]);
    assert.match(seen.status, /^Success: HTTP Status Code 200, OK/);
    assert.deepEqual(seen.tags, [{ Key: 'Name', Value: 'web' }]);
    assert.equal(seen.deleted.code, 'NoSuchHealthCheck');
    assert.equal(seen.deleted.status, 404);
    assert.equal(seen.far.code, 'InvalidInput');
    assert.match(seen.far.message, /IPAddress 192\.0\.2\.10 port 80 is not allowed/);
    assert.equal(seen.hosted_zones.code, 'NotImplemented');
    assert.equal(seen.hosted_zones.status, 501);
  });
});
