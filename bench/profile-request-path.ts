// Profiling aid (not part of `npm run bench`): Warden in this process, driven by a load child per scenario; prints
// Warden's CPU time per request (robust on a busy machine). PROFILE_OUT=<dir> writes one CPU profile per scenario
// (load phase only, start-up excluded) for a flame graph (Chrome DevTools, speedscope).
// PROFILE_SCENARIOS=gci,encrypt,decrypt,getuser,createdelete picks scenarios; D=<ms> sets each one's duration;
// AUDIT_SYNC=full|normal the server's --audit-sync. PROFILE_HEAP=1 (with PROFILE_OUT) writes a sampling allocation
// profile (`.heapprofile`) per scenario instead: where the bytes each request allocates come from.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { startWarden } from '../test/helpers/warden.js';
import { BENCH_CREDENTIALS } from './servers.js';
import { benchScenarios } from './requests.js';

const w = await startWarden({
  rootAccessKeyId: BENCH_CREDENTIALS.accessKeyId,
  rootSecretAccessKey: BENCH_CREDENTIALS.secretAccessKey,
  logLevel: 'warn',
  clientRequestsPerSecond: 1_000_000,
  clientRequestBurst: 1_000_000,
  concurrentRequestsPerClient: 1_000,
  auditSync: process.env.AUDIT_SYNC === 'full' ? 'full' : 'normal',
});
const wanted = (process.env.PROFILE_SCENARIOS ?? 'gci,encrypt,decrypt,getuser,createdelete').split(',');
const scenarios = (await benchScenarios(w.endpoint, 16)).filter((s) => wanted.includes(s.id));

const profileDir = process.env.PROFILE_OUT;
const session = profileDir ? new Session() : undefined;
const heap = process.env.PROFILE_HEAP === '1';
if (session && profileDir) {
  mkdirSync(profileDir, { recursive: true });
  session.connect();
  await session.post(heap ? 'HeapProfiler.enable' : 'Profiler.enable');
}

for (const { id, name, workload } of scenarios) {
  const script = `
    import { runLoad } from './bench/load.ts';
    const r = await runLoad(${JSON.stringify(w.endpoint)}, ${JSON.stringify(workload)}, { connections: 16, durationMs: Number(process.env.D ?? 5000) });
    console.log(JSON.stringify(r));
  `;
  // Every allocation is sampled at 32 KB intervals on average: the totals are estimates, their shares sound.
  if (session)
    await (heap
      ? session.post('HeapProfiler.startSampling', {
          samplingInterval: 32_768,
          // Objects already collected count too (V8 keeps only live ones otherwise).
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        } as never)
      : session.post('Profiler.start'));
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  delay.disable();
  if (session && profileDir) {
    if (heap) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(join(profileDir, `${id}.heapprofile`), JSON.stringify(profile));
    } else {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profileDir, `${id}.cpuprofile`), JSON.stringify(profile));
    }
  }
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    requests: number;
    perSecond: number;
    errors: number;
    p99ms: number;
  };
  const us = (cpu.user + cpu.system) / result.requests;
  console.log(
    `${name.padEnd(22)} ${result.requests} requests (${result.errors} errors), ${result.perSecond.toFixed(0)} req/s, p99 ${result.p99ms.toFixed(2)} ms; warden cpu ${us.toFixed(1)} µs/request (user ${(cpu.user / result.requests).toFixed(1)}, system ${(cpu.system / result.requests).toFixed(1)}); event loop busy ${((elu.active * 1000) / result.requests).toFixed(1)} µs/request; event loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
  );
}
await w.stop();
process.exit(0);
