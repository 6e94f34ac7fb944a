// The auth epoch (SQLite): a counter that moves in the transaction of every change to what authenticating a key reads.
import { sql, type Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

/**
 * The counter's table. A test-mode reset keeps it (src/reset.ts): rows cached under it must see the wipe as a
 * change.
 */
export const AUTH_EPOCH_TABLE = 'auth_epoch';

/**
 * Authentication looks up an access key with its account's status, its user's name and path, and the policy and
 * organizations epochs (src/auth/caller-lookup.ts). On SQLite it keeps those rows between requests and, per request,
 * reads only this one-row counter: a trigger on each table that lookup reads moves it in the same transaction as the
 * change, so an unchanged counter means an unchanged row, whichever process or connection wrote. Updates that touch
 * only bookkeeping (a key's last use, a user's last console sign-in) leave it alone: they would otherwise move it
 * for every key once a minute.
 *
 * PostgreSQL keeps running the lookup every time: there its cost is a round trip either way, and one counter row
 * updated by every IAM write on every node would serialise them.
 *
 * A later migration that rebuilds one of these tables (create, copy, drop, rename) drops its triggers with it and
 * must create them again; src/auth/caller-lookup.test.ts checks they are all present after every migration. The
 * migration is IAM's because iam_users is.
 */
const BUMP = 'update auth_epoch set value = value + 1 where id = 1;';

/**
 * Each table the caller lookup reads, and the columns of it whose change moves the epoch (all, when absent). Part of
 * this migration, applied once: a change to what is watched is a new migration that replaces the triggers.
 */
export const AUTH_EPOCH_WATCHES: readonly { table: string; columns?: readonly string[]; when?: string }[] = [
  {
    table: 'access_keys',
    columns: ['access_key_id', 'account_id', 'user_name', 'principal_id', 'secret_wrapped', 'status', 'created_at'],
  },
  { table: 'accounts', columns: ['id', 'status'] },
  { table: 'iam_users', columns: ['account_id', 'user_name', 'user_id', 'path'] },
  // Only the epochs the lookup returns: warden_meta holds other keys too.
  { table: 'warden_meta', when: `substr(KEY, 1, 13) = 'policy-epoch:' or KEY = 'org_epoch'` },
];

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create table auth_epoch (id integer primary key check (id = 1), value integer not null)`.execute(db);
  await sql`insert into auth_epoch (id, value) values (1, 0)`.execute(db);
  for (const { table, columns, when } of AUTH_EPOCH_WATCHES) {
    const on = (row: 'new' | 'old') => (when ? ` when ${when.replaceAll('KEY', `${row}.key`)}` : '');
    const of = columns ? ` of ${columns.join(', ')}` : '';
    await sql
      .raw(`create trigger auth_epoch_${table}_insert after insert on ${table}${on('new')} begin ${BUMP} end`)
      .execute(db);
    await sql
      .raw(`create trigger auth_epoch_${table}_delete after delete on ${table}${on('old')} begin ${BUMP} end`)
      .execute(db);
    // An update that moves a row into or out of what is watched counts either way.
    const updateWhen = when
      ? ` when (${when.replaceAll('KEY', 'new.key')}) or (${when.replaceAll('KEY', 'old.key')})`
      : '';
    await sql
      .raw(`create trigger auth_epoch_${table}_update after update${of} on ${table}${updateWhen} begin ${BUMP} end`)
      .execute(db);
  }
}

export const iamAuthEpochMigration: Migration = { id: '0170_iam_auth_epoch', up };
