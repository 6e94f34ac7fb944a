// GuardDuty's tables: detectors (one per account and Region), their tags, findings and filters.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('guardduty_detectors')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('publishing_frequency', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_detectors_pk', ['account_id', 'id'])
    .addUniqueConstraint('guardduty_detectors_region', ['account_id', 'region'])
    .execute();
  await s
    .createTable('guardduty_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_tags_pk', ['account_id', 'resource_arn', 'tag_key'])
    .execute();
  await s
    .createTable('guardduty_findings')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('aggregation_key', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_findings_pk', ['account_id', 'detector_id', 'id'])
    .execute();
  await s
    .createIndex('guardduty_findings_aggregation')
    .on('guardduty_findings')
    .columns(['account_id', 'detector_id', 'aggregation_key'])
    .execute();
  await s
    .createTable('guardduty_filters')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('detector_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('rank', int64, (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('guardduty_filters_pk', ['account_id', 'detector_id', 'name'])
    .execute();
}

export const guarddutyMigration: Migration = { id: '0090_guardduty', up };
