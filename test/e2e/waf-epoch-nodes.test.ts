// Two servers on one PostgreSQL database: a web ACL change made through one decides the other's next inspected
// request, whether the other learns of it by notification or, its listening connection cut, by reading the epoch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type DefaultAction,
} from '@aws-sdk/client-wafv2';
import type { ModelName } from '../../src/aws/model.js';
import type { ServiceDescriptor, TrafficInspector } from '../../src/core/runtime.js';
import { request } from '../../src/services/wafv2/engine/test-support.js';
import { EPOCH_LISTENER_APPLICATION } from '../../src/services/wafv2/epoch-listener.js';
import { wafEpochCache } from '../../src/services/wafv2/epoch.js';
import { POSTGRES_TEST_URL } from '../helpers/test-stores.js';
import { storeBackends } from '../helpers/stores.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const postgres = storeBackends().find((b) => b.name === 'postgres')!;
const vis = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'm' };

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function inspectorOf(node: TestWarden): TrafficInspector {
  const services = node.warden.runtime.services as Map<ModelName, ServiceDescriptor>;
  return services.get('wafv2')!.traffic!.inspector!;
}

/** Resolves once the node listens for other nodes' writes (its epoch cache trusted); fails after a bound. */
async function untilListening(node: TestWarden): Promise<void> {
  const cache = wafEpochCache(node.warden.runtime.store);
  for (let i = 0; i < 500 && !cache.trusted; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cache.trusted, 'the node never started listening');
}

describe('WAF changes across nodes sharing one PostgreSQL database', { skip: postgres.skip }, () => {
  let schema: string;
  let dataDir: string;
  let a: TestWarden;
  let b: TestWarden;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'warden-waf-nodes-'));
    schema = `warden_e2e_${randomBytes(6).toString('hex')}`;
    await sql(`create schema "${schema}"`);
    const url = new URL(POSTGRES_TEST_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    a = await startWarden({ databaseUrl: url.toString(), dataDir });
    b = await startWarden({
      databaseUrl: url.toString(),
      dataDir,
      rootAccessKeyId: a.credentials.accessKeyId,
      rootSecretAccessKey: a.credentials.secretAccessKey,
    });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await sql(`drop schema if exists "${schema}" cascade`);
  });

  test("a web ACL updated through node A decides node B's next request, with or without B's notifications", async () => {
    const elb = new ElasticLoadBalancingV2Client(a.clientConfig);
    const waf = new WAFV2Client(a.clientConfig);
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'nodes', Type: 'application' })))
      .LoadBalancers![0]!;
    const created = await waf.send(
      new CreateWebACLCommand({
        Name: 'nodes',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [],
        VisibilityConfig: vis,
      }),
    );
    const aclArn = created.Summary!.ARN!;
    await waf.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: lb.LoadBalancerArn }));
    const setDefault = async (action: DefaultAction) => {
      const current = await waf.send(
        new GetWebACLCommand({ Name: 'nodes', Scope: 'REGIONAL', Id: created.Summary!.Id }),
      );
      await waf.send(
        new UpdateWebACLCommand({
          Name: 'nodes',
          Scope: 'REGIONAL',
          Id: created.Summary!.Id,
          LockToken: current.LockToken,
          DefaultAction: action,
          Rules: [],
          VisibilityConfig: vis,
        }),
      );
    };
    const onB = inspectorOf(b);
    const verdictOnB = async () => (await onB.inspect(b.warden.runtime, lb.LoadBalancerArn!, request()))?.action;

    await untilListening(b);
    // B compiles the web ACL and keeps its epoch in memory.
    assert.equal(await verdictOnB(), 'allow');
    assert.equal(await verdictOnB(), 'allow');
    await setDefault({ Block: {} });
    assert.equal(await verdictOnB(), 'respond', 'B still allows after the web ACL changed to Block');
    await setDefault({ Allow: {} });
    assert.equal(await verdictOnB(), 'allow', 'B still blocks after the web ACL changed back to Allow');

    // The listening connections are cut (every node's on this server: a node without one only reads more). However
    // soon B reconnects, a change made meanwhile decides its next request: reads until it listens, then notifications.
    const cut = await sql<{ cut: boolean }>(
      'select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = $1',
      [EPOCH_LISTENER_APPLICATION],
    );
    assert.ok(cut.length >= 2, 'both nodes had a listening connection');
    await setDefault({ Block: {} });
    assert.equal(await verdictOnB(), 'respond', 'B missed a change while its listener was down');
    // Back again: it listens and keeps epochs in memory once more, and still sees the next change.
    await untilListening(b);
    assert.equal(await verdictOnB(), 'respond');
    await setDefault({ Allow: {} });
    assert.equal(await verdictOnB(), 'allow', 'B missed a change after its listener reconnected');
  });
});
