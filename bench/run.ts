// `npm run bench`: prints Warden's performance figures, each beside a baseline measured in the same run.
import { benchScenarios, getCallerIdentityRequest } from './requests.js';
import { runSigV4Bench } from './sigv4.js';
import { runLoad, type LoadResult, type Workload } from './load.js';
import {
  motoAvailable,
  startFastifyFloorServer,
  startFloorServer,
  startMotoServer,
  startWardenServer,
  type BenchServer,
} from './servers.js';
import { measureContextBaseline, runPolicyBench } from './policy.js';
import { runAuthorizeBench } from './authorize.js';
import { runWafEngineBench } from './waf-engine.js';
import { runWafListenerBench, type WafListenerRun } from './waf-listener.js';
import { listenerLoad } from './wrk-load.js';
import { runModSecurityNginxBench, type ModSecurityRun } from './modsecurity-nginx.js';
import { runWafDetectionBench } from './waf-detection.js';
import { runKeygenContentionBench } from './keygen-contention.js';
import { runShieldFloodBench } from './shield-flood.js';
import { runInspectorBench } from './inspector.js';
import { runGuardDutyBench } from './guardduty.js';
import { runMemoryBench } from './memory.js';
import { runScaleSection } from './scale.js';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WAF_DURATION_MS = Number(process.env.BENCH_WAF_DURATION_MS ?? 3000);
/**
 * BENCH_ONLY=sigv4,policy,authorize,http,keygen,waf-engine,waf-listener,waf-detection,shield,inspector,guardduty runs
 * only those sections (all by default). memory and scale take minutes: they run only when BENCH_ONLY names them.
 */
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const want = (section: string) => !ONLY || ONLY.includes(section);
const wantNamed = (section: string) => ONLY?.includes(section) === true;
/** BENCH_MEMORY_REQUESTS: the memory section's total requests (RSS is read after 10,000 and after this many). */
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 1_000_000);

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

interface Scenario {
  name: string;
  request: Workload;
}

/** Runs each scenario against one server started for it, warming up first. */
async function loadServer(
  start: () => Promise<BenchServer>,
  scenarios: (origin: string) => Promise<Scenario[]>,
): Promise<{ server: string; scenario: string; result: LoadResult }[]> {
  const server = await start();
  try {
    const out = [];
    for (const { name, request } of await scenarios(server.origin)) {
      await runLoad(server.origin, request, { connections: CONNECTIONS, durationMs: 1000 });
      const result = await runLoad(server.origin, request, { connections: CONNECTIONS, durationMs: DURATION_MS });
      out.push({ server: server.name, scenario: name, result });
    }
    return out;
  } finally {
    await server.stop();
  }
}

const gciOnly = async (origin: string) => [
  { name: 'GetCallerIdentity', request: await getCallerIdentityRequest(origin) },
];
const allScenarios = async (origin: string) =>
  (await benchScenarios(origin, CONNECTIONS)).map(({ name, workload }) => ({ name, request: workload }));
/** The cost of fsyncing every commit: the same read and write with `--audit-sync full`. */
const syncScenarios = async (origin: string) =>
  (await allScenarios(origin)).filter((s) => s.name === 'GetCallerIdentity' || s.name.startsWith('IAM Create'));

