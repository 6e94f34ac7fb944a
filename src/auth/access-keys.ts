// Access-key rows: the secret is wrapped under the master key, bound to its key id so rows cannot be swapped.
import type { Kysely } from 'kysely';
import type { Database, AccessKeysTable } from '../store/schema.js';
import type { SecretBox } from '../store/secrets.js';

export function secretContext(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}

export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userName: string | null;
  principalId: string;
  status?: 'Active' | 'Inactive';
  createdAt: number;
}

export function accessKeyRow(secrets: SecretBox, key: NewAccessKey): AccessKeysTable {
  return {
    access_key_id: key.accessKeyId,
    account_id: key.accountId,
    user_name: key.userName,
    principal_id: key.principalId,
    secret_wrapped: secrets.wrap(key.secretAccessKey, secretContext(key.accessKeyId)),
    status: key.status ?? 'Active',
    created_at: key.createdAt,
    last_used_at: null,
    last_used_service: null,
    last_used_region: null,
  };
}

export async function insertAccessKey(db: Kysely<Database>, secrets: SecretBox, key: NewAccessKey): Promise<void> {
  await db.insertInto('access_keys').values(accessKeyRow(secrets, key)).execute();
}

export async function findAccessKey(db: Kysely<Database>, accessKeyId: string): Promise<AccessKeysTable | undefined> {
  return db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
}

export function unwrapSecret(secrets: SecretBox, row: AccessKeysTable): string {
  return secrets.unwrap(row.secret_wrapped, secretContext(row.access_key_id)).toString('utf8');
}
