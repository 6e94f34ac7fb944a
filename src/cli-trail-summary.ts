// `warden compliance trail-summary` (the account's audit-trail summary printed as text or JSON) and
// `warden artifact trail-summary` (the same summary for a period added as a version of Artifact's report).
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import { MIGRATIONS } from './services/registry.js';
import { firstAccountId } from './bootstrap.js';
import { checkPeriod, defaultPeriod, trailSummary } from './services/artifact/trail-summary/summary.js';
import { formatTrailSummary } from './services/artifact/trail-summary/format.js';
import { ensureTrailSummaryVersion, TRAIL_SUMMARY_REPORT_ID } from './services/artifact/trail-summary/report.js';

export interface TrailSummaryOptions {
  accountId?: string;
  since?: string;
  until?: string;
  json?: boolean;
  dataDir?: string;
  databaseUrl?: string;
}

function time(flag: string, value: string): number {
  // ISO 8601 with a zone (a bare date is its UTC midnight), so no time is read in this machine's zone or locale.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    throw new Error(`${flag}: an ISO 8601 date or time, such as 2026-11-01 or 2026-11-01T12:00:00Z`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${flag}: not a valid time: ${value}`);
  return ms;
}

/** The period the options name: --since/--until, defaulting to the 30 days before now. */
export function periodOf(opts: TrailSummaryOptions, now: number): { since: number; until: number } {
  const until = opts.until !== undefined ? time('--until', opts.until) : now;
  const since = opts.since !== undefined ? time('--since', opts.since) : defaultPeriod(until).since;
  try {
    checkPeriod(since, until);
  } catch (e) {
    throw new Error(`--since/--until: ${(e as Error).message}`, { cause: e });
  }
  return { since, until };
}

async function withAccount<T>(
  opts: TrailSummaryOptions,
  env: NodeJS.ProcessEnv,
  run: (store: Store, accountId: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    const accountId = opts.accountId ?? (await firstAccountId(store));
    if (accountId === undefined) throw new Error('no account: start `warden serve` once, or pass --account-id');
    const known = await store.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
    if (known === undefined) throw new Error(`no account ${accountId} in this store`);
    return await run(store, accountId);
  } finally {
    await store.close();
  }
}

/** The summary as `warden compliance trail-summary` prints it. */
export async function runTrailSummary(opts: TrailSummaryOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const period = periodOf(opts, Date.now());
  return withAccount(opts, env, async (store, accountId) => {
    const summary = await trailSummary(store, accountId, period);
    return opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatTrailSummary(summary);
  });
}

/** Adds (or finds) the Artifact report version covering the period; returns what it says. */
export async function runTrailSummaryVersion(opts: TrailSummaryOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const now = Date.now();
  const period = periodOf(opts, now);
  return withAccount(opts, env, async (store, accountId) => {
    const { version, added } = await ensureTrailSummaryVersion(store, accountId, period, now);
    const span = `${new Date(period.since).toISOString()} to ${new Date(period.until).toISOString()}`;
    return added
      ? `Added ${TRAIL_SUMMARY_REPORT_ID} version ${version} for account ${accountId}: ${span}\n`
      : `${TRAIL_SUMMARY_REPORT_ID} version ${version} already covers ${span} for account ${accountId}\n`;
  });
}

function periodOptions(cmd: Command): Command {
  return cmd
    .option('--account-id <id>', 'the account (default: the first account)')
    .option('--since <time>', 'start of the period, ISO 8601 (default: 30 days before --until)')
    .option('--until <time>', 'end of the period, excluded, ISO 8601 (default: now); at most 366 days')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent');
}

export function registerComplianceTrailSummary(compliance: Command): void {
  periodOptions(
    compliance
      .command('trail-summary')
      .description("Summarize an account's audit trail for a period (counts, denied calls, notable events)"),
  )
    .option('--json', 'print the summary as JSON')
    .action(async (opts: TrailSummaryOptions) => {
      process.stdout.write(await runTrailSummary(opts, process.env));
    });
}

export function registerArtifactTrailSummary(artifact: Command): void {
  periodOptions(
    artifact
      .command('trail-summary')
      .description("Add a version of the account's Artifact audit-trail summary report for a period"),
  ).action(async (opts: TrailSummaryOptions) => {
    process.stdout.write(await runTrailSummaryVersion(opts, process.env));
  });
}