async function main(): Promise<void> {
  console.log(
    `Warden benchmarks — node ${process.version}, ${CONNECTIONS} connections, ${DURATION_MS} ms per HTTP run\n`,
  );

  if (want('sigv4')) {
    console.log('SigV4 verification (in process)');
    const sig = await runSigV4Bench();
    for (const r of sig) {
      console.log(
        `  ${r.name.padEnd(48)} ${fmt(r.microsPerOp, 2).padStart(8)} µs/op  ${fmt(r.opsPerSec).padStart(10)} ops/s  ×${fmt(r.microsPerOp / sig[0].microsPerOp, 1)} baseline`,
      );
    }
  }

  if (want('policy')) {
    console.log('\nPolicy engine decisions (in process, by CPU time)');
    const baseline = measureContextBaseline();
    console.log(`  ${'baseline: the request context alone (baseContext)'.padEnd(68)} ${fmt(baseline).padStart(11)} /s`);
    const results = runPolicyBench();
    const allow = results.find((r) => r.decision === 'Allowed');
    for (const r of results) {
      const vsAllow = allow && r.decision ? `  ×${fmt(r.opsPerSec / allow.opsPerSec, 2)} allow` : '';
      console.log(
        `  ${r.name.padEnd(68)} ${fmt(r.opsPerSec).padStart(11)} decisions/s  ×${fmt(r.opsPerSec / baseline, 2)} baseline${vsAllow}  p50 ${fmt(r.p50us, 2)} µs  p99 ${fmt(r.p99us, 2)} µs`,
      );
    }
  }

  const authz = want('authorize') || want('http') ? await runAuthorizeBench() : [];
  if (want('authorize')) {
    console.log('\nauthorize(): a request authorized end to end with warm caches (in process)');
    for (const r of authz) {
      console.log(
        `  ${r.name.padEnd(60)} ${fmt(r.opsPerSec).padStart(11)} requests/s  p50 ${fmt(r.p50us, 2)} µs  p99 ${fmt(r.p99us, 2)} µs`,
      );
    }
  }

  if (want('http')) await httpSection(authz);
  if (want('keygen')) await keygenSection();
  if (want('waf-engine')) wafEngineSection();
  if (want('waf-listener')) await wafListenerSection();
  if (want('waf-detection')) await wafDetectionSection();
  if (want('shield')) await shieldSection();
  if (want('inspector')) await inspectorSection();
  if (want('guardduty')) await guarddutySection();
  if (wantNamed('memory')) await memorySection();
  if (wantNamed('scale')) await runScaleSection();
}

async function memorySection(): Promise<void> {
  const checkpoints = [...new Set([10_000, MEMORY_REQUESTS])].sort((a, b) => a - b);
  console.log(
    `\nMemory (issue 19): Warden's RSS after ${checkpoints.map((n) => fmt(n)).join(' and ')} requests, ${CONNECTIONS} connections each cycling GetCallerIdentity, KMS Encrypt/Decrypt, IAM GetUser, CreateUser+DeleteUser`,
  );
  const points = await runMemoryBench({ connections: CONNECTIONS, checkpoints });
  for (const p of points) {
    const errors = p.errors ? `  ${p.errors} errors` : '';
    console.log(
      `  after ${fmt(p.requests).padStart(10)} requests  RSS ${fmt(p.rssMB, 1).padStart(7)} MB  heap used ${fmt(p.heapUsedMB, 1).padStart(6)} MB  after a full collection (under load: ${fmt(p.loadedRssMB, 1)} MB, ${fmt(p.loadedHeapUsedMB, 1)} MB)  (${fmt(p.perSecond)} req/s)${errors}`,
    );
  }
  const first = points[0]!;
  const last = points.at(-1)!;
  console.log(
    `  after ${fmt(last.requests)} / after ${fmt(first.requests)}, after a full collection: RSS ×${fmt(last.rssMB / first.rssMB, 2)}, heap used ×${fmt(last.heapUsedMB / first.heapUsedMB, 2)}`,
  );
}

