// Route 53 health checks over the rest-xml wire: created against a real local HTTP server, they really run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createHealthCheckXml, route53, ROUTE53_NS } from '../helpers/route53.js';
import { eventually } from '../helpers/shield.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('Route 53 health checks', { timeout: 180_000 }, () => {
  let w: TestWarden;
  let server: Server;
  let port: number;
  before(async () => {
    w = await startWarden();
    server = createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end('all systems ok');
    });
    port = await listen(server);
  });
  after(async () => {
    server.close();
    await w.stop();
  });

  const status = async (id: string) => {
    const res = await route53(w, 'GET', `/healthcheck/${id}/status`);
    assert.equal(res.status, 200, res.body);
    const observations = res.doc.HealthCheckObservations?.[0]?.HealthCheckObservation ?? [];
    return observations.map((o: any) => String(o.StatusReport[0].Status[0])) as string[];
  };

  let id: string;
  test('CreateHealthCheck answers 201 with the health check, its Location and version 1; it runs at once', async () => {
    const body = createHealthCheckXml('web-1', {
      IPAddress: '127.0.0.1',
      Port: port,
      Type: 'HTTP_STR_MATCH',
      ResourcePath: '/health',
      SearchString: 'ok',
      RequestInterval: 10,
      FailureThreshold: 1,
    });
    const res = await route53(w, 'POST', '/healthcheck', { body });
    assert.equal(res.status, 201, res.body);
    assert.ok(res.body.includes(`xmlns="${ROUTE53_NS}"`), res.body);
    const hc = res.doc.HealthCheck[0];
    id = hc.Id[0];
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('location'), `https://route53.amazonaws.com/2013-04-01/healthcheck/${id}`);
    assert.equal(hc.HealthCheckVersion[0], '1');
    assert.equal(hc.HealthCheckConfig[0].Port[0], String(port));
    assert.equal(hc.HealthCheckConfig[0].Inverted[0], 'false');

    // The same CallerReference and settings answer the same health check; other settings are refused.
    const again = await route53(w, 'POST', '/healthcheck', { body });
    assert.equal(again.doc.HealthCheck[0].Id[0], id);
    const other = await route53(w, 'POST', '/healthcheck', {
      body: createHealthCheckXml('web-1', { IPAddress: '127.0.0.1', Port: port, Type: 'TCP' }),
    });
    assert.equal(other.status, 409);
    assert.equal(other.code, 'HealthCheckAlreadyExists');

    const statuses = await eventually(15, async () => {
      const s = await status(id);
      return s.length > 0 ? s : undefined;
    });
    assert.equal(statuses.length, 8, 'one observation per default checker region');
    assert.match(statuses[0], /^Success: HTTP Status Code 200, OK/);
  });

  test('the endpoint stopping turns the status to Failure after FailureThreshold (1) failed check', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    const failed = await eventually(40, async () => {
      const s = await status(id);
      return s[0]?.startsWith('Failure') ? s[0] : undefined;
    });
    assert.match(failed, /^Failure: Connection refused/);
  });

  test('GetHealthCheck, GetHealthCheckCount, and ListHealthChecks paged by Marker/MaxItems', async () => {
    for (const ref of ['tcp-1', 'tcp-2', 'tcp-3']) {
      const res = await route53(w, 'POST', '/healthcheck', {
        body: createHealthCheckXml(ref, { IPAddress: '127.0.0.1', Port: port, Type: 'TCP', Disabled: true }),
      });
      assert.equal(res.status, 201, res.body);
    }
    const count = await route53(w, 'GET', '/healthcheckcount');
    assert.equal(count.doc.HealthCheckCount[0], '4');
    const got = await route53(w, 'GET', `/healthcheck/${id}`);
    assert.equal(got.doc.HealthCheck[0].CallerReference[0], 'web-1');

    const first = await route53(w, 'GET', '/healthcheck', { query: { maxitems: '3' } });
    assert.equal(first.doc.IsTruncated[0], 'true');
    assert.equal(first.doc.MaxItems[0], '3');
    assert.equal(first.doc.HealthChecks[0].HealthCheck.length, 3);
    const second = await route53(w, 'GET', '/healthcheck', {
      query: { maxitems: '3', marker: first.doc.NextMarker[0] },
    });
    assert.equal(second.doc.IsTruncated[0], 'false');
    assert.equal(second.doc.NextMarker, undefined);
    const ids = [...first.doc.HealthChecks[0].HealthCheck, ...second.doc.HealthChecks[0].HealthCheck].map(
      (h: any) => h.Id[0],
    );
    assert.equal(new Set(ids).size, 4);
    assert.ok(ids.includes(id));
  });

  test('UpdateHealthCheck checks HealthCheckVersion and counts it up', async () => {
    const update = (version: number, extra = '') =>
      route53(w, 'POST', `/healthcheck/${id}`, {
        body: `<UpdateHealthCheckRequest xmlns="${ROUTE53_NS}"><HealthCheckVersion>${version}</HealthCheckVersion><FailureThreshold>2</FailureThreshold>${extra}</UpdateHealthCheckRequest>`,
      });
    const stale = await update(7);
    assert.equal(stale.status, 409);
    assert.equal(stale.code, 'HealthCheckVersionMismatch');
    const ok = await update(1, '<Inverted>true</Inverted>');
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.doc.HealthCheck[0].HealthCheckVersion[0], '2');
    assert.equal(ok.doc.HealthCheck[0].HealthCheckConfig[0].FailureThreshold[0], '2');
    assert.equal(ok.doc.HealthCheck[0].HealthCheckConfig[0].Inverted[0], 'true');
    assert.equal((await update(1)).code, 'HealthCheckVersionMismatch');
  });

  test('a health check of an address the operator has not allowed is refused at create, saying why', async () => {
    const res = await route53(w, 'POST', '/healthcheck', {
      body: createHealthCheckXml('far-1', { IPAddress: '10.1.2.3', Port: 80, Type: 'HTTP' }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.code, 'InvalidInput');
    assert.match(
      res.message ?? '',
      /^Invalid parameter : IPAddress 10\.1\.2\.3 port 80 is not allowed: .*--route53-health-check-allow/,
    );
    const bad = await route53(w, 'POST', '/healthcheck', {
      body: createHealthCheckXml('bad-1', { IPAddress: '127.0.0.1', Type: 'HTTP', RequestInterval: 20 }),
    });
    assert.equal(bad.code, 'InvalidInput');
    assert.match(bad.message ?? '', /RequestInterval must be either 10 or 30/);
    const invalid = await route53(w, 'POST', '/healthcheck', {
      body: createHealthCheckXml('bad-2', { IPAddress: '127.0.0.1', Type: 'HTTP', FailureThreshold: 11 }),
    });
    assert.equal(invalid.code, 'InvalidInput');
    assert.match(invalid.message ?? '', /failureThreshold/);
  });

  test('tags on a health check; deleting it; its CallerReference cannot be used again', async () => {
    const change = await route53(w, 'POST', `/tags/healthcheck/${id}`, {
      body: `<ChangeTagsForResourceRequest xmlns="${ROUTE53_NS}"><AddTags><Tag><Key>Name</Key><Value>web</Value></Tag><Tag><Key>team</Key><Value>a</Value></Tag></AddTags></ChangeTagsForResourceRequest>`,
    });
    assert.equal(change.status, 200, change.body);
    await route53(w, 'POST', `/tags/healthcheck/${id}`, {
      body: `<ChangeTagsForResourceRequest xmlns="${ROUTE53_NS}"><RemoveTagKeys><Key>team</Key></RemoveTagKeys></ChangeTagsForResourceRequest>`,
    });
    const tags = await route53(w, 'GET', `/tags/healthcheck/${id}`);
    const set = tags.doc.ResourceTagSet[0];
    assert.equal(set.ResourceType[0], 'healthcheck');
    assert.deepEqual(
      set.Tags[0].Tag.map((t: any) => [t.Key[0], t.Value[0]]),
      [['Name', 'web']],
    );

    const deleted = await route53(w, 'DELETE', `/healthcheck/${id}`);
    assert.equal(deleted.status, 200, deleted.body);
    const gone = await route53(w, 'GET', `/healthcheck/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.code, 'NoSuchHealthCheck');
    assert.equal(gone.message, `A health check with id ${id} does not exist.`);
    const reused = await route53(w, 'POST', '/healthcheck', {
      body: createHealthCheckXml('web-1', { IPAddress: '127.0.0.1', Port: port, Type: 'HTTP' }),
    });
    assert.equal(reused.code, 'HealthCheckAlreadyExists');
  });

  test('a Route 53 operation Warden does not build answers 501 naming it', async () => {
    const res = await route53(w, 'GET', '/hostedzone');
    assert.equal(res.status, 501);
    assert.equal(res.code, 'NotImplemented');
    assert.match(res.message ?? '', /ListHostedZones/);
  });
});
