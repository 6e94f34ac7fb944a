// Shield's List* paging: NextToken and MaxResults (default 20) over a sorted list, in Warden's sealed token format.
import type { RequestContext } from '../../core/runtime.js';
import { pageOfList } from '../../store/pagination.js';
import { invalidPaginationToken } from './errors.js';

/** "The default setting is 20." A MaxResults of 0 asks for the default too. */
const DEFAULT_PAGE = 20;

export function pageOf<T>(
  ctx: RequestContext,
  all: readonly T[],
  input: { NextToken?: string; MaxResults?: number } & object,
): { items: T[]; NextToken?: string } {
  const page = pageOfList(ctx, all, {
    token: input.NextToken,
    limit: input.MaxResults ? input.MaxResults : DEFAULT_PAGE,
    filters: input,
    errors: { invalid: invalidPaginationToken },
  });
  return page.next === undefined ? { items: page.items } : { items: page.items, NextToken: page.next };
}
