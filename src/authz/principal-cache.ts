// The caller's policies compiled once and reused per principal until the account's policy epoch moves.
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import type { PrincipalPolicies } from '../core/authorization.js';
import type { Runtime } from '../core/runtime.js';
import type { Database } from '../store/schema.js';

export type { PrincipalPolicies } from '../core/authorization.js';

interface Entry {
  readonly epoch: string;
  readonly value: Promise<PrincipalPolicies>;
}

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
 * IAM change in its account (a moved epoch); otherwise a map lookup. Concurrent first requests share one load.
 */
export function principalPolicies(
  runtime: Pick<Runtime, 'store' | 'principals'>,
  identity: CallerIdentity,
  epoch: string,
): Promise<PrincipalPolicies> {
  const db = runtime.store.db;
  let perStore = cache.get(db);
  if (perStore === undefined) cache.set(db, (perStore = new Map()));
  const key = principalKey(identity);
  const hit = perStore.get(key);
  if (hit !== undefined && hit.epoch === epoch) {
    // Most recently used last, so the oldest entry is the first one out.
    perStore.delete(key);
    perStore.set(key, hit);
    return hit.value;
  }
  const value = runtime.principals.policies(db, identity, epoch);
  const entry: Entry = { epoch, value };
  perStore.delete(key);
  perStore.set(key, entry);
  if (perStore.size > LIMIT) perStore.delete(perStore.keys().next().value!);
  const store = perStore;
  value.catch(() => {
    if (store.get(key) === entry) store.delete(key);
  });
  return value;
}

/** Forgets every compiled principal (tests). */
export function clearPrincipalCache(): void {
  cache = new WeakMap();
}
