// Profiling aid (not part of `npm run bench`): Warden in this process with a forwarding listener, driven by a load child.
import { spawn } from 'node:child_process';
import { startWarden } from '../test/helpers/warden.js';
import { startFloorServer } from './servers.js';
import { listenerTo } from './waf-listener.js';

const upstream = await startFloorServer();
const w = await startWarden();
const origin = await listenerTo(w.clientConfig, 'p', Number(new URL(upstream.origin).port), false);
const script = `
  import { runLoad } from './bench/load.ts';
  const r = await runLoad(${JSON.stringify(origin)}, { method: 'GET', path: '/api/v1/orders/1?page=2', headers: { accept: 'application/json' } }, { connections: 16, durationMs: Number(process.env.D ?? 5000) });
  console.log(JSON.stringify(r));
`;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
await new Promise((r) => child.once('exit', r));
const cpu = process.cpuUsage(cpu0);
console.log(
  `warden cpu user ${(cpu.user / 1000).toFixed(0)} ms system ${(cpu.system / 1000).toFixed(0)} ms over ${(performance.now() - t0).toFixed(0)} ms`,
);
await w.stop();
await upstream.stop();
process.exit(0);
