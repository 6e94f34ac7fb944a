// `warden create-account`: a stand-alone account (in no organization) with its root email, password and access key.
import type { Command } from 'commander';
import type { Store } from './store/store.js';
import type { SecretBox } from './store/secrets.js';
import { SecretBox as Box, loadMasterKey } from './store/secrets.js';
import { configFromEnv, loadConfig } from './config.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { isUniqueViolation } from './store/errors.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey } from './aws/ids.js';
import { insertAccessKey } from './auth/access-keys.js';
import { hashPassword } from './auth/passwords.js';
import { emailInUse } from './services/organizations/create-account.js';
import { writeCredentialsFile } from './bootstrap.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StandaloneAccountRequest {
  email: string;
  /** Defaults to the email's local part. */
  name?: string;
  /** 12 digits; a random id when absent. */
  accountId?: string;
  /** The root user's console password (stored scrypt-hashed only). */
  password?: string;
}

export interface StandaloneAccount {
  accountId: string;
  email: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Creates the account, its root user's access key and (optionally) password in one transaction. */
export async function createStandaloneAccount(
  store: Store,
  secrets: SecretBox,
  request: StandaloneAccountRequest,
): Promise<StandaloneAccount> {
  if (!/^[^\s@]+@[^\s@]+$/.test(request.email)) throw new Error(`Not an email address: ${request.email}`);
  if (request.accountId !== undefined && !/^\d{12}$/.test(request.accountId)) {
    throw new Error('The account id must be 12 digits.');
  }
  const accountId = request.accountId ?? newAccountId();
  const name = request.name ?? request.email.split('@')[0]!;
  const accessKeyId = newAccessKeyId('AKIA');
  const secretAccessKey = newSecretAccessKey();
  const passwordHash = request.password === undefined ? undefined : await hashPassword(request.password);
  const now = Date.now();
  try {
    await store.transaction(async (trx) => {
      if (await emailInUse(trx, request.email))
        throw new Error(`An account with email ${request.email} already exists.`);
      await trx
        .insertInto('accounts')
        .values({ id: accountId, email: request.email, name, status: 'ACTIVE', created_at: now })
        .execute();
      await insertAccessKey(trx, secrets, {
        accessKeyId,
        secretAccessKey,
        accountId,
        userName: null,
        principalId: accountId,
        createdAt: now,
      });
      if (passwordHash !== undefined) {
        await trx
          .insertInto('account_root_passwords')
          .values({ account_id: accountId, password_hash: passwordHash, created_at: now })
          .execute();
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Error(`Account ${accountId} already exists.`, { cause: err });
    throw err;
  }
  return { accountId, email: request.email, name, accessKeyId, secretAccessKey };
}

export function registerAccountCommands(program: Command): void {
  program
    .command('create-account')
    .description(
      'Create a stand-alone account (no organization) and write its root access key (0600); shown only on a terminal',
    )
    .requiredOption('--email <email>', "the root user's email address")
    .option('--name <name>', 'account name (default: the email local part)')
    .option('--account-id <id>', '12-digit account id (default: random)')
    .option('--password <password>', "root user's console password (stored scrypt-hashed)")
    .option('--data-dir <dir>', 'data directory (default ./.warden)')
    .option('--database-url <url>', 'PostgreSQL URL; SQLite in the data directory when absent')
    .action(async (opts: Record<string, string | undefined>) => {
      const config = loadConfig(configFromEnv(process.env), { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
      const store = await openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        migrations: MIGRATIONS,
      });
      try {
        const secrets = new Box(loadMasterKey({ dataDir: config.dataDir, env: process.env }));
        const created = await createStandaloneAccount(store, secrets, {
          email: opts.email!,
          name: opts.name,
          accountId: opts.accountId,
          password: opts.password,
        });
        process.stdout.write(createdAccountMessage(created, config.dataDir, process.stdout.isTTY === true));
      } finally {
        await store.close();
      }
    });
}

/**
 * Writes the new root key to `<data-dir>/accounts/<id>-root-credentials` (0600) and says so. The secret itself is
 * printed only to a terminal: piped or redirected output ends up in logs that outlive the moment.
 */
export function createdAccountMessage(created: StandaloneAccount, dataDir: string, isTTY: boolean): string {
  const dir = join(dataDir, 'accounts');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = writeCredentialsFile(
    join(dir, `${created.accountId}-root-credentials`),
    created.accessKeyId,
    created.secretAccessKey,
  );
  const head = `Created account ${created.accountId} (${created.name}, ${created.email}) and its root access key`;
  const lines = isTTY
    ? [
        `${head}:`,
        `  aws_access_key_id     = ${created.accessKeyId}`,
        `  aws_secret_access_key = ${created.secretAccessKey}`,
        `Written to ${file} (mode 0600). They will not be shown again.`,
      ]
    : [
        `${head} ${created.accessKeyId}.`,
        `The secret access key is not printed (stdout is not a terminal); it is in ${file} (mode 0600).`,
      ];
  return lines.join('\n') + '\n';
}
