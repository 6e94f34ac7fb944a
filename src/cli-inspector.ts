// `warden inspector …`: operator commands for Inspector; `import-advisories` loads OSV advisories into the store,
// `summary` reports hosts, findings, vulnerable packages, exposures and the advisory database.
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { importAdvisories, type ImportSummary } from './services/inspector2/advisories/import.js';
import { advisoryCount } from './services/inspector2/advisories/advisory-store.js';
import { formatSummary, inspectorSummary } from './services/inspector2/summary/summary.js';

export interface ImportAdvisoriesOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** The summary printed at the end of an import. */
export function formatImportSummary(s: ImportSummary, stored: number): string {
  const lines = [
    `Read ${s.files} file${s.files === 1 ? '' : 's'}: ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected.`,
    `${stored} advisor${stored === 1 ? 'y' : 'ies'} stored.`,
  ];
  if (s.errors.length > 0) {
    lines.push('Rejected:');
    for (const e of s.errors) lines.push(`  ${e}`);
    if (s.rejected > s.errors.length) lines.push(`  … and ${s.rejected - s.errors.length} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the import and returns its summary text; progress goes to `progress` (a terminal) when given. */
export async function runImportAdvisories(
  source: string,
  opts: ImportAdvisoriesOptions,
  env: NodeJS.ProcessEnv,
  progress?: NodeJS.WriteStream,
): Promise<string> {
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    const summary = await importAdvisories(store, source, {
      onProgress: progress ? (done, total) => progress.write(`\rimporting advisories: ${done}/${total}`) : undefined,
    });
    if (progress && summary.files > 0) progress.write('\n');
    return formatImportSummary(summary, await advisoryCount(store.db));
  } finally {
    await store.close();
  }
}

export interface SummaryOptions extends ImportAdvisoriesOptions {
  accountId?: string;
  json?: boolean;
}

/** The summary text (or JSON) of one account's Inspector, or of every account's. */
export async function runSummary(opts: SummaryOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (opts.accountId !== undefined && !/^[0-9]{12}$/.test(opts.accountId))
    throw new Error(`--account-id must be a 12-digit account id, not '${opts.accountId.slice(0, 64)}'`);
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    const summary = await inspectorSummary(store.db, opts.accountId);
    return opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary);
  } finally {
    await store.close();
  }
}

export function registerInspectorCommands(program: Command): void {
  const inspector = program.command('inspector').description('Amazon Inspector: vulnerability advisories and findings');
  inspector
    .command('import-advisories')
    .description(
      "Import OSV advisories (a folder of OSV .json files, or a .zip of them such as OSV's all.zip); safe while the server runs",
    )
    .argument('<source>', 'folder or .zip holding one OSV advisory per .json file')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (source: string, opts: ImportAdvisoriesOptions) => {
      const progress = process.stderr.isTTY ? process.stderr : undefined;
      process.stdout.write(await runImportAdvisories(source, opts, process.env, progress));
    });
  inspector
    .command('summary')
    .description(
      'Summarize Inspector: hosts covered, findings by severity and type, top vulnerable packages with their fixes, network exposures, advisory database',
    )
    .option('--account-id <id>', 'one account only (default: every account)')
    .option('--json', 'print the summary as JSON')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (opts: SummaryOptions) => {
      process.stdout.write(await runSummary(opts, process.env));
    });
}
