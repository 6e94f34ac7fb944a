// First start: the first account, its root user and root access key, printed once and written 0600.
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
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
  const file = join(dataDir, 'root-credentials');
  writeFileSync(file, `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`, {
    mode: 0o600,
  });
  chmodSync(file, 0o600);
  return file;
}
