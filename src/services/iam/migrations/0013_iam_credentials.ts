// IAM credentials beyond 0010: password history (reuse prevention), MFA clock drift, case-insensitive MFA serials.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  // Keyed by the user's unique id, not its name: a user deleted and recreated under the same name starts afresh.
  await db.schema
    .createTable('iam_password_history')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_password_history_pk', ['account_id', 'user_id', 'password_hash'])
    .execute();
  // How many TOTP steps the device's clock runs ahead (negative: behind), learnt by ResyncMFADevice.
  await db.schema
    .alterTable('iam_mfa_devices')
    .addColumn('drift_steps', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Device names, like every IAM name, are unique regardless of case; the index makes racing creates lose cleanly.
  await db.schema
    .createIndex('iam_mfa_devices_serial_lc')
    .on('iam_mfa_devices')
    .unique()
    .expression(sql`lower(serial_number)`)
    .execute();
}

export const iamCredentialsMigration: Migration = { id: '0013_iam_credentials', up };
