// Profiling aid (not part of `npm run bench`): Warden in this process with a forwarding listener, driven by a load child.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startWarden } from '../test/helpers/warden.js';
import { startFloorServer } from './servers.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const upstream = await startFloorServer();
const w = await startWarden();
const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'p', Type: 'application' }))).LoadBalancers![0]!;
const tg = (
  await elb.send(
    new CreateTargetGroupCommand({
      Name: 'p',
      Protocol: 'HTTP',
      Port: Number(new URL(upstream.origin).port),
      TargetType: 'ip',
    }),
  )
).TargetGroups![0]!;
await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '127.0.0.1' }] }));
const port = await freePort();
await elb.send(
  new CreateListenerCommand({
    LoadBalancerArn: lb.LoadBalancerArn,
    Protocol: 'HTTP',
    Port: port,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
  }),
);
await new Promise((r) => setTimeout(r, 1000));
const origin = `http://127.0.0.1:${port}`;
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
