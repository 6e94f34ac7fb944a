// NextToken/MaxResults paging over an in-memory list: the token is the opaque offset of the next item.
import { invalidInput } from './errors.js';

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

export function paginate<T>(all: T[], input: { NextToken?: string; MaxResults?: number }): Page<T> {
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = Number(Buffer.from(input.NextToken, 'base64url').toString('utf8').replace(/^o:/, ''));
    if (
      !Number.isInteger(decoded) ||
      decoded < 0 ||
      !Buffer.from(input.NextToken, 'base64url').toString().startsWith('o:')
    ) {
      throw invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken.');
    }
    start = decoded;
  }
  const size = input.MaxResults ?? 20;
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length ? { items, NextToken: Buffer.from(`o:${next}`).toString('base64url') } : { items };
}
