// Paging for every service: one sealed page-token format (AES-256-GCM) and pagers over a sorted list or a keyset query.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AwsError } from '../aws/error.js';
import type { SecretBox } from './secrets.js';

/**
 * What a token is bound to, as a service's RequestContext carries it (structurally: this module sits below
 * the services). A token only opens for the service, operation, account and region that it was issued to.
 */
export interface PagingContext {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly identity: { readonly accountId: string };
  readonly runtime: { readonly secrets: SecretBox };
}

/** A service's own answers to a token it refuses. */
export interface TokenErrors {
  /** Not issued for this operation, account and region, altered, truncated or made up. */
  readonly invalid: () => AwsError;
  /** Genuine, but offered with other filters than it was issued with; `invalid` when a service has no own error. */
  readonly changed?: () => AwsError;
}

/** A page position: an offset, or a keyset cursor (the sort key of the last item returned). */
export type Cursor = number | string | boolean | null | readonly Cursor[];

export interface PageRequest {
  /** The token from the previous page's answer; undefined for the first page. */
  token: string | undefined;
  /** Most items in this page: the request's MaxItems / MaxResults / Limit, or the operation's default. */
  limit: number;
  /**
   * The request members that choose what is listed, usually the whole input: a token offered with other
   * filters is refused. The paging members themselves (PAGING_MEMBERS) are left out, so a client may change
   * its page size between pages, as the SDKs' paginators allow.
   */
  filters: unknown;
  errors: TokenErrors;
}

export interface Page<T> {
  items: T[];
  /** The token for the following page; absent on the last page. */
  next?: string;
}

/** Top-level request members that carry a page position or size, never bound into a token. */
export const PAGING_MEMBERS: ReadonlySet<string> = new Set([
  'Marker',
  'MaxItems',
  'Limit',
  'NextToken',
  'MaxResults',
  'NextPageToken',
]);

/**
 * The longest token this format may produce: IAM's markerType allows 320 characters, the shortest limit of
 * the served models; an offset or a short keyset cursor takes about 90.
 */
export const MAX_TOKEN_CHARS = 320;

const FORMAT = 1;
const KEY_LABEL = 'warden/page-token/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FILTER_HASH_BYTES = 16;

/** Derived once per master key: HKDF is synchronous, so never per request. */
const keys = new WeakMap<SecretBox, Buffer>();

function tokenKey(secrets: SecretBox): Buffer {
  let key = keys.get(secrets);
  if (!key) {
    key = secrets.deriveKey(KEY_LABEL);
    keys.set(secrets, key);
  }
  return key;
}

/** Authenticated, not secret: a token sealed for one operation, account or region fails to open for another. */
function boundTo(ctx: PagingContext): Buffer {
  return Buffer.from([KEY_LABEL, ctx.service, ctx.operation, ctx.identity.accountId, ctx.region].join('\0'), 'utf8');
}

/** JSON with object keys sorted, Dates as ISO strings and bytes as base64: equal requests give equal text. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function filterHash(filters: unknown): string {
  const bound =
    filters !== null && typeof filters === 'object' && !Array.isArray(filters) && !(filters instanceof Date)
      ? Object.fromEntries(Object.entries(filters).filter(([k]) => !PAGING_MEMBERS.has(k)))
      : filters;
  return createHash('sha256').update(canonical(bound)).digest().subarray(0, FILTER_HASH_BYTES).toString('base64url');
}

/** Seals position into an opaque token for this request's operation, account, region and filters. */
export function sealPageToken(ctx: PagingContext, filters: unknown, position: Cursor): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', tokenKey(ctx.runtime.secrets), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(boundTo(ctx));
  const body = Buffer.concat([cipher.update(JSON.stringify([filterHash(filters), position]), 'utf8'), cipher.final()]);
  const token = Buffer.concat([Buffer.from([FORMAT]), iv, body, cipher.getAuthTag()]).toString('base64url');
  // A programming error (a keyset cursor too long for the smallest model's limit), never the client's.
  if (token.length > MAX_TOKEN_CHARS) throw new Error(`page token of ${token.length} characters is too long`);
  return token;
}

/**
 * The position sealed in token, if it was sealed for this request's operation, account and region and the
 * same filters; otherwise the service's error. The position's shape is the issuing code's, not the client's.
 */
export function openPageToken(ctx: PagingContext, filters: unknown, token: string, errors: TokenErrors): unknown {
  if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) throw errors.invalid();
  const bytes = Buffer.from(token, 'base64url');
  // Only the one encoding sealPageToken gives: a decoder ignores stray trailing characters and bits.
  if (bytes.toString('base64url') !== token) throw errors.invalid();
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES + 1 || bytes[0] !== FORMAT) throw errors.invalid();
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', tokenKey(ctx.runtime.secrets), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(boundTo(ctx));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  let sealed: unknown;
  try {
    sealed = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
  } catch {
    throw errors.invalid();
  }
  if (!Array.isArray(sealed) || sealed.length !== 2 || typeof sealed[0] !== 'string') throw errors.invalid();
  if (sealed[0] !== filterHash(filters)) throw errors.changed ? errors.changed() : errors.invalid();
  return sealed[1];
}

function isOffset(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** One page of an already sorted list; the token holds the offset of the page after it. */
export function pageOfList<T>(ctx: PagingContext, all: readonly T[], request: PageRequest): Page<T> {
  let start = 0;
  if (request.token !== undefined) {
    const offset = openPageToken(ctx, request.filters, request.token, request.errors);
    if (!isOffset(offset)) throw request.errors.invalid();
    start = offset;
  }
  const items = all.slice(start, start + request.limit);
  const end = start + items.length;
  return end < all.length ? { items, next: sealPageToken(ctx, request.filters, end) } : { items };
}

export interface KeysetRequest<R, C extends Cursor> extends PageRequest {
  /**
   * At most `count` rows strictly after `after` in the query's order (from the start when undefined), e.g. a
   * kysely query with a where on its sort key and `.limit(count)`.
   */
  fetch(after: C | undefined, count: number): Promise<R[]>;
  /** The sort key of a row: the next page starts after the last row's. */
  cursorOf(row: R): C;
  /** Checks a cursor read back from a token (a guard against a mismatch between versions of the code). */
  isCursor(value: unknown): value is C;
}

/** One page of a query ordered by a unique key: stable while rows are added or removed between pages. */
export async function pageOfQuery<R, C extends Cursor>(
  ctx: PagingContext,
  request: KeysetRequest<R, C>,
): Promise<Page<R>> {
  let after: C | undefined;
  if (request.token !== undefined) {
    const cursor = openPageToken(ctx, request.filters, request.token, request.errors);
    if (!request.isCursor(cursor)) throw request.errors.invalid();
    after = cursor;
  }
  const rows = await request.fetch(after, request.limit + 1);
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  return rows.length > request.limit && last !== undefined
    ? { items, next: sealPageToken(ctx, request.filters, request.cursorOf(last)) }
    : { items };
}
