// Row types of CloudTrail's own tables (created by src/store/migrations/0002_cloudtrail.ts) and a handle typed with them.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

export interface CloudTrailTagsTable {
  account_id: string;
  trail_name: string;
  tag_key: string;
  /** Tag values are optional in CloudTrail's API. */
  tag_value: string | null;
}

// A type alias, not an interface: withTables needs an index-signature-compatible record type.
export type CloudTrailTables = {
  cloudtrail_tags: CloudTrailTagsTable;
};

export type CloudTrailDatabase = Database & CloudTrailTables;

/** The same connection or transaction, typed to know CloudTrail's tables too. */
export function cloudTrailDb(db: Kysely<Database>): Kysely<CloudTrailDatabase> {
  return db.withTables<CloudTrailTables>();
}
