// GuardDuty's List* paging: NextToken and MaxResults (default 50) over a sorted list, in Warden's sealed token format.
import type { RequestContext } from '../../core/runtime.js';
import { pageOfList } from '../../store/pagination.js';
import { invalidInput } from './errors.js';

/** "The default value is 50." */
const DEFAULT_PAGE = 50;

export function pageOf<T>(
  ctx: RequestContext,
  all: readonly T[],
  input: { NextToken?: string; MaxResults?: number } & object,
): { items: T[]; NextToken?: string } {
  const page = pageOfList(ctx, all, {
    token: input.NextToken,
    limit: input.MaxResults ?? DEFAULT_PAGE,
    filters: input,
    errors: { invalid: invalidInput },
  });
  return page.next === undefined ? { items: page.items } : { items: page.items, NextToken: page.next };
}
