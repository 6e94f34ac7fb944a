// Inspector2's taggable resources: an ARN's kind (`owner/<owner>/<kind>/<id>`) → how its tags are read and written.
// A service part with a taggable resource registers one line in TAGGABLE (see jsonTagsColumn).
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';
import '../tables.js';

export type Tags = Record<string, string>;

/** How one kind of resource keeps its tags. Both calls are bounded to the account and Region given. */
export interface TaggableKind {
  /** How errors name the resource ("filter"). */
  readonly label: string;
  /** Its CloudFormation type, as the trail's resources name it (AWS::InspectorV2::Filter). */
  readonly resourceType: string;
  /** The resource's tags, or undefined when the account has no such resource in the Region. */
  read(
    db: Kysely<Database>,
    accountId: string,
    region: string,
    arn: string,
    forUpdate?: boolean,
  ): Promise<Tags | undefined>;
  /** Replaces the resource's tags (called inside the transaction that read them). */
  write(db: Kysely<Database>, accountId: string, region: string, arn: string, tags: Tags): Promise<void>;
}

/** Tables that keep a resource per row by `arn`, with `account_id`, `region` and `tags` (a JSON object). */
export type TaggedTable = {
  [T in keyof Database]: Database[T] extends { arn: string; account_id: string; region: string; tags: string }
    ? T
    : never;
}[keyof Database];

/** A kind whose tags are the JSON `tags` column of its table's row (filters, CIS scan configurations). */
export function jsonTagsColumn(table: TaggedTable, label: string, resourceType: string): TaggableKind {
  // Every TaggedTable has these columns; kysely cannot follow a union of table names through a query.
  const name = table as 'inspector2_filters';
  return {
    label,
    resourceType,
    async read(db, accountId, region, arn, forUpdate = false) {
      let q = accountScope(db, accountId)
        .selectFrom(name)
        .select('tags')
        .where('region', '=', region)
        .where('arn', '=', arn);
      if (forUpdate) q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return row === undefined ? undefined : (JSON.parse(row.tags) as Tags);
    },
    async write(db, accountId, region, arn, tags) {
      await accountScope(db, accountId)
        .updateTable(name)
        .set({ tags: JSON.stringify(tags) })
        .where('region', '=', region)
        .where('arn', '=', arn)
        .execute();
    },
  };
}

/**
 * The kinds Warden serves, by the ARN segment naming them: AWS documents filters (suppression rules) and CIS scan
 * configurations as Inspector's taggable resources.
 */
export const TAGGABLE: Readonly<Record<string, TaggableKind>> = {
  filter: jsonTagsColumn('inspector2_filters', 'filter', 'AWS::InspectorV2::Filter'),
  'cis-configuration': jsonTagsColumn(
    'inspector2_cis_configurations',
    'CIS scan configuration',
    'AWS::InspectorV2::CisScanConfiguration',
  ),
};

const ARN =
  /^arn:([a-z-]{1,16}):inspector2:([a-z0-9-]{1,32}):(\d{12}):owner\/(\d{12}|o-[a-z0-9]{10,32})\/([a-z-]{1,40})\/[A-Za-z0-9-]{1,64}$/;

export interface TaggableArn {
  partition: string;
  region: string;
  account: string;
  owner: string;
  /** The kind segment (`filter`, `cis-configuration`). */
  kind: string;
}

/** The parts of an Inspector2 owner-scoped ARN, or undefined for anything else. */
export function parseTaggableArn(arn: string): TaggableArn | undefined {
  const m = ARN.exec(arn);
  if (m === null) return undefined;
  return { partition: m[1]!, region: m[2]!, account: m[3]!, owner: m[4]!, kind: m[5]! };
}
