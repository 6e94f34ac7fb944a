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
import { createStored, deleteStored, listStored, readStored, updateStored } from './stored-resources.js';

/** The set as Get returns it, from patterns already checked. */
function bodyOf(
  names: { Name: string; Id: string; ARN: string; Description: string | undefined },
  patterns: string[],
): RegexPatternSet {
  return {
    Name: names.Name,
    Id: names.Id,
    ARN: names.ARN,
    ...(names.Description !== undefined ? { Description: names.Description } : {}),
    RegularExpressionList: patterns.map((RegexString) => ({ RegexString })),
  };
}

export async function createRegexPatternSet(
  ctx: RequestContext,
  input: CreateRegexPatternSetRequest,
): Promise<CreateRegexPatternSetResponse> {
  const { Name, Description } = input;
  return createStored(
    ctx,
    'regexpatternset',
    input,
    async () => {
      const patterns = checkPatternSet(input.RegularExpressionList);
      return { capacity: null, body: (Id, ARN) => bodyOf({ Name, Id, ARN, Description }, patterns) };
    },
    'AWS::WAFv2::RegexPatternSet',
  );
}

export async function getRegexPatternSet(
  ctx: RequestContext,
  input: GetRegexPatternSetRequest,
): Promise<GetRegexPatternSetResponse> {
  const row = await readStored(ctx, 'regexpatternset', input);
  return { RegexPatternSet: JSON.parse(row.body) as RegexPatternSet, LockToken: row.lock_token };
}

export async function updateRegexPatternSet(
  ctx: RequestContext,
  input: UpdateRegexPatternSetRequest,
): Promise<UpdateRegexPatternSetResponse> {
  return updateStored(ctx, 'regexpatternset', input, async (_trx, row) => {
    const patterns = checkPatternSet(input.RegularExpressionList);
    const names = { Name: row.name, Id: row.id, ARN: row.arn, Description: input.Description };
    return { capacity: null, body: bodyOf(names, patterns) };
  });
}

export async function deleteRegexPatternSet(
  ctx: RequestContext,
  input: DeleteRegexPatternSetRequest,
): Promise<DeleteRegexPatternSetResponse> {
  return deleteStored(ctx, 'regexpatternset', input);
}

export async function listRegexPatternSets(
  ctx: RequestContext,
  input: ListRegexPatternSetsRequest,
): Promise<ListRegexPatternSetsResponse> {
  const { items, ...next } = await listStored(ctx, 'regexpatternset', input);
  return { RegexPatternSets: items, ...next };
}
