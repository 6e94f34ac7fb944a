// The listener bench's load from wrk (Debian's package, C) when installed: it costs a fraction of the Node generator's CPU.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';

const execFileAsync = promisify(execFile);

/**
 * Whether wrk is on this machine. On two cores the load generator shares the CPU with the proxy it measures: Node's
 * closed-loop generator (load.ts) takes ~40-50 µs of CPU a request, wrk a few, so with wrk the figures say more of
 * the proxy and less of the generator.
 */
export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** `1.23ms`, `850.00us`, `2.01s` in milliseconds. */
function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

/** wrk's summary as a LoadResult; an answer other than `expectStatus`'s class, or a socket error, counts as an error. */
export function parseWrk(output: string, expectStatus: number): LoadResult {
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
  const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  // wrk tells 2xx/3xx from the rest only: a bench expecting a 403 counts the 2xx/3xx answers as its errors.
  const wrong = expectStatus < 400 ? non2xx : requests - non2xx;
  return {
    requests,
    errors: wrong + socketErrors,
    perSecond,
    p50ms: ms(/^\s+50%\s+(\S+)/m.exec(output)?.[1] ?? ''),
    p99ms: ms(/^\s+99%\s+(\S+)/m.exec(output)?.[1] ?? ''),
  };
}

/** One wrk run (one thread, `connections` kept-alive connections) replaying `request`. */
async function runWrk(
  origin: string,
  request: LoadRequest,
  opts: { connections: number; durationMs: number; expectStatus?: number },
): Promise<LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-wrk-'));
  try {
    const script = join(dir, 'request.lua');
    const body = request.body === undefined ? '' : `wrk.body = ${JSON.stringify(request.body)}\n`;
    await writeFile(script, `wrk.method = ${JSON.stringify(request.method)}\n${body}`);
    const headers = Object.entries(request.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const seconds = `${Math.max(1, Math.round(opts.durationMs / 1000))}s`;
    const args = ['-t', '1', '-c', String(opts.connections), '-d', seconds, '--latency', '-s', script, ...headers];
    const { stdout } = await execFileAsync('wrk', [...args, origin + request.path]);
    return parseWrk(stdout, opts.expectStatus ?? 200);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A load of one request replayed on every connection, as the listener bench sends. */
export type ReplayLoad = (
  origin: string,
  request: LoadRequest,
  opts: { connections: number; durationMs: number; expectStatus?: number },
) => Promise<LoadResult>;

/** The listener bench's load function: wrk when installed, else Node's generator; and which one it is. */
export function listenerLoad(): { name: string; run: ReplayLoad } {
  return wrkInstalled()
    ? { name: 'wrk (1 thread)', run: runWrk }
    : { name: 'the Node generator (bench/load.ts; install wrk for a lighter one)', run: runLoad };
}
