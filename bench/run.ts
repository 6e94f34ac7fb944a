// `npm run bench`: prints Warden's performance figures, each beside a baseline measured in the same run.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { runSigV4Bench } from './sigv4.js';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import {
  BENCH_CREDENTIALS,
  motoAvailable,
  startFloorServer,
  startMotoServer,
  startWardenServer,
  type BenchServer,
} from './servers.js';
import { runPolicyBench } from '../src/policy/bench.js';
import { runAuthorizeBench } from '../src/authz/bench.js';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A header-signed GetCallerIdentity, replayable for the signature's five-minute window. */
async function signedGetCallerIdentity(origin: string): Promise<LoadRequest> {
  const url = new URL(origin);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({
    service: 'sts',
    region: 'us-east-1',
    credentials: BENCH_CREDENTIALS,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k] = String(v);
  return { method: 'POST', path: '/', headers, body };
}

async function loadServer(start: () => Promise<BenchServer>): Promise<{ name: string; result: LoadResult }> {
  const server = await start();
  try {
    const request = await signedGetCallerIdentity(server.origin);
    await runLoad(server.origin, request, { connections: CONNECTIONS, durationMs: 1000 }); // warm up
    const result = await runLoad(server.origin, request, { connections: CONNECTIONS, durationMs: DURATION_MS });
    return { name: server.name, result };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `Warden benchmarks — node ${process.version}, ${CONNECTIONS} connections, ${DURATION_MS} ms per HTTP run\n`,
  );

  console.log('SigV4 verification (in process)');
  const sig = await runSigV4Bench();
  for (const r of sig) {
    console.log(
      `  ${r.name.padEnd(48)} ${fmt(r.microsPerOp, 2).padStart(8)} µs/op  ${fmt(r.opsPerSec).padStart(10)} ops/s  ×${fmt(r.microsPerOp / sig[0].microsPerOp, 1)} baseline`,
    );
  }

  console.log('\nPolicy engine decisions (in process)');
  for (const r of runPolicyBench()) {
    console.log(
      `  ${r.name.padEnd(60)} ${fmt(r.opsPerSec).padStart(11)} decisions/s  p50 ${fmt(r.p50us, 2)} µs  p99 ${fmt(r.p99us, 2)} µs`,
    );
  }

  console.log('\nauthorize(): a request authorized end to end with warm caches (in process)');
  const authz = await runAuthorizeBench();
  for (const r of authz) {
    console.log(
      `  ${r.name.padEnd(60)} ${fmt(r.opsPerSec).padStart(11)} requests/s  p50 ${fmt(r.p50us, 2)} µs  p99 ${fmt(r.p99us, 2)} µs`,
    );
  }

  console.log('\nSTS GetCallerIdentity over HTTP, SigV4-signed (server in a child process)');
  const runs = [await loadServer(startFloorServer), await loadServer(startWardenServer)];
  if (motoAvailable()) runs.push(await loadServer(startMotoServer));
  else console.log('  (moto not installed: no moto comparison)');
  const floor = runs[0].result.perSecond;
  const warden = runs[1].result.perSecond;
  for (const { name, result } of runs) {
    const errors = result.errors ? `  ${result.errors} errors` : '';
    console.log(
      `  ${name.padEnd(18)} ${fmt(result.perSecond).padStart(8)} req/s  p50 ${fmt(result.p50ms, 2)} ms  p99 ${fmt(result.p99ms, 2)} ms  ${fmt((result.perSecond / floor) * 100, 1)}% of floor${errors}`,
    );
  }
  const moto = runs.find((r) => r.name === 'moto');
  if (moto) console.log(`  warden / moto: ×${fmt(warden / moto.result.perSecond, 2)}`);
  // Each request costs 1/throughput of server time; authorization's share of it, from the in-process median.
  const perRequestUs = 1e6 / warden;
  for (const r of authz) {
    console.log(
      `  authorization share of a request (${r.name}): ${fmt((r.p50us / perRequestUs) * 100, 1)}% (${fmt(r.p50us, 1)} µs of ${fmt(perRequestUs, 0)} µs)`,
    );
  }
}

await main();
