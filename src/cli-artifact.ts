// `warden artifact publish`: an operator's own document (a SOC 2 report, a penetration test letter) as a version of
// an Artifact report every account can read; the same name again adds a version, the same bytes add nothing.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { publishDocument } from './services/artifact/reports.js';
import { registerAgreementCommands } from './cli-artifact-agreements.js';
import { registerArtifactTrailSummary } from './cli-trail-summary.js';

export interface PublishOptions {
  name: string;
  description?: string;
  dataDir?: string;
  databaseUrl?: string;
}

/** Largest document accepted: reports are read whole into a database row. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** Artifact's report names: letters, digits, spaces, '_' and '-', at most 256. */
const NAME = /^[a-zA-Z0-9_\-\s]{1,256}$/;

export async function runPublish(file: string, opts: PublishOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (!NAME.test(opts.name)) {
    throw new Error('--name: 1 to 256 letters, digits, spaces, "_" or "-" (as Artifact names reports)');
  }
  const description = opts.description ?? opts.name;
  if (description.length > 1024) throw new Error('--description: at most 1024 characters');
  const pdf = await readFile(file);
  if (pdf.length > MAX_DOCUMENT_BYTES) throw new Error(`${file}: larger than ${MAX_DOCUMENT_BYTES} bytes`);
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`${file}: not a PDF (no %PDF- header)`);
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    const { reportId, version } = await publishDocument(store.db, {
      name: opts.name,
      description,
      pdf,
      now: Date.now(),
    });
    return `Published ${reportId} version ${version}: ${opts.name}\n`;
  } finally {
    await store.close();
  }
}

export function registerArtifactCommands(program: Command): void {
  const artifact = program.command('artifact').description('AWS Artifact: documents every account can download');
  artifact
    .command('publish')
    .description('Publish a PDF as a report version; safe while the server runs')
    .argument('<file>', 'the PDF to publish')
    .requiredOption('--name <name>', 'report name; the same name again publishes a new version')
    .option('--description <text>', 'what the report is (default: its name)')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (file: string, opts: PublishOptions) => {
      process.stdout.write(await runPublish(file, opts, process.env));
    });
  registerAgreementCommands(artifact);
  registerArtifactTrailSummary(artifact);
}
