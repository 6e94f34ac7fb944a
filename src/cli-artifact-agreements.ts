// `warden artifact agreements list|accept|terminate`: Warden's agreements accepted or terminated for an account or,
// by its management account, for its organization; each change is in the account's trail (Artifact's API has no
// operation for it: AWS does it in its console).
import type { Command } from 'commander';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { partitionOf } from './aws/partitions.js';
import { AGREEMENTS } from './services/artifact/agreement-catalogue.js';
import {
  acceptAgreement,
  applicableAgreements,
  terminateAgreement,
  type CustomerAgreementRow,
} from './services/artifact/agreements.js';

export interface AgreementsOptions {
  agreement?: string;
  accountId?: string;
  organization?: boolean;
  dataDir?: string;
  databaseUrl?: string;
}

type Action = 'list' | 'accept' | 'terminate';

function describe(row: CustomerAgreementRow): string {
  const scope = row.org_id === null ? `account ${row.account_id}` : `organization ${row.org_id}`;
  const end = row.effective_end === null ? '' : ` until ${new Date(Number(row.effective_end)).toISOString()}`;
  return `${row.id}  ${row.agreement_id}  ${row.state}  ${scope}  since ${new Date(Number(row.effective_start)).toISOString()}${end}`;
}

export async function runAgreements(action: string, opts: AgreementsOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (action !== 'list' && action !== 'accept' && action !== 'terminate') {
    throw new Error(`unknown action ${action}: list, accept or terminate`);
  }
  if (opts.accountId !== undefined && !/^\d{12}$/.test(opts.accountId)) {
    throw new Error('--account-id: 12 digits');
  }
  if ((action as Action) === 'list' && opts.accountId === undefined) {
    const lines = AGREEMENTS.map((a) => `${a.id}  ${a.name}: ${a.description}`);
    return `${lines.join('\n')}\n`;
  }
  if (opts.accountId === undefined) throw new Error('--account-id is required');
  if (action !== 'list' && opts.agreement === undefined) throw new Error('--agreement is required');
  const config = loadConfig(configFromEnv(env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrations: MIGRATIONS });
  try {
    if (action === 'list') {
      const rows = await applicableAgreements(store.db, opts.accountId);
      return rows.length === 0
        ? `No agreements for account ${opts.accountId}\n`
        : `${rows.map((r) => describe(r.row)).join('\n')}\n`;
    }
    const change = {
      agreementId: opts.agreement!,
      accountId: opts.accountId,
      organization: opts.organization === true,
      region: config.defaultRegion,
      partition: partitionOf(config.defaultRegion) ?? 'aws',
      now: new Date(),
    };
    const row = action === 'accept' ? await acceptAgreement(store, change) : await terminateAgreement(store, change);
    return `${action === 'accept' ? 'Accepted' : 'Terminated'}: ${describe(row)}\n`;
  } finally {
    await store.close();
  }
}

export function registerAgreementCommands(artifact: Command): void {
  artifact
    .command('agreements')
    .description("Warden's agreements: list them, or accept or terminate one for an account or its organization")
    .argument('[action]', 'list (the catalogue, or with --account-id what applies to it), accept or terminate', 'list')
    .option('--agreement <id>', 'the agreement (see `warden artifact agreements list`)')
    .option('--account-id <id>', 'the account accepting or terminating (for --organization, its management account)')
    .option('--organization', 'for every account of the organization the account manages')
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (action: string, opts: AgreementsOptions) => {
      process.stdout.write(await runAgreements(action, opts, process.env));
    });
}
