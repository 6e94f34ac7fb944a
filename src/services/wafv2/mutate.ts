// Every WAF write runs here: one transaction that also replaces the account's WAF epoch, so every node reloads.
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';
import { bumpWafEpoch, wafEpochMoved } from './epoch.js';

/** The change and its announcement commit together or not at all (as IAM's mutateIam). */
export async function mutateWaf<T>(
  ctx: Pick<RequestContext, 'runtime' | 'identity'>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const { store } = ctx.runtime;
  try {
    return await store.transaction(async (trx) => {
      const result = await fn(trx);
      await bumpWafEpoch(trx, ctx.identity.accountId, store.dialect);
      return result;
    });
  } finally {
    // After the commit, never before: a request reading in between would keep the old epoch as current.
    // Awaited: the data-plane workers' next request sees the change, as this process's does.
    await wafEpochMoved(store, ctx.identity.accountId);
  }
}
