// `warden explain`: why a principal (or a policy file) may or may not perform an action, decided as enforcement does.
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { explainDecision, ExplainError, formatExplainReport } from './authz/explain.js';
import { firstAccountId } from './bootstrap.js';
import { openStore } from './store/open.js';
import { MIGRATIONS, SERVICES, serviceDescriptors } from './services/registry.js';
import { authorizationStores } from './core/stores.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface ExplainFlags {
  principal?: string;
  policyFile?: string[];
  action: string;
  resource?: string;
  context?: string[];
  account?: string;
  region?: string;
  dataDir?: string;
  databaseUrl?: string;
  json?: boolean;
}

/**
 * Adds `warden explain`. Exit status 0 when the request would be allowed, 1 when denied, 2 on a usage or store
 * error, so scripts can assert on it.
 */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('Explain the authorization decision for a principal (or policy files), action and resource')
    .option('--principal <arn>', 'ARN of an IAM user or role in the store')
    .option('--policy-file <file>', 'a policy document to evaluate as an identity policy (repeatable)', collect)
    .requiredOption('--action <action>', 'the action, e.g. iam:CreateUser')
    .option('--resource <arn>', 'the resource ARN (default *)')
    .option('--context <key=value>', 'a condition key and value (repeat a key for a multivalued key)', collect)
    .option('--account <id>', 'account of a --policy-file-only decision (default: the first account)')
    .option('--region <region>', 'Region of the request when the resource ARN names none (default us-east-1)')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .option('--json', 'print the decision as JSON')
    .action(async (flags: ExplainFlags) => {
      const config = loadConfig(configFromEnv(process.env), { dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
      let store;
      try {
        store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
        const report = await explainDecision(
          // The services' authorization hooks decide as for a real call (a KMS key's policy and grants).
          { store, services: serviceDescriptors(), ...authorizationStores(SERVICES) },
          {
            principal: flags.principal,
            policyFiles: flags.policyFile,
            action: flags.action,
            resource: flags.resource,
            context: flags.context,
            accountId: flags.account ?? (await firstAccountId(store)),
            region: flags.region,
          },
        );
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatExplainReport(report));
        process.exitCode = report.decision === 'Allowed' ? 0 : 1;
      } catch (err) {
        if (!(err instanceof ExplainError)) throw err;
        process.stderr.write(`warden explain: ${err.message}\n`);
        process.exitCode = 2;
      } finally {
        await store?.close();
      }
    });
}
