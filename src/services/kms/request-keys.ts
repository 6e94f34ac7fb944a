// The key rows a request's authorization resolved, handed to its handler so a call on a key reads the row once.
import type { RequestContext } from '../../core/runtime.js';
import type { KeyRow } from './keys.js';

/**
 * By request: the rows authorization resolved (src/services/kms/key-authorization.ts), by the reference the input
 * gave (key id, key ARN, alias name or ARN). The request's context object is the one authorization and the handler
 * share (src/pipeline.ts), so a row is held only while its request lives and each is taken at most once: nothing
 * read here reaches another request, and a key disabled or deleted is refused from the next request on.
 */
const resolvedByRequest = new WeakMap<RequestContext, Map<string, KeyRow>>();

/** Keeps the row authorization resolved for reference (with aliases and other accounts' key ARNs allowed). */
export function rememberResolvedKey(ctx: RequestContext, reference: string, row: KeyRow): void {
  let resolved = resolvedByRequest.get(ctx);
  if (!resolved) resolvedByRequest.set(ctx, (resolved = new Map()));
  resolved.set(reference, row);
}

/**
 * The row this request's authorization resolved for reference, at most once: a second use (ReEncrypt from and to
 * the same key, after the first may have rotated it) reads the key afresh.
 */
export function takeResolvedKey(ctx: RequestContext, reference: string): KeyRow | undefined {
  const resolved = resolvedByRequest.get(ctx);
  const row = resolved?.get(reference);
  if (row !== undefined) resolved!.delete(reference);
  return row;
}

/**
 * The key ARN authorization resolved for the key with this id in region (a ciphertext blob names its key by id,
 * authorization by that key's ARN), or undefined when it resolved none.
 */
export function resolvedKeyArn(ctx: RequestContext, keyId: string, region: string): string | undefined {
  for (const [reference, row] of resolvedByRequest.get(ctx) ?? []) {
    if (row.key_id === keyId && row.region === region && reference === row.arn) return reference;
  }
  return undefined;
}
