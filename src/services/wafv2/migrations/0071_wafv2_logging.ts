// WAFv2 logging configurations: one row per web ACL and log scope, the model-shaped LoggingConfiguration in `body`.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('wafv2_logging_configs')
    .addColumn('web_acl_arn', 'text', (c) => c.notNull())
    .addColumn('log_scope', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('wafv2_logging_configs_pk', ['web_acl_arn', 'log_scope'])
    .execute();
  await db.schema
    .createIndex('wafv2_logging_configs_account')
    .on('wafv2_logging_configs')
    .columns(['account_id', 'region', 'scope'])
    .execute();
}

export const wafv2LoggingMigration: Migration = { id: '0071_wafv2_logging', up };
