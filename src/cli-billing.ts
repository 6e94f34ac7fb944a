// `warden billing-report`: the metered usage and its cost per account and service over a period, for operators.
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { BILLED_SERVICES, MIGRATIONS } from './services/registry.js';
import { parseDay } from './billing/dates.js';
import { loadPriceList } from './billing/price-list.js';
import { billingStatement, formatStatement } from './billing/statement.js';

export interface BillingReportOptions {
  start?: string;
  end?: string;
  account?: string;
  dataDir?: string;
  databaseUrl?: string;
}

/** Runs the report and returns its text; throws an Error with a readable message on bad options. */
export async function runBillingReport(opts: BillingReportOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const start = opts.start === undefined ? undefined : parseDay(opts.start);
  const end = opts.end === undefined ? undefined : parseDay(opts.end);
  if (start === undefined) throw new Error(`--start must be a date in YYYY-MM-DD format (got ${opts.start})`);
  if (end === undefined) throw new Error(`--end must be a date in YYYY-MM-DD format (got ${opts.end})`);
  if (start >= end) throw new Error('--start must be before --end (the end date is exclusive)');
  if (opts.account !== undefined && !/^\d{12}$/.test(opts.account)) throw new Error('--account must be 12 digits');
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const prices = await loadPriceList({ dataDir: config.dataDir, env });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    const statement = await billingStatement(store, {
      services: BILLED_SERVICES,
      start,
      end,
      accountId: opts.account,
      prices,
      now: Date.now(),
    });
    return formatStatement(statement);
  } finally {
    await store.close();
  }
}

export function registerBillingCommands(program: Command): void {
  program
    .command('billing-report')
    .description('Print metered usage and its cost per account and service (end date exclusive)')
    .requiredOption('--start <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--end <date>', 'day after the last, YYYY-MM-DD')
    .option('--account <id>', "this account's consolidated bill (its organization's, for a management account)")
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (opts: BillingReportOptions) => {
      process.stdout.write(await runBillingReport(opts, process.env));
    });
}
