// Shared IAM rules: ARNs, name keys, Marker/MaxItems pagination, tags and unique-name transactions.
import type { Kysely } from 'kysely';
import type { Tag } from '../../aws/generated/iam.js';
import type { Database } from '../../store/schema.js';
import { pageOfList, type PagingContext } from '../../store/pagination.js';
import type { RequestContext } from '../../core/runtime.js';
import { isUniqueViolation } from '../../store/errors.js';
import { invalidInput, invalidMarker, limitExceeded } from './errors.js';
import { mutateIam } from './mutate.js';
import { accountScope } from '../../store/account-scope.js';

/** arn:<partition>:iam::<account>:<kind><path><name>, as IAM builds entity ARNs. */
export function iamArn(ctx: RequestContext, kind: string, path: string, name: string): string {
  return `arn:${ctx.partition}:iam::${ctx.identity.accountId}:${kind}${path}${name}`;
}

/** IAM names are unique per account regardless of case; rows are keyed by this. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** IAM's answer to a Marker it did not issue for this request (as AWS words it: a ValidationError). */
const MARKER_ERRORS = { invalid: invalidMarker };

/**
 * IAM's Marker/MaxItems pagination over an already ordered list: MaxItems 1–1000 (default 100), the Marker a
 * sealed token bound to the operation, account and the request's other members (`input`, usually the whole).
 */
export function paginate<T>(ctx: PagingContext, all: T[], input: { Marker?: string; MaxItems?: number }): Page<T> {
  const { items, next } = pageOfList(ctx, all, {
    token: input.Marker,
    limit: input.MaxItems ?? 100,
    filters: input,
    errors: MARKER_ERRORS,
  });
  return next !== undefined ? { items, IsTruncated: true, Marker: next } : { items, IsTruncated: false };
}

/** A Marker/MaxItems page of a listing, under the member name the operation returns it in. */
export function pageOf<K extends string, T>(
  ctx: RequestContext,
  key: K,
  all: T[],
  input: { Marker?: string; MaxItems?: number },
): { [P in K]: T[] } & { IsTruncated: boolean; Marker?: string } {
  const page = paginate(ctx, all, input);
  return {
    [key]: page.items,
    IsTruncated: page.IsTruncated,
    ...(page.Marker ? { Marker: page.Marker } : {}),
  } as { [P in K]: T[] } & { IsTruncated: boolean; Marker?: string };
}

/** Path prefix filter: IAM matches PathPrefix literally against the path. */
export function matchesPathPrefix(path: string, prefix: string | undefined): boolean {
  return prefix === undefined || path.startsWith(prefix);
}

export const MAX_TAGS = 50;

/** Checks a TagResource/Create* tag list: unique keys and at most 50 tags in all after merging. */
export function assertTags(tags: Tag[] | undefined, existing: number = 0): void {
  if (!tags) return;
  const keys = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (keys.has(key)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    keys.add(key);
  }
  if (existing + tags.length > MAX_TAGS) {
    throw limitExceeded('The number of tags has reached the maximum limit.');
  }
}

/** Tags of one IAM resource, in key order. */
export async function loadTags(
  db: Kysely<Database>,
  accountId: string,
  resourceType: string,
  resourceKey: string,
): Promise<Tag[]> {
  const rows = await accountScope(db, accountId)
    .selectFrom('iam_tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_type', '=', resourceType)
    .where('resource_key', '=', resourceKey)
    .orderBy('tag_key')
    .execute();
  return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
}

/** Adds or overwrites tags (a tag key is matched case-insensitively, as IAM does). */
export async function putTags(
  trx: Kysely<Database>,
  accountId: string,
  resourceType: string,
  resourceKey: string,
  tags: Tag[],
): Promise<void> {
  if (tags.length === 0) return;
  const existing = await loadTags(trx, accountId, resourceType, resourceKey);
  const replaced = existing.filter((e) => tags.some((t) => t.Key.toLowerCase() === e.Key.toLowerCase()));
  assertTags(tags, existing.length - replaced.length);
  for (const old of replaced) {
    await accountScope(trx, accountId)
      .deleteFrom('iam_tags')
      .where('resource_type', '=', resourceType)
      .where('resource_key', '=', resourceKey)
      .where('tag_key', '=', old.Key)
      .execute();
  }
  await trx
    .insertInto('iam_tags')
    .values(
      tags.map((t) => ({
        account_id: accountId,
        resource_type: resourceType,
        resource_key: resourceKey,
        tag_key: t.Key,
        tag_value: t.Value,
      })),
    )
    .execute();
}

export async function removeTags(
  trx: Kysely<Database>,
  accountId: string,
  resourceType: string,
  resourceKey: string,
  keys?: string[],
): Promise<void> {
  let q = accountScope(trx, accountId)
    .deleteFrom('iam_tags')
    .where('resource_type', '=', resourceType)
    .where('resource_key', '=', resourceKey);
  if (keys) {
    if (keys.length === 0) return;
    q = q.where('tag_key', 'in', keys);
  }
  await q.execute();
}

export function epochToDate(ms: number): Date {
  return new Date(ms);
}

/**
 * Runs fn in one IAM change (mutateIam: its transaction moves the policy epoch); a unique-key violation (a concurrent writer claimed the same name first) becomes
 * the AWS error onDuplicate builds, so racing creates resolve to exactly one winner and no database error leaks.
 */
export async function transactUnique<T>(
  ctx: RequestContext,
  onDuplicate: () => Error,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await mutateIam(ctx, fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw onDuplicate();
    throw err;
  }
}
