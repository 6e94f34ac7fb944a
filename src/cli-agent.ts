// `warden agent`: joins this host to Systems Manager through a hybrid activation and reports its inventory.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Agent } from './agent/agent.js';
import { AgentCallError } from './agent/client.js';
import { statusLine } from './agent/progress.js';
import { wardenVersion } from './version.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface AgentFlags {
  activationId?: string;
  activationCode?: string;
  endpoint: string;
  region: string;
  root: string;
  scanDir?: string[];
  stateDir: string;
  once?: boolean;
  interval: string;
}

/** Adds `warden agent`. Exit status 0 after `--once` sends its inventory; 1 when registration or a call fails. */
export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('Register this host as a Systems Manager managed instance and send its inventory')
    .option('--activation-id <id>', 'hybrid activation id (CreateActivation), needed to register')
    .option('--activation-code <code>', 'the activation code, needed to register')
    .requiredOption('--endpoint <url>', 'the Warden endpoint, e.g. http://127.0.0.1:4566')
    .option('--region <region>', 'the activation region', process.env.AWS_REGION ?? 'us-east-1')
    .option('--root <dir>', 'read the host below this folder (an image or fixture) instead of /', '/')
    .option('--scan-dir <dir>', 'folder below the root searched for lockfiles and site-packages (repeatable)', collect)
    .option('--state-dir <dir>', 'where the registration is kept', join(homedir(), '.warden-agent'))
    .option('--once', 'register if needed, send one inventory and exit')
    .option('--interval <seconds>', 'seconds between inventories', '300')
    .action(async (flags: AgentFlags) => {
      const tty = process.stderr.isTTY === true;
      const interval = Number(flags.interval);
      if (!Number.isInteger(interval) || interval < 10) {
        process.stderr.write('--interval must be a whole number of seconds, at least 10\n');
        process.exitCode = 2;
        return;
      }
      const agent = new Agent({
        activationId: flags.activationId,
        activationCode: flags.activationCode,
        endpoint: flags.endpoint.replace(/\/+$/, ''),
        region: flags.region,
        root: resolve(flags.root),
        scanDirs: flags.scanDir ?? [],
        stateDir: resolve(flags.stateDir),
        agentVersion: await wardenVersion(),
        progress: tty ? (line) => process.stderr.write(`warden agent: ${line}\n`) : () => {},
        // Only a terminal shows the scan's progress; piped or logged stderr gets none of it.
        scanStatus: tty ? statusLine(process.stderr, 'warden agent: ') : undefined,
      });
      const report = async () => {
        const summary = await agent.sendInventory();
        process.stdout.write(
          `${summary.instanceId}: inventory sent (${summary.dpkg + summary.npm + summary.python} packages, ${summary.sockets} listening sockets, ${summary.cisFailed} of ${summary.cisChecks} CIS checks failed)\n`,
        );
      };
      try {
        await agent.ensureRegistered();
        await report();
      } catch (err) {
        process.stderr.write(`warden agent: ${err instanceof AgentCallError ? err.message : String(err)}\n`);
        process.exitCode = 1;
        return;
      }
      if (flags.once) return;
      // On a schedule until stopped; a failed round is reported and retried at the next one.
      await new Promise<void>((done) => {
        const timer = setInterval(() => {
          report().catch((err: unknown) =>
            process.stderr.write(`warden agent: ${err instanceof AgentCallError ? err.message : String(err)}\n`),
          );
        }, interval * 1000);
        const stop = () => {
          clearInterval(timer);
          done();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
