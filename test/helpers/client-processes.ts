// Test helper: AWS's own clients (python3 + boto3, the AWS CLI) run as child processes against an in-process Warden.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestWarden } from './warden.js';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Whether a command runs and exits 0 (checked before any server starts, so blocking here is harmless). */
export function commandRuns(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).status === 0;
}

/** Runs a command without blocking the event loop: the Warden it talks to serves from this same process. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A clean client environment in `home` with `w`'s root credentials: the caller's own AWS profiles, tokens and config
 * must not leak in. WARDEN_ENDPOINT tells the Python scenarios where to go.
 */
export function clientEnv(w: TestWarden, home: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return {
    ...inherited,
    HOME: home,
    AWS_ACCESS_KEY_ID: w.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: w.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    WARDEN_ENDPOINT: w.endpoint,
  };
}
