// CloudTrail's tables beyond the core schema: trail tags, and the index trail delivery reads the event log by.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cloudtrail_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('trail_name', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text')
    .addPrimaryKeyConstraint('cloudtrail_tags_pk', ['account_id', 'trail_name', 'tag_key'])
    .execute();
  // Delivery reads one account's events after a sequence number, in sequence order.
  await db.schema
    .createIndex('audit_events_recipient_seq')
    .on('audit_events')
    .columns(['recipient_account_id', 'seq'])
    .execute();
}

export const cloudtrailMigration: Migration = { id: '0002_cloudtrail', up };