async function guarddutySection(): Promise<void> {
  console.log(
    '\nGuardDuty trail detection (issue 16): SQLite store, 10,000-entry threat list, 1 record in 10 a finding',
  );
  const r = await runGuardDutyBench();
  console.log(
    `  live pipeline   ${fmt(r.liveRecordsPerSec).padStart(8)} records/s  (${fmt(r.liveRecords)} records queued at once, ${fmt(r.liveFindings)} findings recorded)`,
  );
  console.log(
    `    without AnomalousBehavior baselines ${fmt(r.liveWithoutBaselinesPerSec)} records/s (the pipeline and the stateless detections)`,
  );
  console.log(
    `  import-trail    ${fmt(r.importRecordsPerSec).padStart(8)} records/s  (${fmt(r.importRecords)} records from one .json.gz, read, sorted and analysed, ${fmt(r.importFindings)} findings)`,
  );
  console.log(
    `  finding latency p50 ${fmt(r.latencyP50ms, 2)} ms  p99 ${fmt(r.latencyP99ms, 2)} ms  (record committed → finding stored, ${fmt(r.latencySamples)} findings at ${fmt(r.rate)} records/s)`,
  );
}

async function inspectorSection(): Promise<void> {
  console.log('\nInspector advisories (issue 17): SQLite store, synthetic OSV records');
  const r = await runInspectorBench();
  console.log(`  import            ${fmt(r.importPerSecond).padStart(8)} advisories/s  (${fmt(r.advisories)} records)`);
  console.log(`  re-import (same)  ${fmt(r.reimportPerSecond).padStart(8)} advisories/s`);
  console.log(
    `  match             ${fmt(r.matchPerSecond).padStart(8)} packages/s    (${fmt(r.packages)} packages, ${fmt(r.matches)} matches)`,
  );
  console.log(
    `  evaluate instance ${fmt(r.evaluateMs).padStart(8)} ms            (one host of 1,000 packages, ${fmt(r.findings)} findings written)`,
  );
}

async function shieldSection(): Promise<void> {
  const floodConnections = 64;
  console.log(
    `\nShield Standard: probes from 127.0.0.3 (one request per new connection) through a listener, alone and while 127.0.0.2 floods it on ${floodConnections} kept-alive connections (default per-client limits)`,
  );
  const [alone, during] = await runShieldFloodBench({ durationMs: DURATION_MS, floodConnections });
  for (const r of [alone!, during!]) {
    const flood = r.floodRequests
      ? `  flood ${fmt(r.floodRequests)} requests, ${fmt(r.floodRefused)} refused (429)`
      : '';
    console.log(
      `  ${r.phase.padEnd(14)} ${fmt(r.probes).padStart(6)} probes, ${r.failures} failed  p50 ${fmt(r.p50ms, 2)} ms  p99 ${fmt(r.p99ms, 2)} ms${flood}`,
    );
  }
  console.log(`  probe p99 during / alone ×${fmt(during!.p99ms / Math.max(alone!.p99ms, 0.001), 2)}`);
}

async function httpSection(authz: Awaited<ReturnType<typeof runAuthorizeBench>>): Promise<void> {
  console.log(
    '\nOver HTTP, SigV4-signed, server in a child process (floor: node:http answering a fixed document; fastify floor: the same through fastify as Warden sets it up)',
  );
  const runs = [
    ...(await loadServer(startFloorServer, gciOnly)),
    ...(await loadServer(startFastifyFloorServer, gciOnly)),
    ...(await loadServer(() => startWardenServer(), allScenarios)),
    ...(await loadServer(
      () => startWardenServer({ args: ['--audit-sync', 'full'], name: 'warden sync=full' }),
      syncScenarios,
    )),
  ];
  if (motoAvailable()) runs.push(...(await loadServer(startMotoServer, allScenarios)));
  else console.log('  (moto not installed: no moto comparison)');
  const floor = runs[0].result.perSecond;
  for (const { server, scenario, result } of runs) {
    const errors = result.errors ? `  ${result.errors} errors` : '';
    console.log(
      `  ${server.padEnd(17)} ${scenario.padEnd(26)} ${fmt(result.perSecond).padStart(8)} req/s  p50 ${fmt(result.p50ms, 2)} ms  p99 ${fmt(result.p99ms, 2)} ms  ${fmt((result.perSecond / floor) * 100, 1)}% of floor${errors}`,
    );
  }
  const names = [...new Set(runs.map((r) => r.scenario))];
  for (const scenario of names) {
    const ours = runs.find((r) => r.server === 'warden' && r.scenario === scenario);
    const moto = runs.find((r) => r.server === 'moto' && r.scenario === scenario);
    if (ours && moto)
      console.log(`  ${scenario}: warden / moto ×${fmt(ours.result.perSecond / moto.result.perSecond, 2)}`);
  }
  // Each request costs 1/throughput of server time; authorization's share of it, from the in-process median.
  const warden = runs.find((r) => r.server === 'warden' && r.scenario === 'GetCallerIdentity')!.result.perSecond;
  const perRequestUs = 1e6 / warden;
  for (const r of authz) {
    console.log(
      `  authorization share of a request (${r.name}): ${fmt((r.p50us / perRequestUs) * 100, 1)}% (${fmt(r.p50us, 1)} µs of ${fmt(perRequestUs, 0)} µs)`,
    );
  }
}

