// STS's table: SAML assertions already redeemed, kept until they expire, so none is redeemed twice (on any node).
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('sts_saml_assertions')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('assertion_key', 'text', (c) => c.notNull())
    .addColumn('expires_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('sts_saml_assertions_pk', ['account_id', 'assertion_key'])
    .execute();
  await db.schema
    .createIndex('sts_saml_assertions_expiry')
    .on('sts_saml_assertions')
    .columns(['account_id', 'expires_at'])
    .execute();
}

export const stsSamlReplayMigration: Migration = { id: '0050_sts_saml_replay', up };
