// GuardDuty's trusted IP lists (IPSets) and threat lists (ThreatIntelSets), per detector.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('guardduty_ip_lists')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expected_bucket_owner', 'text')
    .addColumn('generation', int64, (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_ip_lists_pk', ['account_id', 'detector_id', 'id'])
    .execute();
}

export const guarddutyListsMigration: Migration = { id: '0091_guardduty_lists', up };
