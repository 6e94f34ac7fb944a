// `--redis-url` end to end: a server's rate-based rule counts through the shared Redis counter and still blocks at its limit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { createClient } from 'redis';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { requiredInCi } from '../helpers/ci.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';
import { REDIS_PREFIX } from '../../src/services/wafv2/rate-counters.js';
import { SharedRateCounter } from '../../src/services/wafv2/engine/shared-rate-counter.js';
import { rateCounterFor } from '../../src/services/wafv2/rate-counters.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisMissing(): Promise<string | false> {
  const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.close();
    return false;
  } catch {
    probe.destroy();
    return `Redis is not reachable at ${REDIS_URL}`;
  }
}

const missing = requiredInCi(await redisMissing());

describe('a server started with --redis-url', { skip: missing }, () => {
  let w: TestWarden;
  let app: Server;
  let listenerPort: number;
  const admin = createClient({ url: REDIS_URL });
  /** The server's keys that existed before this test: only the ones it adds are deleted afterwards. */
  const before_ = new Set<string>();

  async function serverKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${REDIS_PREFIX}*`, COUNT: 1000 })) keys.push(...batch);
    return keys;
  }

  before(async () => {
    await admin.connect();
    for (const k of await serverKeys()) before_.add(k);
    w = await startWarden({ redisUrl: REDIS_URL });
    const waf = new WAFV2Client(w.clientConfig);
    const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
    app = createServer((_req, res) => res.end('ok'));
    const appPort = await listenLocally(app);
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-shared', Type: 'application' })))
      .LoadBalancers![0]!;
    const tg = await localTargetGroup(elb, 'waf-shared-app', appPort);
    listenerPort = await freePort();
    await elb.send(
      new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, listenerPort)),
    );
    const vis = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'shared' };
    const created = await waf.send(
      new CreateWebACLCommand({
        Name: 'shared-rate',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [
          {
            Name: 'flood',
            Priority: 0,
            Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } },
            Action: { Block: {} },
            VisibilityConfig: vis,
          },
        ],
        VisibilityConfig: vis,
      }),
    );
    await waf.send(new AssociateWebACLCommand({ WebACLArn: created.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
  });

  after(async () => {
    await new Promise((r) => app?.close(r));
    await w?.stop();
    const added = (await serverKeys()).filter((k) => !before_.has(k));
    if (added.length > 0) await admin.del(added);
    await admin.close();
  });

  test('counts in Redis: the 11th request over a limit of 10 is blocked and the counts reach Redis', async () => {
    assert.ok(rateCounterFor(w.warden.runtime) instanceof SharedRateCounter);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: listenerPort, path: '/', agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          });
          req.on('error', reject);
          req.end();
        }),
      );
    assert.deepEqual(statuses, [...Array<number>(10).fill(200), 403]);
    // The exchange runs every second in the background: wait until every request has reached Redis (no assertion
    // on how long that takes), then check that none was counted twice.
    let added: string[] = [];
    let total = 0;
    while (total < 11) {
      await new Promise((r) => setTimeout(r, 100));
      added = (await serverKeys()).filter((k) => !before_.has(k));
      total = added.length === 0 ? 0 : (await admin.mGet(added)).reduce((n, v) => n + Number(v ?? 0), 0);
    }
    await new Promise((r) => setTimeout(r, 1_500));
    total = (await admin.mGet(added)).reduce((n, v) => n + Number(v ?? 0), 0);
    assert.equal(total, 11);
    for (const k of added) assert.match(k, /^warden:waf:rate:[\w-]{43}:\d+$/);
  });
});
