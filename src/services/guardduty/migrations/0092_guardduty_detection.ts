// What GuardDuty's stateless trail detections remember per detector: the last account password policy seen set.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('guardduty_password_policies')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('event_time', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_password_policies_pk', ['account_id', 'detector_id'])
    .execute();
}

export const guarddutyDetectionMigration: Migration = { id: '0092_guardduty_detection', up };
