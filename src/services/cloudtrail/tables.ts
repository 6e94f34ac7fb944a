// Row types of CloudTrail's own tables (created by ./migrations/0002_cloudtrail.ts); the trails table is a core one.

export interface CloudTrailTagsTable {
  account_id: string;
  trail_name: string;
  tag_key: string;
  /** Tag values are optional in CloudTrail's API. */
  tag_value: string | null;
}

export interface CloudTrailTables {
  cloudtrail_tags: CloudTrailTagsTable;
}

/** Adds CloudTrail's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges CloudTrailTables' members into Database
  interface Database extends CloudTrailTables {}
}
