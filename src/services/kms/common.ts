// Small shared pieces of the KMS handlers: where a request is, its store handle, paging markers.
import { pageOfList } from '../../store/pagination.js';
import type { RequestContext } from '../../core/runtime.js';
import type { KeyRow, Where } from './keys.js';
import { kmsError } from './errors.js';

export function whereOf(ctx: RequestContext): Where {
  return { accountId: ctx.identity.accountId, region: ctx.region, partition: ctx.partition };
}

export function dbOf(ctx: RequestContext) {
  return ctx.runtime.store.db;
}

/** KMS's answer to a marker it did not issue for this request. */
const MARKER_ERRORS = { invalid: () => kmsError('InvalidMarkerException', 'Invalid marker') };

/** Limit/Marker paging over an ordered list: NextMarker is a sealed token bound to the request's other members. */
export function page<T>(ctx: RequestContext, all: T[], input: { Limit?: number; Marker?: string }, defaultLimit = 100) {
  const { items, next } = pageOfList(ctx, all, {
    token: input.Marker,
    limit: input.Limit ?? defaultLimit,
    filters: input,
    errors: MARKER_ERRORS,
  });
  return next !== undefined ? { items, NextMarker: next, Truncated: true } : { items, Truncated: false };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Names the key in the request's audit record, as CloudTrail shows KMS events' resources. */
export function noteKey(ctx: RequestContext, key: KeyRow): void {
  const resources = (ctx.audit.resources ??= []);
  if (!resources.some((r) => r.ARN === key.arn)) {
    resources.push({ ARN: key.arn, accountId: key.account_id, type: 'AWS::KMS::Key' });
  }
}
