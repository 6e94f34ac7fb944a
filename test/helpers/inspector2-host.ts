// The Inspector2 e2e fixture host: a root with dpkg status, an npm lockfile and /proc sockets for `warden agent
// --root`, the `warden` CLI runner, and registering that host as a managed instance of the caller's account.
import { execFile } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateActivationCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { TestWarden } from './warden.js';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
export const OSV = fileURLToPath(new URL('../fixtures/osv/', import.meta.url));

export const TRUST_SSM = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The fixture host's packages: Debian (binary, source, version) and npm (name, version). */
export interface DebPackage {
  name: string;
  source?: string;
  version: string;
}
export const DEB_BEFORE: DebPackage[] = [
  { name: 'openssl', version: '3.0.11-1~deb12u1' },
  { name: 'libssl3', source: 'openssl', version: '3.0.11-1~deb12u1' },
  { name: 'libc6', source: 'glibc', version: '2.36-9+deb12u4' },
];
export const NPM: [string, string][] = [
  ['left-pad-fixture', '1.3.0'],
  ['lodash', '4.17.21'],
];

function dpkgStatus(pkgs: readonly DebPackage[]): string {
  return pkgs
    .map(
      (p) =>
        `Package: ${p.name}\nStatus: install ok installed\nArchitecture: amd64\n${p.source ? `Source: ${p.source}\n` : ''}Version: ${p.version}\nDescription: fixture\n`,
    )
    .join('\n');
}

// 0.0.0.0:22 (sshd) and 127.0.0.1:5432 listening.
const PROC_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 1002 1 0000000000000000 100 0 0 10 0
`;

export async function writeRoot(root: string, deb: readonly DebPackage[]): Promise<void> {
  const files: Record<string, string> = {
    'var/lib/dpkg/status': dpkgStatus(deb),
    'etc/os-release': 'ID=debian\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
    'srv/app/package-lock.json': JSON.stringify({
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: Object.fromEntries([
        ['', { name: 'app', version: '1.0.0' }],
        ...NPM.map(([n, v]) => [`node_modules/${n}`, { version: v }]),
      ]),
    }),
    'proc/net/tcp': PROC_TCP,
    'proc/net/tcp6': '  sl  local_address remote_address st\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  // Process 123 (sshd) holds the socket of inode 1001, as /proc/<pid>/fd links show it.
  await mkdir(join(root, 'proc/123/fd'), { recursive: true });
  await writeFile(join(root, 'proc/123/comm'), 'sshd\n');
  await rm(join(root, 'proc/123/fd/3'), { force: true });
  await symlink('socket:[1001]', join(root, 'proc/123/fd/3'));
}

export function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: 120_000, env: { ...process.env, AWS_REGION: 'us-east-1' } },
      (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr }),
    );
  });
}

/**
 * Activates the host at `root` through a new hybrid activation for `HybridRole` (which must exist): one
 * `warden agent --once` run that registers it and sends its inventory. Answers the instance id.
 */
export async function activateHost(w: TestWarden, root: string, stateDir: string): Promise<string> {
  const ssm = new SSMClient(w.clientConfig);
  const act = await ssm.send(new CreateActivationCommand({ IamRole: 'HybridRole' }));
  ssm.destroy();
  const agent = await run([
    'agent',
    '--activation-id',
    act.ActivationId!,
    '--activation-code',
    act.ActivationCode!,
    '--endpoint',
    w.endpoint,
    '--region',
    'us-east-1',
    '--root',
    root,
    '--state-dir',
    stateDir,
    '--once',
  ]);
  if (agent.code !== 0) throw new Error(`warden agent failed: ${agent.stderr}`);
  const id = /(mi-[0-9a-f]{17})/.exec(agent.stdout)?.[1];
  if (id === undefined) throw new Error(`warden agent named no instance: ${agent.stdout}`);
  return id;
}

/**
 * Registers the host at `root` as a managed instance of the client's account: the hybrid role, then
 * activateHost. Answers the instance id.
 */
export async function registerHost(w: TestWarden, root: string, stateDir: string): Promise<string> {
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateRoleCommand({ RoleName: 'HybridRole', AssumeRolePolicyDocument: TRUST_SSM }));
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: 'HybridRole',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    }),
  );
  iam.destroy();
  return activateHost(w, root, stateDir);
}
