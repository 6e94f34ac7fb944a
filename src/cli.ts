// The `warden` command line: `warden serve` and the operator commands.
import { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { createLogger, createWarden } from './server.js';
import { registerExplainCommand } from './cli-explain.js';
import { registerAccountCommands } from './cli-accounts.js';
import { registerBillingCommands } from './cli-billing.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('warden').description('Self-hosted, AWS-compatible cloud security control plane');

  program
    .command('serve')
    .description('Serve the AWS APIs')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 4599)')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .option('--redis-url <url>', 'Redis URL for shared counters and cache invalidation')
    .option('--test-mode', 'enable POST /_warden/reset (and /moto-api/reset)')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const config = loadConfig(configFromEnv(process.env), {
        host: opts.host,
        port: opts.port,
        dataDir: opts.dataDir,
        databaseUrl: opts.databaseUrl,
        redisUrl: opts.redisUrl,
        testMode: opts.testMode === true ? true : undefined,
      });
      const log = createLogger(config);
      const warden = await createWarden(config, log);
      const address = await warden.listen();
      const created = warden.bootstrap.created;
      if (created) {
        // Shown exactly once, at the start that created them; the file keeps them (mode 0600).
        process.stdout.write(
          [
            '',
            `Warden created account ${warden.bootstrap.accountId} and its root access key:`,
            `  aws_access_key_id     = ${created.accessKeyId}`,
            `  aws_secret_access_key = ${created.secretAccessKey}`,
            `Written to ${created.credentialsFile} (mode 0600). They will not be shown again.`,
            '',
          ].join('\n') + '\n',
        );
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

  await program.parseAsync(argv);
}
