// The caller's policies compiled once and reused per principal until the account's policy epoch moves (or a minute passes).
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import type { PrincipalPolicies } from '../core/authorization.js';
import type { Runtime } from '../core/runtime.js';
import type { Database } from '../store/schema.js';

export type { PrincipalPolicies } from '../core/authorization.js';

interface Entry {
  readonly epoch: string;
  /** When it was loaded (ms): past POLICY_CACHE_LIFETIME_MS it is loaded again, moved epoch or not. */
  readonly loadedAt: number;
  readonly value: Promise<PrincipalPolicies>;
}

/**
 * The epoch is the truth: every IAM change moves it in its own transaction. The lifetime is a second line of
 * defence should a change ever reach the store without moving it (a bug, a hand edit of the database): no node
 * keeps authorizing with such stale policies for longer than this. A minute costs one reload per active principal
 * per minute.
 */
export const POLICY_CACHE_LIFETIME_MS = 60_000;
/** Principals cached per store; past this the least recently used is dropped. */
const LIMIT = 20_000;
let cache = new WeakMap<Kysely<Database>, Map<string, Entry>>();

/** A cache key that changes whenever what the caller's policies are made of could differ. */
function principalKey(identity: CallerIdentity): string {
  const s = identity.session;
  if (!s) return `${identity.type}|${identity.principalId}`;
  return [
    identity.type,
    identity.principalId,
    s.issuer?.arn ?? '',
    s.creationDate.getTime(),
    s.policy ?? '',
    (s.policyArns ?? []).join(','),
    JSON.stringify(s.tags ?? {}),
  ].join('|');
}

/**
 * The caller's compiled policies, loaded from the identity store (runtime.principals) on first use and after every
 * IAM change in its account (a moved epoch) and once POLICY_CACHE_LIFETIME_MS passed; otherwise a map lookup.
 * Concurrent first requests share one load. `now` is the clock (tests pass their own).
 */
export function principalPolicies(
  runtime: Pick<Runtime, 'store' | 'principals'>,
  identity: CallerIdentity,
  epoch: string,
  now: number = Date.now(),
): Promise<PrincipalPolicies> {
  const db = runtime.store.db;
  let perStore = cache.get(db);
  if (perStore === undefined) cache.set(db, (perStore = new Map()));
  const key = principalKey(identity);
  const hit = perStore.get(key);
  if (hit !== undefined && hit.epoch === epoch && isFresh(hit.loadedAt, now)) {
    // Most recently used last, so the oldest entry is the first one out.
    perStore.delete(key);
    perStore.set(key, hit);
    return hit.value;
  }
  const value = runtime.principals.policies(db, identity, epoch);
  const entry: Entry = { epoch, loadedAt: now, value };
  perStore.delete(key);
  perStore.set(key, entry);
  if (perStore.size > LIMIT) perStore.delete(perStore.keys().next().value!);
  const store = perStore;
  value.catch(() => {
    if (store.get(key) === entry) store.delete(key);
  });
  return value;
}

/** Whether something loaded at loadedAt may still be used at now (a clock stepping back counts as stale). */
export function isFresh(loadedAt: number, now: number): boolean {
  return now >= loadedAt && now - loadedAt < POLICY_CACHE_LIFETIME_MS;
}

/** Forgets every compiled principal (tests). */
export function clearPrincipalCache(): void {
  cache = new WeakMap();
}
