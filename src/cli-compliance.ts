// `warden compliance check`: the audit checklist for one account, as text or JSON; exit status 1 when a control fails.
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { firstAccountId } from './bootstrap.js';
import { formatChecklist, runChecklist } from './services/artifact/compliance/checklist.js';
import { registerComplianceTrailSummary } from './cli-trail-summary.js';

export interface ComplianceCheckOptions {
  accountId?: string;
  json?: boolean;
  dataDir?: string;
  databaseUrl?: string;
}

/** Runs the checklist against the store the options name; `failed` is the number of failing controls. */
export async function runComplianceCheck(
  opts: ComplianceCheckOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ output: string; failed: number }> {
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    const accountId = opts.accountId ?? (await firstAccountId(store));
    if (accountId === undefined) throw new Error('no account: start `warden serve` once, or pass --account-id');
    const known = await store.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
    if (known === undefined) throw new Error(`no account ${accountId} in this store`);
    const list = await runChecklist(store.db, accountId);
    return { output: opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatChecklist(list), failed: list.failed };
  } finally {
    await store.close();
  }
}

export function registerComplianceCommands(program: Command): void {
  const compliance = program
    .command('compliance')
    .description('Compliance: the audit checklist and the audit-trail summary');
  compliance
    .command('check')
    .description('Judge an account against the CIS AWS Foundations controls Warden serves; exit status 1 on a FAIL')
    .option('--account-id <id>', 'account to check (default: the first account)')
    .option('--json', 'print the checklist as JSON')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (opts: ComplianceCheckOptions) => {
      const { output, failed } = await runComplianceCheck(opts, process.env);
      process.stdout.write(output);
      // So CI can gate on it; exitCode rather than exit() lets stdout drain.
      if (failed > 0) process.exitCode = 1;
    });
  registerComplianceTrailSummary(compliance);
}
