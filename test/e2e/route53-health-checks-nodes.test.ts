// Route 53 health checks on two nodes sharing one PostgreSQL database: made on one, run and answered on both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { storeBackends } from '../helpers/stores.js';
import { schemaUrl, sql } from '../helpers/postgres-schemas.js';
import { createHealthCheckXml, route53, ROUTE53_NS } from '../helpers/route53.js';
import { eventually } from '../helpers/shield.js';

const postgres = storeBackends().find((b) => b.name === 'postgres')!;

describe('Route 53 health checks across nodes on PostgreSQL', { skip: postgres.skip, timeout: 120_000 }, () => {
  let schema: string;
  let dataDir: string;
  let a: TestWarden;
  let b: TestWarden;
  let server: Server;
  let port: number;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'warden-route53-nodes-'));
    schema = `warden_e2e_${randomBytes(6).toString('hex')}`;
    await sql(`create schema "${schema}"`);
    a = await startWarden({ databaseUrl: schemaUrl(schema), dataDir });
    b = await startWarden({
      databaseUrl: schemaUrl(schema),
      dataDir,
      rootAccessKeyId: a.credentials.accessKeyId,
      rootSecretAccessKey: a.credentials.secretAccessKey,
    });
    // Node B holds node A's root credentials (the same account), which test requests to B are signed with.
    b = { ...b, credentials: a.credentials };
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server?.close();
    await b?.stop();
    await a?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await sql(`drop schema if exists "${schema}" cascade`);
  });

  test('made on node A, node B runs it within its 5 s re-read and answers its status; versions are shared', async () => {
    const created = await route53(a, 'POST', '/healthcheck', {
      body: createHealthCheckXml('nodes-1', { IPAddress: '127.0.0.1', Port: port, Type: 'HTTP', RequestInterval: 10 }),
    });
    assert.equal(created.status, 201, created.body);
    const id = created.doc.HealthCheck[0].Id[0] as string;
    const again = await route53(b, 'POST', '/healthcheck', {
      body: createHealthCheckXml('nodes-1', { IPAddress: '127.0.0.1', Port: port, Type: 'HTTP', RequestInterval: 10 }),
    });
    assert.equal(again.status, 201, again.body);
    assert.equal(again.doc.HealthCheck[0].Id[0], id, 'the same CallerReference answers the same health check');

    const status = await eventually(20, async () => {
      const res = await route53(b, 'GET', `/healthcheck/${id}/status`);
      const first = res.doc.HealthCheckObservations?.[0]?.HealthCheckObservation?.[0];
      return first ? String(first.StatusReport[0].Status[0]) : undefined;
    });
    assert.match(status, /^Success: HTTP Status Code 200, OK/);

    const update = (w: TestWarden, version: number) =>
      route53(w, 'POST', `/healthcheck/${id}`, {
        body: `<UpdateHealthCheckRequest xmlns="${ROUTE53_NS}"><HealthCheckVersion>${version}</HealthCheckVersion><FailureThreshold>5</FailureThreshold></UpdateHealthCheckRequest>`,
      });
    assert.equal((await update(a, 1)).status, 200);
    assert.equal((await update(b, 1)).code, 'HealthCheckVersionMismatch');
    const got = await route53(b, 'GET', `/healthcheck/${id}`);
    assert.equal(got.doc.HealthCheck[0].HealthCheckVersion[0], '2');
    assert.equal((await route53(b, 'GET', '/healthcheckcount')).doc.HealthCheckCount[0], '1');
    assert.equal((await route53(b, 'DELETE', `/healthcheck/${id}`)).status, 200);
    assert.equal((await route53(a, 'GET', `/healthcheck/${id}`)).code, 'NoSuchHealthCheck');
  });
});
