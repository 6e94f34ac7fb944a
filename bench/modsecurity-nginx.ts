// nginx with ModSecurity v3 and the OWASP core rule set (Debian packages) as a child process, for the WAF comparisons;
// and nginx as a plain reverse proxy, the figure a proxy written in C reaches on this machine.
import { spawn, spawnSync } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/elbv2.js';
import type { ReplayLoad } from './wrk-load.js';
import { runLoad, type LoadResult } from './load.js';
import { startFloorServer } from './servers.js';
import { WAF_BENCH_REQUESTS } from './waf-listener.js';

/** Where Debian's packages put the module, ModSecurity's recommended configuration and CRS (first found wins). */
const MODULES = [
  '/usr/lib/nginx/modules/ngx_http_modsecurity_module.so',
  '/usr/share/nginx/modules/ngx_http_modsecurity_module.so',
];
const RECOMMENDED = [
  '/etc/modsecurity/modsecurity.conf-recommended',
  '/etc/nginx/modsecurity.conf',
  '/usr/share/nginx/docs/modsecurity/modsecurity.conf',
];
const CRS_SETUP = ['/etc/modsecurity/crs/crs-setup.conf', '/usr/share/modsecurity-crs/crs-setup.conf.example'];
const CRS_RULES = '/usr/share/modsecurity-crs/rules';

export interface ModSecurityNginx {
  origin: string;
  /** What runs: the files the configuration includes, and the worker count. */
  description: string;
  stop(): Promise<void>;
}

async function firstPresent(paths: readonly string[]): Promise<string | undefined> {
  for (const p of paths)
    if (
      await access(p).then(
        () => true,
        () => false,
      )
    )
      return p;
  return undefined;
}

/** Why nginx+ModSecurity+CRS cannot run here, or undefined when every piece is installed. */
export async function modSecurityNginxMissing(): Promise<string | undefined> {
  // Debian builds the module separately (libnginx-mod-http-modsecurity): `nginx -V` does not name it, its file does.
  if (spawnSync('nginx', ['-v']).error) return 'ModSecurity comparison skipped: nginx is not installed';
  if (!(await firstPresent(MODULES))) return `ModSecurity comparison skipped: no module at ${MODULES.join(' or ')}`;
  if (!(await firstPresent(RECOMMENDED)))
    return `ModSecurity comparison skipped: no recommended configuration at ${RECOMMENDED.join(' or ')}`;
  if (
    !(await firstPresent(CRS_SETUP)) ||
    !(await access(CRS_RULES).then(
      () => true,
      () => false,
    ))
  )
    return 'ModSecurity comparison skipped: the OWASP core rule set (modsecurity-crs) is not installed';
  return undefined;
}

/**
 * Starts nginx in the foreground (a child of this process) proxying to `upstreamPort` on 127.0.0.1, with ModSecurity
 * on: the recommended configuration with SecRuleEngine On, then CRS's setup and rules at its default paranoia level
 * 1. Everything nginx writes (pid, logs, temp files, ModSecurity's audit log) goes to a fresh temp directory.
 * With `modSecurity: false` the same nginx and proxy configuration without the module: a plain reverse proxy.
 */
