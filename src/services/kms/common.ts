// Small shared pieces of the KMS handlers: where a request is, its store handle, paging markers.
import type { RequestContext } from '../types.js';
import type { KeyRow, Where } from './keys.js';
import { kmsError } from './errors.js';

export function whereOf(ctx: RequestContext): Where {
  return { accountId: ctx.identity.accountId, region: ctx.region, partition: ctx.partition };
}

export function dbOf(ctx: RequestContext) {
  return ctx.runtime.store.db;
}

/** Limit/Marker paging over an ordered list; the marker is the opaque offset of the next item. */
export function page<T>(all: T[], limit: number | undefined, marker: string | undefined, defaultLimit = 100) {
  let start = 0;
  if (marker !== undefined) {
    const text = Buffer.from(marker, 'base64url').toString('utf8');
    const n = Number(text.slice(2));
    if (!text.startsWith('m:') || !Number.isInteger(n) || n < 0) {
      throw kmsError('InvalidMarkerException', 'Invalid marker');
    }
    start = n;
  }
  const size = limit ?? defaultLimit;
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length
    ? { items, NextMarker: Buffer.from(`m:${next}`).toString('base64url'), Truncated: true }
    : { items, Truncated: false };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Names the key in the request's audit record, as CloudTrail shows KMS events' resources. */
export function noteKey(ctx: RequestContext, key: KeyRow): void {
  const resources = (ctx.audit.resources ??= []);
  if (!resources.some((r) => r.ARN === key.arn)) {
    resources.push({ ARN: key.arn, accountId: key.account_id, type: 'AWS::KMS::Key' });
  }
}
