// Every IAM change runs here: one transaction that also replaces the account's policy epoch, so every node reloads.
import type { Kysely } from 'kysely';
import { bumpPolicyEpoch } from '../../authz/policy-epoch.js';
import type { RequestContext } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';

/**
 * Runs fn in one transaction of the caller's account and moves that account's policy epoch in the same
 * transaction: the change and its announcement commit together or not at all, so no crash can leave other nodes
 * authorizing with policies, boundaries or entities cached from before it (ADR 0002). Every IAM write goes through
 * here (mutate.test.ts fails on one that does not); a failed change rolls back its bump with it.
 */
export function mutateIam<T>(
  ctx: Pick<RequestContext, 'runtime' | 'identity'>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return mutateIamStore(ctx.runtime.store, ctx.identity.accountId, fn);
}

/** mutateIam for callers outside an IAM request (another service creating a service-linked role). */
export function mutateIamStore<T>(
  store: Store,
  accountId: string,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return store.transaction(async (trx) => {
    const result = await fn(trx);
    await bumpPolicyEpoch(trx, accountId);
    return result;
  });
}
