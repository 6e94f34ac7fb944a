// Cost Explorer's NextPageToken: the shared sealed page token, refused in Cost Explorer's two ways.
import { AwsError } from '../../aws/error.js';
import { pageOfList, type PagingContext } from '../../store/pagination.js';

/** Most ResultsByTime entries one GetCostAndUsage page carries. */
export const PERIODS_PER_PAGE = 100;

const TOKEN_ERRORS = {
  invalid: () =>
    new AwsError('InvalidNextTokenException', 'The pagination token is invalid. Try again without a pagination token.'),
  changed: () =>
    new AwsError(
      'RequestChangedException',
      'Your request parameters changed between pages. Try again with the old parameters or without a pagination token.',
    ),
};

/**
 * A page of an ordered list and the NextPageToken of the rest; the token is bound to the operation, account and
 * `request` (the query it pages: a token offered with other parameters is a RequestChangedException).
 */
export function pageOf<T>(
  ctx: PagingContext,
  all: readonly T[],
  token: string | undefined,
  limit: number,
  request: unknown,
): { items: T[]; NextPageToken?: string } {
  const { items, next } = pageOfList(ctx, all, {
    token: token || undefined,
    limit,
    filters: request,
    errors: TOKEN_ERRORS,
  });
  return next !== undefined ? { items, NextPageToken: next } : { items };
}
