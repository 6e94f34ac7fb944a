// Whose credentials a call means: the user it names, else the calling IAM user, else (where IAM allows) the root user.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { entityNotFound, userNameRequired } from '../errors.js';
import { requireUser } from '../identities/entities.js';
import type { IamUsersTable } from '../tables.js';
import { accountScope } from '../../../store/account-scope.js';

type Db = Kysely<Database>;

export type CredentialOwner = { kind: 'user'; user: IamUsersTable } | { kind: 'root' };

/**
 * The named user (NoSuchEntity when absent); with no name, the calling IAM user, or the root user when the caller
 * is root and the operation has root credentials of its own (access keys), else the ValidationError IAM answers.
 */
export async function resolveOwner(
  ctx: RequestContext,
  db: Db,
  userName: string | undefined,
  rootAllowed: boolean,
): Promise<CredentialOwner> {
  const accountId = ctx.identity.accountId;
  if (userName !== undefined) return { kind: 'user', user: await requireUser(db, accountId, userName) };
  if (ctx.identity.type === 'IAMUser' && ctx.identity.userName !== undefined) {
    return { kind: 'user', user: await requireUser(db, accountId, ctx.identity.userName) };
  }
  if (ctx.identity.type === 'Root' && rootAllowed) return { kind: 'root' };
  throw userNameRequired();
}

/** Like resolveOwner, for operations that only concern IAM users (login profiles, MFA devices). */
export async function resolveUser(ctx: RequestContext, db: Db, userName: string | undefined): Promise<IamUsersTable> {
  const owner = await resolveOwner(ctx, db, userName, false);
  if (owner.kind !== 'user') throw userNameRequired();
  return owner.user;
}

/**
 * Takes the owner's row lock for the rest of the transaction (a write that changes nothing), so two racing calls
 * that count then insert (the two-key quota) run one after the other on PostgreSQL too. SQLite's immediate
 * transactions are serial already.
 */
export async function lockOwner(trx: Db, accountId: string, owner: CredentialOwner): Promise<void> {
  if (owner.kind === 'user') {
    const locked = await accountScope(trx, accountId)
      .updateTable('iam_users')
      .set((eb) => ({ path: eb.ref('path') }))
      .where('user_id', '=', owner.user.user_id)
      .executeTakeFirst();
    // Deleted (or renamed away) since it was read: nothing may be attached to it now.
    if (Number(locked.numUpdatedRows) === 0) throw entityNotFound('user', owner.user.user_name);
  } else {
    await trx
      .updateTable('accounts')
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', accountId)
      .execute();
  }
}
