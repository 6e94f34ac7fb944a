// GuardDuty's per-identity behaviour baselines: the identities a detector has profiled and the values each was seen with.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('guardduty_baseline_identities')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('first_seen', int64, (c) => c.notNull())
    .addColumn('last_seen', int64, (c) => c.notNull())
    .addColumn('events', int64, (c) => c.notNull())
    .addColumn('iam_writes', int64, (c) => c.notNull())
    // How many values of each kind the identity holds, so the bound is checked only when one is exceeded.
    .addColumn('api_values', int64, (c) => c.notNull().defaultTo(0))
    .addColumn('network_values', int64, (c) => c.notNull().defaultTo(0))
    .addColumn('agent_values', int64, (c) => c.notNull().defaultTo(0))
    .addColumn('denied_values', int64, (c) => c.notNull().defaultTo(0))
    .addColumn('kms_key_values', int64, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('guardduty_baseline_identities_pk', ['account_id', 'detector_id', 'identity'])
    .execute();
  // The least recently seen identity is the one evicted when a detector holds too many.
  await db.schema
    .createIndex('guardduty_baseline_identities_last_seen')
    .on('guardduty_baseline_identities')
    .columns(['account_id', 'detector_id', 'last_seen'])
    .execute();
  await db.schema
    .createTable('guardduty_baseline_features')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('first_seen', int64, (c) => c.notNull())
    .addColumn('last_seen', int64, (c) => c.notNull())
    .addColumn('count', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_baseline_features_pk', [
      'account_id',
      'detector_id',
      'identity',
      'kind',
      'value',
    ])
    .execute();
  // Eviction (least recently seen value of a kind) and burst windows (values seen since a time) read this order.
  await db.schema
    .createIndex('guardduty_baseline_features_last_seen')
    .on('guardduty_baseline_features')
    .columns(['account_id', 'detector_id', 'identity', 'kind', 'last_seen'])
    .execute();
}

export const guarddutyBaselinesMigration: Migration = { id: '0093_guardduty_baselines', up };
