// First start: the first account, its root user and root access key, written 0600 and shown once on a terminal.
import { mkdirSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import type { Store } from './store/store.js';
import type { SecretBox } from './store/secrets.js';
import { isUniqueViolation } from './store/errors.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey } from './aws/ids.js';
import { insertAccessKey } from './auth/access-keys.js';

const FIRST_ACCOUNT_KEY = 'first_account_id';

export interface BootstrapResult {
  accountId: string;
  /** Present only when this start created the root key (so it is shown exactly once). */
  created?: { accessKeyId: string; secretAccessKey: string; credentialsFile: string };
}

/** The id of the deployment's first account (the one reset returns to), if bootstrapped. */
export async function firstAccountId(store: Store): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('warden_meta')
    .select('value')
    .where('key', '=', FIRST_ACCOUNT_KEY)
    .executeTakeFirst();
  return row?.value;
}

/**
 * Creates the first account on an empty store. Several nodes may start at once on PostgreSQL: the
 * unique warden_meta key elects exactly one creator; the others see its account.
 */
export async function bootstrap(store: Store, secrets: SecretBox, config: Config): Promise<BootstrapResult> {
  const existing = await firstAccountId(store);
  if (existing) return { accountId: existing };

  const accountId = config.accountId ?? newAccountId();
  const accessKeyId = config.rootAccessKeyId ?? newAccessKeyId('AKIA');
  const secretAccessKey = config.rootSecretAccessKey ?? newSecretAccessKey();
  const now = Date.now();
  try {
    await store.transaction(async (trx) => {
      await trx.insertInto('warden_meta').values({ key: FIRST_ACCOUNT_KEY, value: accountId }).execute();
      await trx
        .insertInto('accounts')
        .values({ id: accountId, email: config.rootEmail, name: 'warden', status: 'ACTIVE', created_at: now })
        .execute();
      await insertAccessKey(trx, secrets, {
        accessKeyId,
        secretAccessKey,
        accountId,
        userName: null,
        principalId: accountId,
        createdAt: now,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const winner = await firstAccountId(store);
      if (winner) return { accountId: winner };
    }
    throw err;
  }
  const credentialsFile = writeRootCredentials(config.dataDir, accessKeyId, secretAccessKey);
  return { accountId, created: { accessKeyId, secretAccessKey, credentialsFile } };
}

/** AWS shared-credentials format, readable by the CLI and SDKs via AWS_SHARED_CREDENTIALS_FILE. */
function writeRootCredentials(dataDir: string, accessKeyId: string, secretAccessKey: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return writeCredentialsFile(join(dataDir, 'root-credentials'), accessKeyId, secretAccessKey);
}

/**
 * Writes a key to `file` in the shared-credentials format, mode 0600. A leftover file keeps its old mode when
 * overwritten: a new one is created 0600 before the secret goes in.
 */
export function writeCredentialsFile(file: string, accessKeyId: string, secretAccessKey: string): string {
  rmSync(file, { force: true });
  writeFileSync(file, `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  chmodSync(file, 0o600);
  return file;
}

/**
 * What the start that created the root key tells the operator. The secret is shown only on a terminal: when
 * stdout is a pipe or a file (a service manager, `> warden.log`) it would outlive the moment in a log any reader
 * of that log can open, so the banner then says where the 0600 file is and how to use it instead.
 */
export function firstStartBanner(
  accountId: string,
  created: NonNullable<BootstrapResult['created']>,
  opts: { isTTY: boolean; endpoint: string },
): string {
  const file = created.credentialsFile;
  const lines = opts.isTTY
    ? [
        `Warden created account ${accountId} and its root access key:`,
        `  aws_access_key_id     = ${created.accessKeyId}`,
        `  aws_secret_access_key = ${created.secretAccessKey}`,
        `Written to ${file} (mode 0600). They will not be shown again.`,
      ]
    : [
        `Warden created account ${accountId} and its root access key ${created.accessKeyId}.`,
        `The secret access key is not printed (stdout is not a terminal); it is in ${file} (mode 0600).`,
        `Use it with: AWS_SHARED_CREDENTIALS_FILE=${file} aws sts get-caller-identity --endpoint-url ${opts.endpoint}`,
      ];
  return ['', ...lines, ''].join('\n') + '\n';
}