export async function startModSecurityNginx(
  upstreamPort: number,
  { modSecurity = true }: { modSecurity?: boolean } = {},
): Promise<ModSecurityNginx> {
  const missing = await modSecurityNginxMissing();
  if (missing) throw new Error(missing);
  const module = (await firstPresent(MODULES))!;
  const recommended = (await firstPresent(RECOMMENDED))!;
  const crsSetup = (await firstPresent(CRS_SETUP))!;
  const dir = await mkdtemp(join(tmpdir(), 'warden-bench-nginx-'));
  // Run as root, nginx's workers drop to nobody: they must be able to write their temp files and the audit log.
  const writable = join(dir, 'work');
  await mkdir(writable);
  await chmod(dir, 0o755);
  await chmod(writable, 0o777);
  const port = await freePort();

  // The recommended file's relative `SecUnicodeMapFile unicode.mapping` resolves beside that file.
  const rules = [
    `Include ${recommended}`,
    'SecRuleEngine On',
    `SecAuditLog ${join(writable, 'modsec_audit.log')}`,
    `SecTmpDir ${writable}`,
    `SecDataDir ${writable}`,
    `Include ${crsSetup}`,
    `Include ${CRS_RULES}/*.conf`,
  ];
  await writeFile(join(dir, 'modsecurity-main.conf'), rules.join('\n') + '\n');
  const workers = process.getuid?.() === 0 ? 'user nobody nogroup;\n' : '';
  const moduleLine = modSecurity ? `load_module ${module};\n` : '';
  const moduleOn = modSecurity
    ? `modsecurity on;\n    modsecurity_rules_file ${join(dir, 'modsecurity-main.conf')};\n`
    : '';
  const conf = `${moduleLine}${workers}daemon off;
worker_processes auto;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(writable, 'body')};
  proxy_temp_path ${join(writable, 'proxy')};
  fastcgi_temp_path ${join(writable, 'fastcgi')};
  uwsgi_temp_path ${join(writable, 'uwsgi')};
  scgi_temp_path ${join(writable, 'scgi')};
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    ${moduleOn}    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  const proc = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    // SIGQUIT: nginx's graceful shutdown (workers finish their requests, then the master exits).
    proc.kill('SIGQUIT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  // Loading CRS takes a moment; ready when a request comes back from the upstream through nginx.
  const deadline = Date.now() + 30000;
  for (;;) {
    const res = await fetch(origin + '/', { headers: { 'user-agent': 'warden-bench/1.0' } }).catch(() => undefined);
    if (res?.status === 200) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`nginx with ModSecurity did not pass traffic (${res?.status}): ${stderr}${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const description = modSecurity
    ? `nginx (worker_processes auto) + ModSecurity: ${recommended} with SecRuleEngine On, ${crsSetup}, ${CRS_RULES}/*.conf (paranoia level 1)`
    : 'nginx (worker_processes auto) proxying, no module';
  return { origin, description, stop };
}

export interface ModSecurityRun {
  target: 'direct' | 'nginx' | 'nginx+ModSecurity';
  traffic: 'GET' | 'POST';
  result: LoadResult;
}

/**
 * GET and small-POST traffic (the WAF listener bench's requests) through nginx+ModSecurity+CRS and through plain
 * nginx, beside the same node:http floor upstream hit directly; or why it was skipped.
 */
export async function runModSecurityNginxBench(opts: {
  connections: number;
  durationMs: number;
  /** The load generator, the same as Warden's legs use; Node's own by default. */
  load?: ReplayLoad;
}): Promise<{ runs: ModSecurityRun[]; description: string } | { skipped: string }> {
  const load = opts.load ?? runLoad;
  const missing = await modSecurityNginxMissing();
  if (missing) return { skipped: missing };
  const upstream = await startFloorServer();
  try {
    const upstreamPort = Number(new URL(upstream.origin).port);
    const nginx = await startModSecurityNginx(upstreamPort);
    const plain = await startModSecurityNginx(upstreamPort, { modSecurity: false }).catch(async (err: unknown) => {
      await nginx.stop();
      throw err;
    });
    try {
      const runs: ModSecurityRun[] = [];
      for (const [target, origin] of [
        ['direct', upstream.origin],
        ['nginx', plain.origin],
        ['nginx+ModSecurity', nginx.origin],
      ] as const)
        for (const traffic of ['GET', 'POST'] as const) {
          const request = WAF_BENCH_REQUESTS[traffic];
          await load(origin, request, { connections: opts.connections, durationMs: 1000 });
          runs.push({ target, traffic, result: await load(origin, request, opts) });
        }
      return { runs, description: nginx.description };
    } finally {
      await Promise.all([nginx.stop(), plain.stop()]);
    }
  } finally {
    await upstream.stop();
  }
}