async function keygenSection(): Promise<void> {
  console.log(
    `\nGetCallerIdentity while RSA_4096 keys are created (two clients creating keys back to back), ${CONNECTIONS} connections`,
  );
  const [alone, during] = await runKeygenContentionBench({ connections: CONNECTIONS, durationMs: DURATION_MS });
  for (const { leg, result, keysCreated } of [alone!, during!]) {
    const keys = keysCreated ? `  ${keysCreated} keys created` : '';
    console.log(
      `  ${leg.padEnd(28)} ${fmt(result.perSecond).padStart(8)} req/s  p50 ${fmt(result.p50ms, 2)} ms  p99 ${fmt(result.p99ms, 2)} ms${keys}`,
    );
  }
  console.log(
    `  p99 during / alone ×${fmt(during!.result.p99ms / alone!.result.p99ms, 2)}; p99 during key creation ${during!.result.p99ms < 50 ? 'under' : 'OVER'} 50 ms`,
  );
}

function wafEngineSection(): void {
  console.log('\nWAFv2 engine alone (in process): a web ACL of SQLi/XSS/byte/regex/size/rate rules over five fields');
  for (const r of runWafEngineBench()) {
    console.log(
      `  ${r.label.padEnd(16)} ${r.rules} rules  ${fmt(r.perSecond).padStart(9)} evaluations/s  p50 ${fmt(r.p50us, 1)} µs  p99 ${fmt(r.p99us, 1)} µs`,
    );
  }
}

async function wafListenerSection(): Promise<void> {
  console.log(
    `\nELBv2 listener with WAF (issue 14): node:http upstream in a child process, Warden in another, ${CONNECTIONS} connections, ${WAF_DURATION_MS} ms per leg`,
  );
  console.log('  web ACL: AWSManagedRulesCommonRuleSet + AWSManagedRulesSQLiRuleSet; blocked leg expects 403');
  const load = listenerLoad();
  console.log(`  load: ${load.name}, the same for every leg and for nginx`);
  const runs = await runWafListenerBench({ connections: CONNECTIONS, durationMs: WAF_DURATION_MS, load: load.run });
  const of = (target: WafListenerRun['target'], traffic: WafListenerRun['traffic']) =>
    runs.find((r) => r.target === target && r.traffic === traffic)?.result;
  for (const { target, traffic, result } of runs) {
    const direct = of('direct', traffic === 'GET sqli' ? 'GET' : traffic)!;
    const errors = result.errors ? `  ${result.errors} errors` : '';
    console.log(
      `  ${target.padEnd(23)} ${traffic.padEnd(9)} ${fmt(result.perSecond).padStart(8)} req/s  p50 ${fmt(result.p50ms, 2)} ms  p99 ${fmt(result.p99ms, 2)} ms  ×${fmt(result.perSecond / direct.perSecond, 2)} direct${errors}`,
    );
  }
  for (const traffic of ['GET', 'POST'] as const) {
    const direct = of('direct', traffic)!.perSecond;
    const plain = of('listener', traffic)!.perSecond;
    const guarded = of('listener+WAF', traffic)!.perSecond;
    console.log(
      `  ${traffic}: listener+WAF / direct ×${fmt(guarded / direct, 2)}   listener / direct ×${fmt(plain / direct, 2)}   listener+WAF / listener ×${fmt(guarded / plain, 2)}`,
    );
    const spread = of('listener+WAF, 2 workers', traffic)!.perSecond;
    const spreadPlain = of('listener, 2 workers', traffic)!.perSecond;
    console.log(
      `  ${traffic}: with 2 workers: listener+WAF ${fmt(spread)} req/s (×${fmt(spread / guarded, 2)} one process; target 10,000)   listener ×${fmt(spreadPlain / plain, 2)} one process`,
    );
  }
  const blocked = of('listener+WAF', 'GET sqli')!.perSecond;
  console.log(
    `  blocked GET: ×${fmt(blocked / of('listener+WAF', 'GET')!.perSecond, 2)} the allowed GET through the same listener+WAF`,
  );
  await modSecurityComparison(of, load.run);
}

