// Stores imported advisories (a newer `modified` replaces the stored record whole) and reads them back for matching.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { Store } from '../../../store/store.js';
import type { AdvisoryPackage, AdvisoryRecord, OsvSeverity } from './osv-record.js';
import type { OsvRange } from './osv-range.js';
import { writeAliases } from './advisory-aliases.js';
import './tables.js';

/**
 * The advisory tables: operator-imported reference data, the same for every account, which a test-mode reset keeps
 * (as it keeps the AWS-managed policy catalogue) so that tests need not re-import between resets.
 */
export const ADVISORY_TABLES: readonly string[] = [
  'inspector_advisories',
  'inspector_advisory_packages',
  'inspector_advisory_aliases',
];

export interface UpsertCounts {
  added: number;
  updated: number;
  unchanged: number;
}

async function writeOne(trx: Kysely<Database>, r: AdvisoryRecord, now: number): Promise<keyof UpsertCounts> {
  const stored = await trx
    .selectFrom('inspector_advisories')
    .select('modified')
    .where('id', '=', r.id)
    .executeTakeFirst();
  if (stored !== undefined && Number(stored.modified) >= r.modified) return 'unchanged';
  const row = {
    modified: r.modified,
    published: r.published ?? null,
    withdrawn: r.withdrawn ?? null,
    aliases: JSON.stringify(r.aliases),
    upstream: JSON.stringify(r.upstream),
    summary: r.summary ?? null,
    details: r.details ?? null,
    severity: JSON.stringify(r.severity),
    severity_text: r.severityText ?? null,
    refs: JSON.stringify(r.references),
    cwes: JSON.stringify(r.cwes),
    imported_at: now,
  };
  if (stored === undefined)
    await trx
      .insertInto('inspector_advisories')
      .values({ id: r.id, ...row })
      .execute();
  else {
    await trx.updateTable('inspector_advisories').set(row).where('id', '=', r.id).execute();
    await trx.deleteFrom('inspector_advisory_packages').where('advisory_id', '=', r.id).execute();
  }
  await writeAliases(trx, r.id, r.aliases, r.upstream);
  for (const [ordinal, p] of r.affected.entries())
    await trx
      .insertInto('inspector_advisory_packages')
      .values({
        advisory_id: r.id,
        ordinal,
        ecosystem: p.ecosystem,
        ecosystem_base: p.ecosystemBase,
        name: p.name,
        name_key: p.nameKey,
        purl: p.purl ?? null,
        ranges: JSON.stringify(p.ranges),
        versions: JSON.stringify(p.versions),
        severity: JSON.stringify(p.severity),
      })
      .execute();
  return stored === undefined ? 'added' : 'updated';
}

/** Writes a batch in one transaction: each advisory is added, replaced when its `modified` is newer, or left alone. */
export async function upsertAdvisories(
  store: Store,
  records: readonly AdvisoryRecord[],
  now: number,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { added: 0, updated: 0, unchanged: 0 };
  await store.transaction(async (trx) => {
    for (const r of records) counts[await writeOne(trx, r, now)]++;
  });
  return counts;
}

/** A stored advisory with the affected entries a lookup found. */
export interface StoredAdvisory {
  id: string;
  modified: number;
  published?: number;
  aliases: string[];
  /** Upstream advisory ids (Debian's DEBIAN-CVE-… records name their CVE here rather than as an alias). */
  upstream: string[];
  summary?: string;
  details?: string;
  severity: OsvSeverity[];
  severityText?: string;
  references: { type: string; url: string }[];
  cwes: number[];
}

export interface StoredAffected extends Omit<AdvisoryPackage, 'ranges'> {
  advisoryId: string;
  ranges: OsvRange[];
}

/** The affected entries naming any of these (ecosystem base, name key) pairs, by pair. */
export async function affectedEntriesFor(
  db: Kysely<Database>,
  keys: readonly { ecosystemBase: string; nameKey: string }[],
): Promise<StoredAffected[]> {
  const out: StoredAffected[] = [];
  const byBase = new Map<string, Set<string>>();
  for (const k of keys) {
    let names = byBase.get(k.ecosystemBase);
    if (names === undefined) byBase.set(k.ecosystemBase, (names = new Set()));
    names.add(k.nameKey);
  }
  for (const [base, names] of byBase) {
    const all = [...names];
    // Chunks keep each statement under both dialects' bound-parameter limits.
    for (let i = 0; i < all.length; i += 500) {
      const rows = await db
        .selectFrom('inspector_advisory_packages')
        .selectAll()
        .where('ecosystem_base', '=', base)
        .where('name_key', 'in', all.slice(i, i + 500))
        .execute();
      for (const r of rows)
        out.push({
          advisoryId: r.advisory_id,
          ecosystem: r.ecosystem,
          ecosystemBase: r.ecosystem_base,
          name: r.name,
          nameKey: r.name_key,
          purl: r.purl ?? undefined,
          ranges: JSON.parse(r.ranges) as OsvRange[],
          versions: JSON.parse(r.versions) as string[],
          severity: JSON.parse(r.severity) as OsvSeverity[],
        });
    }
  }
  return out;
}

/** The advisories with these ids that are not withdrawn, by id. */
export async function advisoriesById(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, StoredAdvisory>> {
  const out = new Map<string, StoredAdvisory>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('inspector_advisories')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .where('withdrawn', 'is', null)
      .execute();
    for (const r of rows)
      out.set(r.id, {
        id: r.id,
        modified: Number(r.modified),
        published: r.published === null ? undefined : Number(r.published),
        aliases: JSON.parse(r.aliases) as string[],
        upstream: JSON.parse(r.upstream) as string[],
        summary: r.summary ?? undefined,
        details: r.details ?? undefined,
        severity: JSON.parse(r.severity) as OsvSeverity[],
        severityText: r.severity_text ?? undefined,
        references: JSON.parse(r.refs) as { type: string; url: string }[],
        cwes: JSON.parse(r.cwes) as number[],
      });
  }
  return out;
}

/** How many advisories are stored (for summaries). */
export async function advisoryCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('inspector_advisories')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * When advisories last changed (the latest import that added or replaced one), or undefined before any import: a
 * caller polls it to re-evaluate its findings after an import, whichever process ran it.
 */
export async function advisoriesChangedAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom('inspector_advisories')
    .select((eb) => eb.fn.max('imported_at').as('at'))
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}
