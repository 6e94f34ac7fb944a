// Every organization change runs here: one transaction that also replaces the org epoch, so guardrails reload.
import type { RequestContext } from '../../core/runtime.js';
import type { Db } from './org-context.js';
import { bumpOrgEpoch } from '../../authz/policy-epoch.js';

export async function mutate<T>(ctx: RequestContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  return ctx.runtime.store.transaction(async (trx) => {
    const result = await fn(trx);
    await bumpOrgEpoch(trx);
    return result;
  });
}
