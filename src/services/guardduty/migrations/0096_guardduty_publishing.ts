// GuardDuty's publishing destinations: where a detector's findings are exported, with the publisher's progress.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('guardduty_publishing_destinations')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('destination_arn', 'text', (c) => c.notNull())
    .addColumn('kms_key_arn', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failure_started_at', int64)
    .addColumn('new_cursor', int64, (c) => c.notNull())
    .addColumn('update_cursor', int64, (c) => c.notNull())
    .addColumn('updates_published_at', int64, (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_publishing_destinations_pk', ['account_id', 'detector_id', 'id'])
    .execute();
}

export const guarddutyPublishingMigration: Migration = { id: '0096_guardduty_publishing', up };
