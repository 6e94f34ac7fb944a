// Filters (saved FindingCriteria, NOOP or ARCHIVE, ranked): Create, Get, Update, Delete, List. ARCHIVE filters suppress new findings.
import type {
  CreateFilterRequest,
  CreateFilterResponse,
  DeleteFilterRequest,
  DeleteFilterResponse,
  FindingCriteria,
  GetFilterRequest,
  GetFilterResponse,
  ListFiltersRequest,
  ListFiltersResponse,
  UpdateFilterRequest,
  UpdateFilterResponse,
} from '../../aws/generated/guardduty.js';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { filterArn } from './arns.js';
import { validateCriteria } from './criteria.js';
import { requireDetector } from './detectors.js';
import { badRequest, invalidInput, resourceNotFound } from './errors.js';
import { pageOf } from './paging.js';
import type { GuardDutyFiltersTable } from './tables.js';
import { deleteTags, readTags, writeTags } from './tags.js';

/** "You can create up to 100 filters per AWS account per Region" (and FilterRank runs 1..100). */
const MAX_FILTERS = 100;
/** Filter names: letters, digits, period, hyphen, underscore. */
const NAME = /^[A-Za-z0-9_.-]{3,64}$/;

async function requireFilter(
  db: Kysely<Database>,
  accountId: string,
  detectorId: string,
  name: string,
): Promise<GuardDutyFiltersTable> {
  const row = await accountScope(db, accountId)
    .selectFrom('guardduty_filters')
    .selectAll()
    .where('detector_id', '=', detectorId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw resourceNotFound();
  return row;
}

export async function createFilter(ctx: RequestContext, input: CreateFilterRequest): Promise<CreateFilterResponse> {
  if (!NAME.test(input.Name)) throw invalidInput();
  validateCriteria(input.FindingCriteria);
  if (!input.FindingCriteria.Criterion || Object.keys(input.FindingCriteria.Criterion).length === 0)
    throw invalidInput();
  const account = ctx.identity.accountId;
  const now = Date.now();
  await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, input.DetectorId);
    const scope = accountScope(trx, account);
    const existing = await scope
      .selectFrom('guardduty_filters')
      .select(['name', 'rank'])
      .where('detector_id', '=', detector.id)
      .execute();
    if (existing.some((f) => f.name === input.Name))
      throw badRequest(`The request is rejected because a filter with the name ${input.Name} already exists.`);
    if (existing.length >= MAX_FILTERS)
      throw badRequest(`The request is rejected because the number of filters exceeds the limit of ${MAX_FILTERS}.`);
    await scope
      .insertInto('guardduty_filters')
      .values({
        detector_id: detector.id,
        name: input.Name,
        action: input.Action ?? 'NOOP',
        rank: input.Rank ?? existing.length + 1,
        description: input.Description ?? null,
        criteria: JSON.stringify(input.FindingCriteria),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeTags(trx, account, filterArn(ctx, detector.id, input.Name), input.Tags);
  });
  return { Name: input.Name };
}

export async function getFilter(ctx: RequestContext, input: GetFilterRequest): Promise<GetFilterResponse> {
  const db = ctx.runtime.store.db;
  const detector = await requireDetector(db, ctx, input.DetectorId);
  const row = await requireFilter(db, ctx.identity.accountId, detector.id, input.FilterName);
  return {
    Name: row.name,
    Action: row.action as GetFilterResponse['Action'],
    Rank: Number(row.rank),
    FindingCriteria: JSON.parse(row.criteria) as FindingCriteria,
    ...(row.description !== null && { Description: row.description }),
    Tags: await readTags(db, ctx.identity.accountId, filterArn(ctx, detector.id, row.name)),
  };
}

export async function updateFilter(ctx: RequestContext, input: UpdateFilterRequest): Promise<UpdateFilterResponse> {
  if (input.FindingCriteria) validateCriteria(input.FindingCriteria);
  await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, input.DetectorId);
    const row = await requireFilter(trx, ctx.identity.accountId, detector.id, input.FilterName);
    await accountScope(trx, ctx.identity.accountId)
      .updateTable('guardduty_filters')
      .set({
        action: input.Action ?? row.action,
        rank: input.Rank ?? row.rank,
        description: input.Description ?? row.description,
        criteria: input.FindingCriteria ? JSON.stringify(input.FindingCriteria) : row.criteria,
        updated_at: Date.now(),
      })
      .where('detector_id', '=', detector.id)
      .where('name', '=', row.name)
      .execute();
  });
  return { Name: input.FilterName };
}

export async function deleteFilter(ctx: RequestContext, input: DeleteFilterRequest): Promise<DeleteFilterResponse> {
  await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, input.DetectorId);
    const row = await requireFilter(trx, ctx.identity.accountId, detector.id, input.FilterName);
    await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('guardduty_filters')
      .where('detector_id', '=', detector.id)
      .where('name', '=', row.name)
      .execute();
    await deleteTags(trx, ctx.identity.accountId, filterArn(ctx, detector.id, row.name));
  });
  return {};
}

export async function listFilters(ctx: RequestContext, input: ListFiltersRequest): Promise<ListFiltersResponse> {
  const db = ctx.runtime.store.db;
  const detector = await requireDetector(db, ctx, input.DetectorId);
  const rows = await accountScope(db, ctx.identity.accountId)
    .selectFrom('guardduty_filters')
    .select('name')
    .where('detector_id', '=', detector.id)
    .orderBy('rank')
    .orderBy('name')
    .execute();
  const page = pageOf(
    ctx,
    rows.map((r) => r.name),
    input,
  );
  return { FilterNames: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}
