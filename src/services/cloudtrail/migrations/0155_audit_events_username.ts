// LookupEvents by user name reads one account's events of one user, newest first: an index in that order.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

/**
 * Without it, a lookup of one user's last hour scanned every event of the account in that hour (recipient, time),
 * so its cost grew with the whole account's traffic rather than with the user's.
 */
async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_events_recipient_username_time')
    .on('audit_events')
    .columns(['recipient_account_id', 'username', 'event_time'])
    .execute();
}

export const auditEventsUsernameMigration: Migration = { id: '0155_audit_events_username', up };
