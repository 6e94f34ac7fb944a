// `warden guardduty …`: operator commands for GuardDuty; `import-trail` analyses exported CloudTrail log files.
import type { Command } from 'commander';
import pino from 'pino';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import {
  formatTrailImportSummary,
  importTrail,
  type ImportProgress,
} from './services/guardduty/detection/import-trail.js';

export interface ImportTrailOptions {
  detectorId: string;
  account?: string;
  region?: string;
  dataDir?: string;
  databaseUrl?: string;
}

const BAR_WIDTH = 30;
/** A terminal's bar is redrawn at most this often; plain output gets a line per tenth of the work. */
const REDRAW_MS = 100;

/** Progress for a terminal (one redrawn bar) or for a log (a line each tenth of the records analysed). */
export function progressReporter(out: NodeJS.WritableStream, tty: boolean): (p: ImportProgress) => void {
  let last = 0;
  let lastTenth = -1;
  return (p) => {
    const fraction = p.total === 0 ? 1 : p.done / p.total;
    if (tty) {
      const now = Date.now();
      if (now - last < REDRAW_MS && p.done < p.total) return;
      last = now;
      const filled = Math.round(fraction * BAR_WIDTH);
      const what = p.phase === 'reading' ? 'files' : 'records';
      out.write(
        `\r${p.phase === 'reading' ? 'reading  ' : 'analysing'} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` +
          `${Math.floor(fraction * 100)}% ${p.done}/${p.total} ${what}, ${p.findings} findings`,
      );
      if (p.phase === 'analysing' && p.done === p.total) out.write('\n');
      return;
    }
    if (p.phase !== 'analysing') return;
    const tenth = Math.floor(fraction * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    out.write(`analysed ${p.done}/${p.total} records (${tenth * 10}%), ${p.findings} findings\n`);
  };
}

/** Runs the import and returns its summary text; progress goes to `progress` when given. */
export async function runImportTrail(
  source: string,
  opts: ImportTrailOptions,
  env: NodeJS.ProcessEnv,
  progress?: (p: ImportProgress) => void,
): Promise<string> {
  if (!/^[0-9a-f]{32}$/.test(opts.detectorId)) throw new Error('--detector-id must be a detector id (32 hex digits)');
  if (opts.account !== undefined && !/^\d{12}$/.test(opts.account)) throw new Error('--account must be 12 digits');
  if (opts.region !== undefined && !/^[a-z0-9-]{1,32}$/.test(opts.region)) throw new Error('--region is not a Region');
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  // Warnings (a list that could not be read, a detection that failed) go to stderr beside the progress.
  const log = pino({ level: 'warn' }, pino.destination(2));
  try {
    const summary = await importTrail({ store, config, log }, opts.detectorId, source, {
      account: opts.account,
      region: opts.region,
      onProgress: progress,
    });
    return formatTrailImportSummary(summary);
  } finally {
    await store.close();
  }
}

export function registerGuardDutyCommands(program: Command): void {
  const guardduty = program.command('guardduty').description('Amazon GuardDuty: threat detection');
  guardduty
    .command('import-trail')
    .description(
      'Analyse AWS CloudTrail log files (*.json.gz or *.json, a file or folders of them) into a detector, in event-time order; safe while the server runs',
    )
    .argument('<source>', 'a CloudTrail log file or a folder of them (searched recursively)')
    .requiredOption('--detector-id <id>', 'the detector findings go to (its account and Region)')
    .option('--account <id>', 'only records delivered to this account (default: every account in the files)')
    .option('--region <region>', 'only records of this Region (default: every Region in the files)')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (source: string, opts: ImportTrailOptions) => {
      const progress = progressReporter(process.stderr, process.stderr.isTTY === true);
      process.stdout.write(await runImportTrail(source, opts, process.env, progress));
    });
}
