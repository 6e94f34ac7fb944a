// Issue 15: a probe client's latency through a load-balancer listener alone, then while another client floods it
// from another loopback address — Shield Standard's per-client limits at their defaults keep the probe served.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { listenerTo, startWardenChild } from './waf-listener.js';
import { startFloorServer } from './servers.js';

export interface ShieldFloodResult {
  phase: 'alone' | 'during flood';
  probes: number;
  failures: number;
  p50ms: number;
  p99ms: number;
  floodRequests: number;
  floodRefused: number;
}

function get(port: number, from: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', localAddress: from, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** The flood: kept-alive connections from 127.0.0.2 sending GET / back to back; prints its counts at SIGTERM. */
const FLOOD_SCRIPT = `
import { Agent, request } from 'node:http';
const [port, connections] = process.argv.slice(1).map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: connections });
let requests = 0, refused = 0, running = true;
const one = () => new Promise((resolve) => {
  const req = request({ host: '127.0.0.1', port, path: '/', localAddress: '127.0.0.2', agent }, (res) => {
    res.resume(); res.on('end', () => resolve(res.statusCode)); res.on('error', () => resolve(0));
  });
  req.on('error', () => resolve(0)); req.end();
});
for (let i = 0; i < connections; i++) (async () => { while (running) { const s = await one(); requests++; if (s !== 200) refused++; } })();
process.once('SIGTERM', () => { running = false; process.stdout.write(JSON.stringify({ requests, refused })); process.exit(0); });
`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Sequential probes from 127.0.0.3, each on a new connection, for `durationMs`. */
async function probe(port: number, durationMs: number) {
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const t0 = performance.now();
    if ((await get(port, '127.0.0.3')) !== 200) failures++;
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { probes: latencies.length, failures, p50ms: pct(latencies, 0.5), p99ms: pct(latencies, 0.99) };
}

export async function runShieldFloodBench(opts: { durationMs: number; floodConnections: number }) {
  const upstream = await startFloorServer();
  // Shield Standard's defaults (the child's usual one-client allowance is not wanted here).
  const warden = await startWardenChild({});
  try {
    const origin = await listenerTo(warden.clientConfig, 'shield-flood', Number(new URL(upstream.origin).port), false);
    const port = Number(new URL(origin).port);
    const results: ShieldFloodResult[] = [];
    results.push({ phase: 'alone', ...(await probe(port, opts.durationMs)), floodRequests: 0, floodRefused: 0 });

    // The flood runs in its own process, so the probe's latencies are Warden's, not the flood generator's.
    const flood = spawn(
      process.execPath,
      ['--input-type=module', '-e', FLOOD_SCRIPT, String(port), String(opts.floodConnections)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const counts = new Promise<{ requests: number; refused: number }>((resolve) => {
      let out = '';
      flood.stdout.on('data', (d: Buffer) => (out += d.toString()));
      flood.once('exit', () =>
        resolve(JSON.parse(out || '{"requests":0,"refused":0}') as { requests: number; refused: number }),
      );
    });
    await new Promise((r) => setTimeout(r, 500));
    const during = await probe(port, opts.durationMs);
    flood.kill('SIGTERM');
    const { requests: floodRequests, refused: floodRefused } = await counts;
    results.push({ phase: 'during flood', ...during, floodRequests, floodRefused });
    return results;
  } finally {
    await warden.stop();
    await upstream.stop();
  }
}
