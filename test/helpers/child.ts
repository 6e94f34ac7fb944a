// Runs `warden serve` as a child process (for crash and signal tests) and reads its address from the log.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

export interface ChildWarden {
  proc: ChildProcess;
  endpoint: string;
  /** Everything the child printed on stdout so far. */
  output: string[];
  exited: Promise<number | null>;
}

export async function spawnWarden(args: string[], env: Record<string, string>): Promise<ChildWarden> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, WARDEN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`warden did not start: ${stderr}`)), 20000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.includes('"warden listening"')) {
        clearTimeout(timer);
        resolve(JSON.parse(line).address);
      }
    });
    proc.on('exit', (code) => reject(new Error(`warden exited (${code}) before listening: ${stderr}`)));
  });
  return { proc, endpoint, output, exited };
}
