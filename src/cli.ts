// The `warden` command line: `warden serve` and the operator commands.
import { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { createLogger, createWarden } from './server.js';
import { firstStartBanner } from './bootstrap.js';
import { registerExplainCommand } from './cli-explain.js';
import { registerAccountCommands } from './cli-accounts.js';
import { registerBillingCommands } from './cli-billing.js';
import { registerProtectCommand } from './cli-protect.js';
import { registerInspectorCommands } from './cli-inspector.js';
import { registerGuardDutyCommands } from './cli-guardduty.js';
import { registerAgentCommand } from './cli-agent.js';
import { registerComplianceCommands } from './cli-compliance.js';
import { registerArtifactCommands } from './cli-artifact.js';
import { wardenVersion } from './version.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('warden')
    .description('Self-hosted, AWS-compatible cloud security control plane')
    .version(await wardenVersion(), '-v, --version', 'print the version');

  program
    .command('serve')
    .description('Serve the AWS APIs')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 4599)')
    .option('--data-plane-host <host>', 'address load balancer listeners bind (default 127.0.0.1)')
    .option(
      '--data-plane-workers <n>',
      'processes that carry load balancer traffic (default 0: the API process serves it)',
    )
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .option('--redis-url <url>', 'Redis shared by several nodes for WAF rate-based counts; in memory when absent')
    .option('--test-mode', 'enable POST /_warden/reset (and /moto-api/reset)')
    .option(
      '--audit-sync <mode>',
      'SQLite commits: normal (survive kill -9; default) or full (fsync before each reply: also survive a power loss)',
    )
    .option('--log-format <format>', 'pretty or json (default: pretty on a terminal, json otherwise)')
    .option(
      '--xks-proxy-allow <entry>',
      'allow KMS external key store proxies at host[:port], an IP address or a CIDR network besides public addresses (repeatable)',
      (entry: string, previous: string[] = []) => [...previous, entry],
    )
    .option(
      '--route53-health-check-allow <entry>',
      'allow Route 53 health checks of host[:port], an IP address or a CIDR network besides loopback (repeatable)',
      (entry: string, previous: string[] = []) => [...previous, entry],
    )
    .action(async (opts: Record<string, string | string[] | boolean | undefined>) => {
      const config = loadConfig(configFromEnv(process.env), {
        host: opts.host,
        port: opts.port,
        dataPlaneHost: opts.dataPlaneHost,
        dataPlaneWorkers: opts.dataPlaneWorkers,
        dataDir: opts.dataDir,
        databaseUrl: opts.databaseUrl,
        redisUrl: opts.redisUrl,
        testMode: opts.testMode === true ? true : undefined,
        auditSync: opts.auditSync,
        logFormat: opts.logFormat,
        xksProxyAllow: opts.xksProxyAllow,
        route53HealthCheckAllow: opts.route53HealthCheckAllow,
      });
      const log = createLogger(config);
      const warden = await createWarden(config, log);
      const address = await warden.listen();
      const created = warden.bootstrap.created;
      if (created) {
        // Said once, at the start that created the key; the secret itself only on a terminal (the file keeps it).
        const isTTY = process.stdout.isTTY === true;
        process.stdout.write(firstStartBanner(warden.bootstrap.accountId, created, { isTTY, endpoint: address }));
      }
      log.info({ address, accountId: warden.bootstrap.accountId, testMode: config.testMode }, 'warden listening');
      let closing = false;
      const shutdown = (signal: string) => {
        if (closing) return;
        closing = true;
        log.info({ signal }, 'draining and shutting down');
        warden.close().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });

  registerExplainCommand(program);
  registerAccountCommands(program);
  registerBillingCommands(program);
  registerProtectCommand(program);
  registerInspectorCommands(program);
  registerGuardDutyCommands(program);
  registerAgentCommand(program);
  registerComplianceCommands(program);
  registerArtifactCommands(program);

  await program.parseAsync(argv);
}
