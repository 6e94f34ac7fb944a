// The alias index of advisories (inspector_advisory_aliases): each name an advisory goes by, written with it.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import './tables.js';

/** An advisory's names as indexed: its aliases and upstream ids, each once (the record caps both lists). */
export function aliasesOf(aliases: readonly string[], upstream: readonly string[]): string[] {
  return [...new Set([...aliases, ...upstream])];
}

/** Replaces the advisory's indexed names (inside the transaction writing the advisory). */
export async function writeAliases(
  trx: Kysely<Database>,
  advisoryId: string,
  aliases: readonly string[],
  upstream: readonly string[],
): Promise<void> {
  await trx.deleteFrom('inspector_advisory_aliases').where('advisory_id', '=', advisoryId).execute();
  const names = aliasesOf(aliases, upstream);
  // At most 200 names (100 aliases, 100 upstream ids): two bound parameters each, within both dialects' limits.
  if (names.length > 0)
    await trx
      .insertInto('inspector_advisory_aliases')
      .values(names.map((alias) => ({ alias, advisory_id: advisoryId })))
      .execute();
}

/**
 * The ids of the advisories that name `alias`, in id order, at most `limit`: one range of the primary key
 * (alias, advisory_id), which both planners read as such whatever their statistics (a join ordered by the advisories'
 * id let PostgreSQL walk the advisories instead, before it had analysed the new table).
 */
export async function advisoryIdsNaming(db: Kysely<Database>, alias: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('inspector_advisory_aliases')
    .select('advisory_id')
    .where('alias', '=', alias)
    .orderBy('advisory_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.advisory_id);
}
