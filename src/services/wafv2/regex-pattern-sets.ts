// Regex pattern sets: Create/Get/Update/Delete/List, each regular expression checked as WAF (RE2) accepts it.
import type {
  CreateRegexPatternSetRequest,
  CreateRegexPatternSetResponse,
  DeleteRegexPatternSetRequest,
  DeleteRegexPatternSetResponse,
  GetRegexPatternSetRequest,
  GetRegexPatternSetResponse,
  RegexPatternSet,
  ListRegexPatternSetsRequest,
  ListRegexPatternSetsResponse,
  UpdateRegexPatternSetRequest,
  UpdateRegexPatternSetResponse,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { checkPatternSet } from './regexes.js';
import { checkScope } from './arns.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';
import {
  assertUnreferenced,
  deleteResource,
  insertResource,
  listResources,
  lockedResource,
  requireResource,
  summaryOf,
  updateResource,
} from './resources.js';
import { writeTags } from './tags.js';

export async function createRegexPatternSet(
  ctx: RequestContext,
  input: CreateRegexPatternSetRequest,
): Promise<CreateRegexPatternSetResponse> {
  checkScope(ctx, input.Scope);
  const patterns = checkPatternSet(input.RegularExpressionList);
  return mutateWaf(ctx, async (trx) => {
    const made = await insertResource(trx, ctx, {
      kind: 'regexpatternset',
      scope: input.Scope,
      name: input.Name,
      description: input.Description,
      capacity: null,
      body: (id, arn) => ({
        Name: input.Name,
        Id: id,
        ARN: arn,
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        RegularExpressionList: patterns.map((RegexString) => ({ RegexString })),
      }),
    });
    await writeTags(trx, ctx.identity.accountId, made.arn, input.Tags ?? [], []);
    ctx.audit.resources = [{ ARN: made.arn, accountId: ctx.identity.accountId, type: 'AWS::WAFv2::RegexPatternSet' }];
    return {
      Summary: {
        Name: input.Name,
        Id: made.id,
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        LockToken: made.lockToken,
        ARN: made.arn,
      },
    };
  });
}

export async function getRegexPatternSet(
  ctx: RequestContext,
  input: GetRegexPatternSetRequest,
): Promise<GetRegexPatternSetResponse> {
  checkScope(ctx, input.Scope);
  const row = await requireResource(ctx.runtime.store.db, ctx, 'regexpatternset', input);
  return { RegexPatternSet: JSON.parse(row.body) as RegexPatternSet, LockToken: row.lock_token };
}

export async function updateRegexPatternSet(
  ctx: RequestContext,
  input: UpdateRegexPatternSetRequest,
): Promise<UpdateRegexPatternSetResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'regexpatternset', input, input.LockToken);
    const old = JSON.parse(row.body) as RegexPatternSet;
    const body: RegexPatternSet = {
      Name: old.Name,
      Id: old.Id,
      ARN: old.ARN,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      RegularExpressionList: checkPatternSet(input.RegularExpressionList).map((RegexString) => ({ RegexString })),
    };
    const next = await updateResource(trx, ctx, row, { ...body }, input.Description, null);
    return { NextLockToken: next };
  });
}

export async function deleteRegexPatternSet(
  ctx: RequestContext,
  input: DeleteRegexPatternSetRequest,
): Promise<DeleteRegexPatternSetResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'regexpatternset', input, input.LockToken);
    await assertUnreferenced(trx, ctx.identity.accountId, row.arn);
    await deleteResource(trx, ctx, row);
    return {};
  });
}

export async function listRegexPatternSets(
  ctx: RequestContext,
  input: ListRegexPatternSetsRequest,
): Promise<ListRegexPatternSetsResponse> {
  checkScope(ctx, input.Scope);
  const rows = await listResources(ctx.runtime.store.db, ctx, 'regexpatternset', input.Scope);
  const page = pageOf(ctx, rows.map(summaryOf), { ...input });
  return { RegexPatternSets: page.items, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
}
