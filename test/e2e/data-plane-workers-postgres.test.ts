// Data-plane workers on PostgreSQL: the workers read the web ACL from the shared database, and follow writes made through this node and through another.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type DefaultAction,
} from '@aws-sdk/client-wafv2';
import { schemaUrl, sql } from '../helpers/postgres-schemas.js';
import { storeBackends } from '../helpers/stores.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';
import { sendToListener } from '../helpers/listener-client.js';

const postgres = storeBackends().find((b) => b.name === 'postgres')!;
const vis = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'm' };

describe('data-plane workers on PostgreSQL', { skip: postgres.skip }, () => {
  let schema: string;
  let dataDir: string;
  let app: Server;
  /** Node A serves its listeners from two workers; node B, no listener of its own here, only writes. */
  let a: TestWarden;
  let b: TestWarden;
  let port: number;
  let setDefault: (node: TestWarden, action: DefaultAction) => Promise<void>;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'warden-workers-pg-'));
    schema = `warden_e2e_${randomBytes(6).toString('hex')}`;
    await sql(`create schema "${schema}"`);
    const url = schemaUrl(schema);
    app = createServer((_req, res) => res.end('ok'));
    const appPort = await listenLocally(app);
    a = await startWarden({ databaseUrl: url, dataDir, dataPlaneWorkers: 2 });
    b = await startWarden({
      databaseUrl: url,
      dataDir,
      rootAccessKeyId: a.credentials.accessKeyId,
      rootSecretAccessKey: a.credentials.secretAccessKey,
    });
    const elb = new ElasticLoadBalancingV2Client(a.clientConfig);
    const waf = new WAFV2Client(a.clientConfig);
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'pg-workers', Type: 'application' })))
      .LoadBalancers![0]!;
    const tg = await localTargetGroup(elb, 'pg-workers', appPort);
    const created = await waf.send(
      new CreateWebACLCommand({
        Name: 'pg-workers',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [],
        VisibilityConfig: vis,
      }),
    );
    await waf.send(new AssociateWebACLCommand({ WebACLArn: created.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
    port = await freePort();
    await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)));
    setDefault = async (node, action) => {
      // Both nodes know A's root key (B was started with it).
      const client = new WAFV2Client({ ...a.clientConfig, endpoint: node.endpoint });
      const id = { Name: 'pg-workers', Scope: 'REGIONAL' as const, Id: created.Summary!.Id };
      const current = await client.send(new GetWebACLCommand(id));
      await client.send(
        new UpdateWebACLCommand({
          ...id,
          LockToken: current.LockToken,
          DefaultAction: action,
          Rules: [],
          VisibilityConfig: vis,
        }),
      );
    };
  });

  after(async () => {
    await b?.stop();
    await a?.stop();
    app?.close();
    await rm(dataDir, { recursive: true, force: true });
    await sql(`drop schema if exists "${schema}" cascade`);
  });

  test('traffic passes through the workers, and a write through this node applies to the next request', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await sendToListener(port, `/x/${i}`)).status, 200);
    await setDefault(a, { Block: {} });
    for (let i = 0; i < 4; i++) assert.equal((await sendToListener(port, `/x/${i}`)).status, 403);
    await setDefault(a, { Allow: {} });
    for (let i = 0; i < 4; i++) assert.equal((await sendToListener(port, `/x/${i}`)).status, 200);
  });

  test("a write through another node reaches every worker (the serving process relays the database's notice)", async () => {
    await setDefault(b, { Block: {} });
    // Node A hears of it through its PostgreSQL notification, then tells its workers: within moments, not at once.
    const statuses = async () => Promise.all([0, 1, 2, 3].map(async () => (await sendToListener(port, '/y')).status));
    let seen: number[] = [];
    for (let i = 0; i < 100; i++) {
      seen = await statuses();
      if (seen.every((s) => s === 403)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(seen, [403, 403, 403, 403]);
    await setDefault(b, { Allow: {} });
  });
});
