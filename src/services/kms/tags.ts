// Key tags: AWS's TagException rules, and reading and writing a key's tags.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Tag } from '../../aws/generated/kms.js';
import { kmsError } from './errors.js';

const MAX_TAGS = 50;
const tagError = (message: string) => kmsError('TagException', message);

/** Validates tags for a request: no aws: prefix, no duplicate keys, at most 50 on the key afterwards. */
export function checkTags(tags: Tag[], existingKeys: string[] = []): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw tagError('Tags beginning with aws: are reserved');
    if (seen.has(t.TagKey)) throw tagError('Duplicate tag keys');
    seen.add(t.TagKey);
  }
  const total = new Set([...existingKeys, ...seen]).size;
  if (total > MAX_TAGS) throw tagError('Too many tags');
}

/** A key in its region: a multi-Region key's replicas each have tags of their own. */
export interface TaggedKey {
  key_id: string;
  region: string;
}

export async function readTags(db: Kysely<Database>, key: TaggedKey): Promise<Tag[]> {
  const rows = await db
    .selectFrom('kms_tags')
    .select(['tag_key', 'tag_value'])
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .orderBy('tag_key')
    .execute();
  return rows.map((r) => ({ TagKey: r.tag_key, TagValue: r.tag_value }));
}

export async function writeTags(db: Kysely<Database>, key: TaggedKey, tags: Tag[]): Promise<void> {
  for (const t of tags) {
    await db
      .insertInto('kms_tags')
      .values({ key_id: key.key_id, region: key.region, tag_key: t.TagKey, tag_value: t.TagValue })
      .onConflict((oc) => oc.columns(['key_id', 'region', 'tag_key']).doUpdateSet({ tag_value: t.TagValue }))
      .execute();
  }
}
