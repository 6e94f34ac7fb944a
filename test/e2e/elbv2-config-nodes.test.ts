// Two servers on one PostgreSQL database: a listener created through node A starts answering on node B's data plane,
// and stops there once deleted through A (B follows the ELBv2 configuration epoch, docs/elbv2.md).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  DeleteListenerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { schemaUrl, sql } from '../helpers/postgres-schemas.js';
import { storeBackends } from '../helpers/stores.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

const postgres = storeBackends().find((b) => b.name === 'postgres')!;
/** Node B's data plane binds here: both nodes run on this machine, and one port cannot be bound twice on one address. */
const HOST_B = '127.0.0.2';
/** Tries, 100 ms apart, before node B is declared not to follow (the bound is about a second; this is generous). */
const TRIES = 150;

/** GET on its own connection: the status and body, or the connection error's code (ECONNREFUSED when nothing listens). */
function get(host: string, port: number, path = '/'): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

/** Polls until `done` holds for an answer, at most TRIES times; the last answer, for the assertion. */
async function pollUntil(
  probe: () => ReturnType<typeof get>,
  done: (answer: Awaited<ReturnType<typeof get>>) => boolean,
): Promise<Awaited<ReturnType<typeof get>>> {
  let answer = await probe();
  for (let i = 1; i < TRIES && !done(answer); i++) {
    await sleep(100);
    answer = await probe();
  }
  return answer;
}

describe('ELBv2 listeners across nodes sharing one PostgreSQL database', { skip: postgres.skip }, () => {
  let schema: string;
  let dataDir: string;
  let a: TestWarden;
  let b: TestWarden;
  let app: Server;
  let appPort: number;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'warden-elb-nodes-'));
    schema = `warden_e2e_${randomBytes(6).toString('hex')}`;
    await sql(`create schema "${schema}"`);
    const databaseUrl = schemaUrl(schema);
    a = await startWarden({ databaseUrl, dataDir });
    b = await startWarden({
      databaseUrl,
      dataDir,
      dataPlaneHost: HOST_B,
      rootAccessKeyId: a.credentials.accessKeyId,
      rootSecretAccessKey: a.credentials.secretAccessKey,
    });
    app = createServer((req, res) => res.end(`app saw ${req.url}`));
    appPort = await listenLocally(app);
  });

  after(async () => {
    await b?.stop();
    await a?.stop();
    await new Promise((r) => app.close(r));
    await rm(dataDir, { recursive: true, force: true });
    await sql(`drop schema if exists "${schema}" cascade`);
  });

  test('a listener created through A answers on B; a rule added through A routes on B; deleted through A, B stops', async () => {
    const elbA = new ElasticLoadBalancingV2Client(a.clientConfig);
    const lb = (await elbA.send(new CreateLoadBalancerCommand({ Name: 'shared' }))).LoadBalancers![0]!;
    const tg = await localTargetGroup(elbA, 'shared-app', appPort, { HealthCheckEnabled: false });
    const port = await freePort();
    assert.deepEqual(await get(HOST_B, port), { error: 'ECONNREFUSED' }, 'nothing listens on B before the write');
    const listener = (
      await elbA.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)))
    ).Listeners![0]!;
    // A serves it at once (its own write).
    assert.deepEqual(await get('127.0.0.1', port, '/a'), { status: 200, body: 'app saw /a' });

    const onB = await pollUntil(
      () => get(HOST_B, port, '/b'),
      (r) => 'status' in r,
    );
    assert.deepEqual(onB, { status: 200, body: 'app saw /b' });

    await elbA.send(
      new CreateRuleCommand({
        ListenerArn: listener.ListenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/teapot'] } }],
        Actions: [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', MessageBody: 'short and stout' } },
        ],
      }),
    );
    const rule = await pollUntil(
      () => get(HOST_B, port, '/teapot'),
      (r) => 'status' in r && r.status === 418,
    );
    assert.deepEqual(rule, { status: 418, body: 'short and stout' });

    await elbA.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    // A probe that connects while B is closing the listener may be accepted and then cut (ECONNRESET: the close
    // drops connections that have no request yet); B has stopped once a connection is refused.
    const gone = await pollUntil(
      () => get(HOST_B, port, '/b'),
      (r) => 'error' in r && r.error === 'ECONNREFUSED',
    );
    assert.deepEqual(gone, { error: 'ECONNREFUSED' });
  });
});
