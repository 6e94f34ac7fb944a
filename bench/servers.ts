// Child-process servers for the HTTP benchmarks: Warden itself, a bare node:http floor, and moto if installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  name: string;
  origin: string;
  stop(): Promise<void>;
  /** Sends the server's process a signal (Warden servers only). */
  signal?(signal: NodeJS.Signals): void;
}

export const BENCH_CREDENTIALS = {
  accessKeyId: 'AKIABENCHMARKROOT001',
  secretAccessKey: 'benchmark-root-secret-0123456789abcdefghij',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitFor(origin: string, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(origin + path);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`server at ${origin} did not come up`);
}

function stopper(proc: ChildProcess, cleanup?: () => void) {
  return async () => {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    proc.kill('SIGKILL');
    cleanup?.();
  };
}

export interface WardenServerOptions {
  /** Extra `warden serve` flags (`--audit-sync full`, `--database-url …`). */
  args?: string[];
  /** How the bench labels this server. */
  name?: string;
  /** A data directory to serve (kept at stop); a fresh one, deleted at stop, when absent. */
  dataDir?: string;
  /** Node flags for the server's process (before its script). */
  nodeArgs?: string[];
}

export async function startWardenServer(opts: WardenServerOptions = {}): Promise<BenchServer> {
  const { args = [], name = 'warden' } = opts;
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'warden-bench-'));
  const bin = fileURLToPath(new URL('../bin/warden.js', import.meta.url));
  const nodeArgs = opts.nodeArgs ?? [];
  const proc = spawn(
    process.execPath,
    [...nodeArgs, bin, 'serve', '--port', String(port), '--data-dir', dataDir, ...args],
    {
      env: {
        ...process.env,
        WARDEN_LOG_LEVEL: 'warn',
        WARDEN_ROOT_ACCESS_KEY_ID: BENCH_CREDENTIALS.accessKeyId,
        WARDEN_ROOT_SECRET_ACCESS_KEY: BENCH_CREDENTIALS.secretAccessKey,
        // The load comes from one client by design: its request bucket stays on (its cost is measured) but never empties.
        WARDEN_CLIENT_REQUESTS_PER_SECOND: '1000000',
        WARDEN_CLIENT_REQUEST_BURST: '1000000',
        WARDEN_CONCURRENT_REQUESTS_PER_CLIENT: '1000',
      },
      stdio: 'ignore',
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(origin, '/_warden/health', 30000);
  const cleanup = opts.dataDir ? undefined : () => rmSync(dataDir, { recursive: true, force: true });
  return { name, origin, stop: stopper(proc, cleanup), signal: (signal) => proc.kill(signal) };
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What both floors answer: a fixed GetCallerIdentity document. */
const FIXED_DOCUMENT =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

/** The HTTP floor on this machine: node:http answering a fixed GetCallerIdentity document, no work at all. */
export async function startFloorServer(): Promise<BenchServer> {
  const port = await freePort();
  const script = `
    const body = ${JSON.stringify(FIXED_DOCUMENT)};
    require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, {'content-type': 'text/xml'}); res.end(body); }); }).listen(${port}, '127.0.0.1');
  `;
  const proc = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(origin, '/', 10000);
  return { name: 'node:http floor', origin, stop: stopper(proc) };
}

/**
 * The framework's floor: fastify as Warden configures its AWS listener (every content type read as a raw buffer, for
 * SigV4) answering the same fixed document. Beside the node:http floor it shows what the framework alone costs.
 */
export async function startFastifyFloorServer(): Promise<BenchServer> {
  const port = await freePort();
  const script = `
    const body = ${JSON.stringify(FIXED_DOCUMENT)};
    const app = require('fastify')({ logger: false });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, raw, done) => done(null, raw));
    app.all('/', async (_req, reply) => { reply.header('content-type', 'text/xml'); return body; });
    app.listen({ port: ${port}, host: '127.0.0.1' });
  `;
  // Run from the checkout so `require('fastify')` resolves to Warden's own copy.
  const proc = spawn(process.execPath, ['-e', script], { stdio: 'ignore', cwd: REPO_ROOT });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(origin, '/', 10000);
  return { name: 'fastify floor', origin, stop: stopper(proc) };
}

export function motoAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
}

export async function startMotoServer(): Promise<BenchServer> {
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'moto.server', '-p', String(port), '-H', '127.0.0.1'], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(origin, '/moto-api/', 60000);
  return { name: 'moto', origin, stop: stopper(proc) };
}
