// Profiling aid (not part of `npm run bench`): Warden in this process with forwarding listeners (bare and with the
// managed rule groups' web ACL), each driven by a load child; prints Warden's CPU time per request for each leg, a
// figure that holds up on a busy machine better than requests/s. Run under `node --cpu-prof` for a profile.
// PROFILE_LEGS=direct,listener,listener-post,waf-get,waf-post picks legs; D=<ms> sets each leg's duration.
import { spawn } from 'node:child_process';
import { startWarden } from '../test/helpers/warden.js';
import { startFloorServer } from './servers.js';
import { listenerTo, WAF_BENCH_REQUESTS } from './waf-listener.js';
import { runLoad, type LoadRequest } from './load.js';

const upstream = await startFloorServer();
// As bench/warden-child.ts: the one load client's request bucket stays on but never empties (else most answers are 429).
const w = await startWarden({
  clientRequestsPerSecond: 1_000_000,
  clientRequestBurst: 1_000_000,
  concurrentRequestsPerClient: 1_000,
});
const upstreamPort = Number(new URL(upstream.origin).port);
// 'direct' hits the upstream (which runs in this process too): its CPU per request is the upstream's share of the others.
const legs = (process.env.PROFILE_LEGS ?? 'direct,listener,listener-post,waf-get,waf-post').split(',');
const plain = legs.some((l) => l.startsWith('listener'))
  ? await listenerTo(w.clientConfig, 'p', upstreamPort, false)
  : '';
const guarded = legs.some((l) => l.startsWith('waf')) ? await listenerTo(w.clientConfig, 'pw', upstreamPort, true) : '';

// Warm-up (not measured): the first leg would otherwise also pay for compiling the whole request path.
for (const [origin, request] of [
  [plain, WAF_BENCH_REQUESTS.GET],
  [plain, WAF_BENCH_REQUESTS.POST],
  [guarded, WAF_BENCH_REQUESTS.GET],
  [guarded, WAF_BENCH_REQUESTS.POST],
] as const)
  if (origin !== '') await runLoad(origin, request, { connections: 4, durationMs: 500 });

// Warden's own background work (timers of Shield, GuardDuty, health checks) while no traffic flows, per ms: taken
// off each leg, whose window also holds the load child's start-up, so a slow leg is not charged for idle time.
const idle0 = process.cpuUsage();
const idleStart = performance.now();
await new Promise((r) => setTimeout(r, 2000));
const idleCpu = process.cpuUsage(idle0);
const idlePerMs = (idleCpu.user + idleCpu.system) / (performance.now() - idleStart);

async function leg(name: string, origin: string, request: LoadRequest): Promise<void> {
  const script = `
    import { runLoad } from './bench/load.ts';
    const r = await runLoad(${JSON.stringify(origin)}, ${JSON.stringify(request)}, { connections: 16, durationMs: Number(process.env.D ?? 5000), expectStatus: 200 });
    console.log(JSON.stringify(r));
  `;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  const cpu = process.cpuUsage(cpu0);
  const background = idlePerMs * (performance.now() - started);
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    requests: number;
    errors: number;
    perSecond: number;
  };
  const us = (cpu.user + cpu.system) / result.requests;
  const net = (cpu.user + cpu.system - background) / result.requests;
  console.log(
    `${name.padEnd(13)} ${result.requests} requests (${result.errors} not 200), ${result.perSecond.toFixed(0)} req/s; warden cpu ${us.toFixed(1)} µs/request (user ${(cpu.user / result.requests).toFixed(1)}, system ${(cpu.system / result.requests).toFixed(1)}), ${net.toFixed(1)} without idle background`,
  );
}

if (legs.includes('direct')) await leg('direct', upstream.origin, WAF_BENCH_REQUESTS.GET);
if (legs.includes('listener')) await leg('listener', plain, WAF_BENCH_REQUESTS.GET);
if (legs.includes('listener-post')) await leg('listener-post', plain, WAF_BENCH_REQUESTS.POST);
if (legs.includes('waf-get')) await leg('waf-get', guarded, WAF_BENCH_REQUESTS.GET);
if (legs.includes('waf-post')) await leg('waf-post', guarded, WAF_BENCH_REQUESTS.POST);
await w.stop();
await upstream.stop();
process.exit(0);
