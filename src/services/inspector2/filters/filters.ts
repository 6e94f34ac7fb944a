// Inspector2's finding filters: CreateFilter, UpdateFilter, DeleteFilter, ListFilters, and the SUPPRESS filters' criteria.
import { randomBytes } from 'node:crypto';
import type {
  CreateFilterRequest,
  CreateFilterResponse,
  DeleteFilterRequest,
  DeleteFilterResponse,
  Filter,
  FilterCriteria,
  ListFiltersRequest,
  ListFiltersResponse,
  UpdateFilterRequest,
  UpdateFilterResponse,
} from '../../../aws/generated/inspector2.js';
import type { RequestContext } from '../../../core/runtime.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';
import { pageOfList } from '../../../store/pagination.js';
import type { Inspector2FiltersTable } from '../tables.js';
import { filterNotFound, invalidTags, invalidToken, quotaExceeded, validation } from '../errors.js';
import '../tables.js';

/** Filters an account keeps per region: Warden's bound, refused past it as AWS refuses a quota. */
export const MAX_FILTERS = 500;

/** A filter needs at least one criterion: an empty one would match (and, suppressing, hide) every finding. */
function checkCriteria(c: FilterCriteria): void {
  const used = Object.values(c).filter((v) => Array.isArray(v) && v.length > 0);
  if (used.length === 0)
    throw validation('filterCriteria must contain at least one filter.', 'FIELD_VALIDATION_FAILED');
}

function filterOf(r: Inspector2FiltersTable): Filter {
  const f: Filter = {
    arn: r.arn,
    ownerId: r.account_id,
    name: r.name,
    criteria: JSON.parse(r.criteria) as FilterCriteria,
    action: r.action as Filter['action'],
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
    tags: JSON.parse(r.tags) as Record<string, string>,
  };
  if (r.description !== null) f.description = r.description;
  if (r.reason !== null) f.reason = r.reason;
  return f;
}

/** Tags as AWS bounds them: at most 50, none in the reserved `aws:` namespace (lengths are the model's). */
function checkTags(tags: Record<string, string> | undefined): void {
  if (tags === undefined) return;
  const keys = Object.keys(tags);
  if (keys.length > 50 || keys.some((k) => k.toLowerCase().startsWith('aws:'))) throw invalidTags();
}

export async function createFilter(ctx: RequestContext, input: CreateFilterRequest): Promise<CreateFilterResponse> {
  checkCriteria(input.filterCriteria);
  checkTags(input.tags);
  const account = ctx.identity.accountId;
  const scope = accountScope(ctx.runtime.store.db, account);
  const count = await scope
    .selectFrom('inspector2_filters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region', '=', ctx.region)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_FILTERS)
    throw quotaExceeded(`You can create at most ${MAX_FILTERS} filters per account and Region.`, account);
  const arn = `arn:${ctx.partition}:inspector2:${ctx.region}:${account}:owner/${account}/filter/${randomBytes(8).toString('hex')}`;
  const now = Date.now();
  await scope
    .insertInto('inspector2_filters')
    .values({
      arn,
      region: ctx.region,
      name: input.name,
      action: input.action,
      criteria: JSON.stringify(input.filterCriteria),
      description: input.description ?? null,
      reason: input.reason ?? null,
      tags: JSON.stringify(input.tags ?? {}),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { arn };
}

async function ownFilter(ctx: RequestContext, arn: string): Promise<Inspector2FiltersTable> {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('inspector2_filters')
    .selectAll()
    .where('region', '=', ctx.region)
    .where('arn', '=', arn)
    .executeTakeFirst();
  if (row === undefined) throw filterNotFound(arn);
  return row;
}

export async function updateFilter(ctx: RequestContext, input: UpdateFilterRequest): Promise<UpdateFilterResponse> {
  const row = await ownFilter(ctx, input.filterArn);
  if (input.filterCriteria !== undefined) checkCriteria(input.filterCriteria);
  await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .updateTable('inspector2_filters')
    .set({
      name: input.name ?? row.name,
      action: input.action ?? row.action,
      criteria: input.filterCriteria === undefined ? row.criteria : JSON.stringify(input.filterCriteria),
      description: input.description ?? row.description,
      reason: input.reason ?? row.reason,
      updated_at: Date.now(),
    })
    .where('arn', '=', row.arn)
    .execute();
  return { arn: row.arn };
}

export async function deleteFilter(ctx: RequestContext, input: DeleteFilterRequest): Promise<DeleteFilterResponse> {
  const row = await ownFilter(ctx, input.arn);
  await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .deleteFrom('inspector2_filters')
    .where('arn', '=', row.arn)
    .execute();
  return { arn: row.arn };
}

export async function listFilters(ctx: RequestContext, input: ListFiltersRequest): Promise<ListFiltersResponse> {
  let q = accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('inspector2_filters')
    .selectAll()
    .where('region', '=', ctx.region);
  if (input.action !== undefined) q = q.where('action', '=', input.action);
  let rows = await q.orderBy('created_at').orderBy('arn').limit(MAX_FILTERS).execute();
  // The ARN list is unbounded in the model: matched in memory against at most MAX_FILTERS rows, not sent as SQL.
  if (input.arns !== undefined && input.arns.length > 0) {
    const wanted = new Set(input.arns);
    rows = rows.filter((r) => wanted.has(r.arn));
  }
  const page = pageOfList(ctx, rows, {
    token: input.nextToken,
    limit: input.maxResults ?? 100,
    filters: { arns: input.arns, action: input.action },
    errors: { invalid: invalidToken },
  });
  const out: ListFiltersResponse = { filters: page.items.map(filterOf) };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}

/** The criteria of an account's SUPPRESS filters in a region: an ACTIVE finding matching any is SUPPRESSED. */
export async function suppressionCriteria(
  db: Kysely<Database>,
  accountId: string,
  region: string,
): Promise<FilterCriteria[]> {
  const rows = await accountScope(db, accountId)
    .selectFrom('inspector2_filters')
    .select('criteria')
    .where('region', '=', region)
    .where('action', '=', 'SUPPRESS')
    .limit(MAX_FILTERS)
    .execute();
  return rows.map((r) => JSON.parse(r.criteria) as FilterCriteria);
}
