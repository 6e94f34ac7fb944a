// Managed instances' tags as other services read them (Inspector2's resource tag filters, CIS targets, IAM's
// aws:ResourceTag): one query for a set of instances, bounded to one account and Region.
import type { Kysely } from 'kysely';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import './tables.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** Instances asked about in one query at most; larger sets are read in chunks of this size. */
const CHUNK = 500;

/** A stored tags column ([{Key, Value}] as JSON) as a list; anything else stored reads as no tags. */
export function parseTagList(text: string): Tag[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(
    (t): t is Tag => t !== null && typeof t === 'object' && typeof t.Key === 'string' && typeof t.Value === 'string',
  );
}

/**
 * A tag list as a map, built with Object.fromEntries so that every key (even `__proto__` or `constructor`, which the
 * tag pattern allows) is an own property. Readers test keys with Object.hasOwn, never `tags[key] !== undefined`.
 */
export function tagRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

/**
 * The tags of the given managed instances of one account in one Region, by instance id. Instances that do not exist
 * there are absent from the answer; ids that are not managed instance ids (`i-…`) are skipped.
 */
export async function managedInstanceTags(
  db: Kysely<Database>,
  accountId: string,
  region: string,
  instanceIds: Iterable<string>,
): Promise<Map<string, Record<string, string>>> {
  const ids = [...new Set(instanceIds)].filter((id) => id.startsWith('mi-'));
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await accountScope(db, accountId)
      .selectFrom('ssm_managed_instances')
      .select(['instance_id', 'tags'])
      .where('region', '=', region)
      .where('instance_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.instance_id, tagRecord(parseTagList(r.tags)));
  }
  return out;
}
