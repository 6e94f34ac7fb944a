// CloseAccount's background step: a member left PENDING_CLOSURE becomes SUSPENDED, AWS's state after closure.
import type { Runtime } from '../../core/runtime.js';
import type { Db } from './org-context.js';

/**
 * The states a member passes through once closed, as AWS documents them (Organizations API Reference, CloseAccount;
 * Account Management Guide, "Close an AWS account"): CloseAccount marks it PENDING_CLOSURE while the request runs in
 * the background, and "when the close account request completes, the status will change to SUSPENDED", which it keeps
 * for the 90-day post-closure period, when AWS Support can still reopen it. Warden completes the request at once (this
 * step); it does not model the end of the post-closure period, so nothing moves an account on to CLOSED (AWS's
 * permanent closure) by itself. Whatever the state, only an ACTIVE account authenticates (src/auth/account-status.ts).
 */
export const CLOSING_STATE = 'PENDING_CLOSURE';
export const CLOSED_STATE = 'SUSPENDED';

/** Completes every pending closure of an organization's members: PENDING_CLOSURE becomes SUSPENDED. Idempotent. */
export async function completeClosures(db: Db, orgId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ status: CLOSED_STATE })
    .where('status', '=', CLOSING_STATE)
    .where('id', 'in', db.selectFrom('org_accounts').select('account_id').where('org_id', '=', orgId))
    .execute();
}

/** Runs the background step soon after CloseAccount is answered; reads complete it too, so a restart loses nothing. */
export function scheduleClosure(runtime: Runtime, orgId: string): void {
  const timer = setTimeout(() => {
    completeClosures(runtime.store.db, orgId).catch((err: unknown) =>
      runtime.log.warn({ err }, 'organizations: completing CloseAccount failed; the next read retries'),
    );
  }, 50);
  timer.unref();
}
