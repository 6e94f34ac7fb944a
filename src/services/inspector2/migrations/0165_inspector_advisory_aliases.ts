// An index of the names each advisory goes by (its aliases and upstream ids, CVEs among them), so finding the
// advisories naming one CVE reads an index instead of scanning every advisory; backfilled for those already stored.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

/** Advisories read per backfill batch: bounds the memory a large OSV import's backfill holds at once. */
const BACKFILL_BATCH = 500;

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  void dialect;
  await db.schema
    .createTable('inspector_advisory_aliases')
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('inspector_advisories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('inspector_advisory_aliases_pk', ['alias', 'advisory_id'])
    .execute();
  // Replacing an advisory's names deletes by advisory_id.
  await db.schema
    .createIndex('inspector_advisory_aliases_advisory')
    .on('inspector_advisory_aliases')
    .column('advisory_id')
    .execute();
  // Keyset pages over the primary key: each batch is one bounded read, whatever the table's size.
  let after = '';
  for (;;) {
    const rows = (await db
      .selectFrom('inspector_advisories')
      .select(['id', 'aliases', 'upstream'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .execute()) as { id: string; aliases: string; upstream: string }[];
    if (rows.length === 0) break;
    // Self-contained (a migration never changes once released): the names as the importer indexes them, each once.
    const values = rows.flatMap((r) =>
      [...new Set([...parseList(r.aliases), ...parseList(r.upstream)])].map((alias) => ({ alias, advisory_id: r.id })),
    );
    // Chunks keep each insert under both dialects' bound-parameter limits.
    for (let i = 0; i < values.length; i += 400)
      await db
        .insertInto('inspector_advisory_aliases')
        .values(values.slice(i, i + 400))
        .execute();
    after = rows[rows.length - 1]!.id;
  }
}

/** A stored JSON string list; anything else (never written by the importer) names nothing. */
function parseList(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const inspectorAdvisoryAliasesMigration: Migration = { id: '0165_inspector_advisory_aliases', up };