/** nginx+ModSecurity+CRS on the same GET and POST, and Warden's listener+WAF figures as ratios of it. */
async function modSecurityComparison(
  warden: (target: WafListenerRun['target'], traffic: WafListenerRun['traffic']) => LoadResult | undefined,
  load: ReturnType<typeof listenerLoad>['run'],
): Promise<void> {
  const bench = await runModSecurityNginxBench({ connections: CONNECTIONS, durationMs: WAF_DURATION_MS, load });
  if ('skipped' in bench) return console.log(`  ${bench.skipped}`);
  console.log(`  ${bench.description}, its own node:http floor upstream (the same program):`);
  for (const { target, traffic, result } of bench.runs) {
    const errors = result.errors ? `  ${result.errors} errors` : '';
    console.log(
      `  ${target.padEnd(17)} ${traffic.padEnd(5)} ${fmt(result.perSecond).padStart(8)} req/s  p50 ${fmt(result.p50ms, 2)} ms  p99 ${fmt(result.p99ms, 2)} ms${errors}`,
    );
  }
  const theirs = (target: ModSecurityRun['target'], traffic: 'GET' | 'POST') =>
    bench.runs.find((r) => r.target === target && r.traffic === traffic)!.result;
  for (const traffic of ['GET', 'POST'] as const) {
    const modsec = theirs('nginx+ModSecurity', traffic);
    for (const target of ['listener+WAF', 'listener+WAF, 2 workers'] as const) {
      const ours = warden(target, traffic)!;
      console.log(
        `  ${traffic}: Warden ${target} / nginx+ModSecurity ×${fmt(ours.perSecond / modsec.perSecond, 2)} req/s, p99 ${fmt(ours.p99ms, 2)} ms vs ${fmt(modsec.p99ms, 2)} ms`,
      );
    }
    // What a proxy in C reaches here with the same upstream and load: the machine's ceiling for any listener.
    const plain = theirs('nginx', traffic);
    console.log(
      `  ${traffic}: plain nginx proxy ${fmt(plain.perSecond / theirs('direct', traffic).perSecond, 2)} of its direct upstream; Warden listener (no web ACL) / plain nginx ×${fmt(warden('listener', traffic)!.perSecond / plain.perSecond, 2)}, with 2 workers ×${fmt(warden('listener, 2 workers', traffic)!.perSecond / plain.perSecond, 2)}`,
    );
  }
}

async function wafDetectionSection(): Promise<void> {
  console.log(
    '\nWAF detection (issue 14): public attack payloads and ordinary requests through each WAF; 403 = blocked',
  );
  for (const line of await runWafDetectionBench()) console.log(`  ${line}`);
}

await main();
