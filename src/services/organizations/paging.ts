// NextToken/MaxResults paging over an in-memory list, through the shared pager and its sealed token.
import { pageOfList, type PagingContext } from '../../store/pagination.js';
import { invalidInput } from './errors.js';

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

/** Organizations' answer to a token it did not issue for this request. */
const TOKEN_ERRORS = {
  invalid: () => invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken.'),
};

/** A page of all (MaxResults 1–20, default 20); the token is bound to the operation, account and request members. */
export function paginate<T>(ctx: PagingContext, all: T[], input: { NextToken?: string; MaxResults?: number }): Page<T> {
  const { items, next } = pageOfList(ctx, all, {
    token: input.NextToken,
    limit: input.MaxResults ?? 20,
    filters: input,
    errors: TOKEN_ERRORS,
  });
  return next !== undefined ? { items, NextToken: next } : { items };
}
