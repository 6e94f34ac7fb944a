// Inspector's vulnerability advisories (OSV records imported by `warden inspector import-advisories`) and the packages they affect.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('inspector_advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('modified', int64, (c) => c.notNull())
    .addColumn('published', int64)
    .addColumn('withdrawn', int64)
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('upstream', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('details', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_text', 'text')
    .addColumn('refs', 'text', (c) => c.notNull())
    .addColumn('cwes', 'text', (c) => c.notNull())
    .addColumn('imported_at', int64, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('inspector_advisory_packages')
    .addColumn('advisory_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    .addColumn('ecosystem_base', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('purl', 'text')
    .addColumn('ranges', 'text', (c) => c.notNull())
    .addColumn('versions', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspector_advisory_packages_pk', ['advisory_id', 'ordinal'])
    .execute();
  await db.schema
    .createIndex('inspector_advisory_packages_lookup')
    .on('inspector_advisory_packages')
    .columns(['ecosystem_base', 'name_key'])
    .execute();
}

export const inspectorAdvisoriesMigration: Migration = { id: '0105_inspector_advisories', up };
