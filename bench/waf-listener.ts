// Issue 14: GET and small-POST traffic through a Warden ELBv2 listener, with and without a web ACL of the managed rule
// groups, beside the same node:http upstream hit directly; and SQL injections through the listener (the block path).
import { freePort } from '../test/helpers/elbv2.js';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import type { ReplayLoad } from './wrk-load.js';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { startFloorServer, type BenchServer } from './servers.js';

/** How many data-plane worker processes the bench's second Warden runs (--data-plane-workers): one per core here. */
export const BENCH_WORKERS = 2;

export interface WafListenerRun {
  target: 'direct' | 'listener' | 'listener+WAF' | 'listener, 2 workers' | 'listener+WAF, 2 workers';
  traffic: 'GET' | 'POST' | 'GET sqli';
  result: LoadResult;
}

const HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) warden-bench/1.0',
  accept: 'application/json',
  cookie: 'session=3f9a0c1e2b; theme=dark',
};
const GET: LoadRequest = { method: 'GET', path: '/api/v1/orders/12345?page=2&sort=created_at', headers: HEADERS };
const POST: LoadRequest = {
  method: 'POST',
  path: '/api/v1/orders',
  headers: { ...HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
  body: 'item=widget&quantity=3&note=Please+deliver+after+5pm',
};
const SQLI: LoadRequest = {
  method: 'GET',
  path: `/api/v1/orders?id=${encodeURIComponent("1' OR '1'='1' --")}`,
  headers: HEADERS,
};

/** The requests each leg sends (the profiling aid sends the same). */
export const WAF_BENCH_REQUESTS = { GET, POST, SQLI } as const;

/**
 * Warden from test/helpers/warden.ts in a child process (with these configuration overrides, if any); resolves once
 * it prints its endpoint and credentials.
 */
export async function startWardenChild(overrides?: object) {
  const script = fileURLToPath(new URL('./warden-child.ts', import.meta.url));
  const args = ['--import', 'tsx', script, ...(overrides ? [JSON.stringify(overrides)] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`warden child exited (${code}) before it was ready`)));
  });
  lines.close();
  const ready = JSON.parse(first) as {
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  return {
    clientConfig: { endpoint: ready.endpoint, region: 'us-east-1', credentials: ready.credentials, maxAttempts: 1 },
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      proc.kill('SIGKILL');
    },
  };
}

const vis = (name: string) => ({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: name });

/** A load balancer with an HTTP listener forwarding to the upstream; with a web ACL of the two rule groups if asked. */
export async function listenerTo(
  config: Awaited<ReturnType<typeof startWardenChild>>['clientConfig'],
  name: string,
  upstreamPort: number,
  withWaf: boolean,
): Promise<string> {
  const elb = new ElasticLoadBalancingV2Client(config);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: name, Type: 'application' }))).LoadBalancers![0]!;
  const tg = (
    await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: upstreamPort, TargetType: 'ip' }))
  ).TargetGroups![0]!;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '127.0.0.1' }] }));
  if (withWaf) {
    const waf = new WAFV2Client(config);
    const acl = await waf.send(
      new CreateWebACLCommand({
        Name: name,
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet'].map((group, i) => ({
          Name: group,
          Priority: i,
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
          OverrideAction: { None: {} },
          VisibilityConfig: vis(group),
        })),
        VisibilityConfig: vis(name),
      }),
    );
    await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
  }
  const port = await freePort();
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: port,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
    }),
  );
  const origin = `http://127.0.0.1:${port}`;
  // Ready when a request comes back from the upstream through it.
  const deadline = Date.now() + 15000;
  for (;;) {
    const res = await fetch(origin + GET.path, { headers: GET.headers }).catch(() => undefined);
    if (res?.status === 200) return origin;
    if (Date.now() > deadline) throw new Error(`listener ${name} did not pass traffic (${res?.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The limits warden-child.ts starts with by default: the load's one client never empties its request bucket. */
const BENCH_LIMITS = {
  clientRequestsPerSecond: 1_000_000,
  clientRequestBurst: 1_000_000,
  concurrentRequestsPerClient: 1_000,
};

export async function runWafListenerBench(opts: {
  connections: number;
  durationMs: number;
  /** The load generator (bench/wrk-load.ts picks one); Node's own by default. */
  load?: ReplayLoad;
}): Promise<WafListenerRun[]> {
  const upstream: BenchServer = await startFloorServer();
  const out: WafListenerRun[] = [];
  type Leg = [WafListenerRun['target'], string, WafListenerRun['traffic'], LoadRequest, number];
  const load = opts.load ?? runLoad;
  const runLegs = async (legs: Leg[]) => {
    for (const [target, origin, traffic, request, expectStatus] of legs) {
      await load(origin, request, { connections: opts.connections, durationMs: 1000, expectStatus });
      const result = await load(origin, request, { ...opts, expectStatus });
      out.push({ target, traffic, result });
    }
  };
  try {
    const upstreamPort = Number(new URL(upstream.origin).port);
    // Listeners served in Warden's own process (the default).
    const warden = await startWardenChild(BENCH_LIMITS);
    try {
      const plain = await listenerTo(warden.clientConfig, 'bench-plain', upstreamPort, false);
      const guarded = await listenerTo(warden.clientConfig, 'bench-waf', upstreamPort, true);
      await runLegs([
        ['direct', upstream.origin, 'GET', GET, 200],
        ['direct', upstream.origin, 'POST', POST, 200],
        ['listener', plain, 'GET', GET, 200],
        ['listener', plain, 'POST', POST, 200],
        ['listener+WAF', guarded, 'GET', GET, 200],
        ['listener+WAF', guarded, 'POST', POST, 200],
        ['listener+WAF', guarded, 'GET sqli', SQLI, 403],
      ]);
    } finally {
      await warden.stop();
    }
    // The same listeners served by worker processes (--data-plane-workers), in a Warden of their own.
    const spread = await startWardenChild({ ...BENCH_LIMITS, dataPlaneWorkers: BENCH_WORKERS });
    try {
      const plain = await listenerTo(spread.clientConfig, 'bench-plain', upstreamPort, false);
      const guarded = await listenerTo(spread.clientConfig, 'bench-waf', upstreamPort, true);
      await runLegs([
        ['listener, 2 workers', plain, 'GET', GET, 200],
        ['listener, 2 workers', plain, 'POST', POST, 200],
        ['listener+WAF, 2 workers', guarded, 'GET', GET, 200],
        ['listener+WAF, 2 workers', guarded, 'POST', POST, 200],
      ]);
    } finally {
      await spread.stop();
    }
    return out;
  } finally {
    await upstream.stop();
  }
}
