// WAF's List* paging: NextMarker and Limit (1-100, default 100) over a sorted list, in the sealed token format.
import type { RequestContext } from '../../core/runtime.js';
import { pageOfList } from '../../store/pagination.js';
import { invalidMarker } from './errors.js';

export function pageOf<T>(
  ctx: RequestContext,
  all: readonly T[],
  input: { NextMarker?: string; Limit?: number } & Record<string, unknown>,
): { items: T[]; NextMarker?: string } {
  // NextMarker is WAF's token member (PAGING_MEMBERS names other services'), so it is left out of the filters here.
  const { NextMarker, Limit, ...filters } = input;
  const page = pageOfList(ctx, all, {
    token: NextMarker,
    limit: Limit ?? 100,
    filters,
    errors: { invalid: invalidMarker },
  });
  return page.next === undefined ? { items: page.items } : { items: page.items, NextMarker: page.next };
}
