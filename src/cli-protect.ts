// `warden protect`: puts an HTTP app behind a Warden load balancer with a WAF web ACL of AWS managed rule groups,
// made by signed API calls to the running server as its root user, so each step is authorized and audited.
import type { Command } from 'commander';
import { join } from 'node:path';
import { configFromEnv, loadConfig } from './config.js';
import { readCredentialsFile } from './aws/client/credentials-file.js';
import { DEFAULT_MANAGED_RULES, MANAGED_RULE_SHORT_NAMES, PlanError, planProtection } from './protect/plan.js';
import { protect, ProtectError, type Protection } from './protect/apply.js';

export interface ProtectOptions {
  upstream: string;
  port: string;
  managedRules?: string;
  name?: string;
  /** The running Warden's API endpoint; default from --host/--port settings (WARDEN_HOST, WARDEN_PORT). */
  endpoint?: string;
  region?: string;
  dataDir?: string;
  /** Default `<data-dir>/root-credentials`, written by the first `warden serve`. */
  credentialsFile?: string;
}

/** The API endpoint of a server started with these settings: a wildcard bind is reached on loopback. */
function defaultEndpoint(host: string, port: number): string {
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

/** Runs the command; throws PlanError (bad options) or ProtectError (what AWS answered, and what was undone). */
export async function runProtect(opts: ProtectOptions, env: NodeJS.ProcessEnv): Promise<Protection> {
  const plan = planProtection(opts);
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir });
  const file = opts.credentialsFile ?? join(config.dataDir, 'root-credentials');
  let credentials;
  try {
    credentials = await readCredentialsFile(file);
  } catch (err) {
    throw new PlanError(
      `No credentials read from ${file} (${(err as Error).message}): start \`warden serve\` with this --data-dir once, or pass --credentials-file`,
    );
  }
  const endpoint = opts.endpoint ?? defaultEndpoint(config.host, config.port);
  return protect({ endpoint, region: opts.region ?? config.defaultRegion, credentials }, plan);
}

export function formatProtection(p: Protection): string {
  return (
    [
      p.created
        ? `Protected ${p.target} as '${p.name}':`
        : `'${p.name}' already protects ${p.target}; nothing was made:`,
      `  load balancer  ${p.loadBalancerArn}`,
      `  target group   ${p.targetGroupArn} (target ${p.target})`,
      `  listener       ${p.listenerArn}`,
      `  web ACL        ${p.webAclArn}`,
      `                 default action Allow; ${p.managedRuleGroups.join(', ')}`,
      `Send traffic to ${p.url}`,
    ].join('\n') + '\n'
  );
}

export function formatProtectError(err: ProtectError): string {
  const lines = [`warden protect: ${err.message}`];
  if (err.undone.length > 0) lines.push('Undone:', ...err.undone.map((u) => `  deleted ${u}`));
  if (err.leftBehind.length > 0) lines.push('Could not undo (delete by hand):', ...err.leftBehind.map((u) => `  ${u}`));
  return lines.join('\n') + '\n';
}

/** Exit status 0 when the setup exists (made or found), 1 when AWS refused a step, 2 on bad options. */
export function registerProtectCommand(program: Command): void {
  program
    .command('protect')
    .description('Put an HTTP app behind a load balancer listener with a WAF web ACL of AWS managed rule groups')
    .requiredOption('--upstream <url>', 'the app, http://<IPv4 or localhost>:<port>')
    .requiredOption('--port <port>', 'the listener port clients use (on the data-plane host)')
    .option(
      '--managed-rules <list>',
      `comma-separated: ${Object.keys(MANAGED_RULE_SHORT_NAMES).join(', ')} (default ${DEFAULT_MANAGED_RULES})`,
    )
    .option('--name <name>', 'names the load balancer, target group and web ACL (default warden-protect-<port>)')
    .option('--endpoint <url>', "the running Warden's API (default http://127.0.0.1:4599, or WARDEN_HOST/WARDEN_PORT)")
    .option('--region <region>', 'Region to make the resources in (default us-east-1)')
    .option('--data-dir <dir>', 'data directory holding root-credentials (default ./.warden)')
    .option('--credentials-file <file>', 'shared-credentials file to sign with (default <data-dir>/root-credentials)')
    .action(async (opts: ProtectOptions) => {
      try {
        process.stdout.write(formatProtection(await runProtect(opts, process.env)));
      } catch (err) {
        if (err instanceof PlanError) {
          process.stderr.write(`warden protect: ${err.message}\n`);
          process.exitCode = 2;
        } else if (err instanceof ProtectError) {
          process.stderr.write(formatProtectError(err));
          process.exitCode = 1;
        } else throw err;
      }
    });
}
