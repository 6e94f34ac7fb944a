// Multi-Region keys and last-usage tracking: a key id may live in several regions (its replicas), so keys and their
// tags are keyed by (key id, region); each key's last cryptographic use (tracked since this migration was applied).
import { sql, type Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

interface Column {
  name: string;
  type: string;
  notnull: number;
}

/**
 * SQLite cannot change a primary key in place: the table is rebuilt with every column it has now (whatever earlier
 * migrations added) under the new key.
 */
async function rebuildSqlite(db: Kysely<any>, table: string, primaryKey: string[]): Promise<void> {
  const columns = (await sql<Column>`select name, type, "notnull" from pragma_table_info(${table})`.execute(db)).rows;
  // A primary key column is not null (SQLite would otherwise accept null in a text key).
  const required = (c: Column) => c.notnull || primaryKey.includes(c.name);
  const definitions = columns.map((c) => `"${c.name}" ${c.type}${required(c) ? ' not null' : ''}`);
  const fresh = `${table}_0031`;
  await sql
    .raw(
      `create table "${fresh}" (${definitions.join(', ')}, primary key (${primaryKey.map((c) => `"${c}"`).join(', ')}))`,
    )
    .execute(db);
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  await sql.raw(`insert into "${fresh}" (${names}) select ${names} from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${fresh}" rename to "${table}"`).execute(db);
}

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  // The region of a multi-Region key's primary (every related key agrees); null for single-Region keys.
  await db.schema.alterTable('kms_keys').addColumn('primary_region', 'text').execute();
  await db
    .updateTable('kms_keys')
    .set({ primary_region: sql`region` })
    .where('multi_region', '=', 1)
    .execute();
  if (dialect === 'postgres') {
    await sql`alter table kms_keys drop constraint kms_keys_pkey`.execute(db);
    await sql`alter table kms_keys add constraint kms_keys_pk primary key (key_id, region)`.execute(db);
  } else {
    await rebuildSqlite(db, 'kms_keys', ['key_id', 'region']);
    await db.schema
      .createIndex('kms_keys_account_region')
      .on('kms_keys')
      .columns(['account_id', 'region', 'key_id'])
      .execute();
  }

  // A replica has tags of its own: a tag belongs to the key in one region.
  if (dialect === 'postgres') {
    await db.schema.alterTable('kms_tags').addColumn('region', 'text').execute();
    await sql`update kms_tags set region = (select k.region from kms_keys k where k.key_id = kms_tags.key_id limit 1)`.execute(
      db,
    );
    await sql`delete from kms_tags where region is null`.execute(db);
    await sql`alter table kms_tags alter column region set not null`.execute(db);
    await sql`alter table kms_tags drop constraint kms_tags_pk`.execute(db);
    await sql`alter table kms_tags add constraint kms_tags_pk primary key (key_id, region, tag_key)`.execute(db);
  } else {
    await sql`create table kms_tags_0031 (key_id text not null, region text not null, tag_key text not null, tag_value text not null, primary key (key_id, region, tag_key))`.execute(
      db,
    );
    await sql`insert into kms_tags_0031 (key_id, region, tag_key, tag_value) select t.key_id, k.region, t.tag_key, t.tag_value from kms_tags t join kms_keys k on k.key_id = t.key_id`.execute(
      db,
    );
    await sql`drop table kms_tags`.execute(db);
    await sql`alter table kms_tags_0031 rename to kms_tags`.execute(db);
  }

  await db.schema
    .createTable('kms_key_last_usage')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('used_at', int64, (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kms_key_last_usage_pk', ['key_id', 'region'])
    .execute();
}

/** Its id: when it was applied is when Warden began tracking key usage (GetKeyLastUsage's TrackingStartDate). */
export const KMS_MULTI_REGION_MIGRATION_ID = '0031_kms_multi_region';

export const kmsMultiRegionMigration: Migration = { id: KMS_MULTI_REGION_MIGRATION_ID, up };
