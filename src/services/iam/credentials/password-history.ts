// Retired password hashes per user, so the password policy's PasswordReusePrevention can refuse an old password.
import type { Kysely } from 'kysely';
import { verifyPassword } from '../../../auth/passwords.js';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';

type Db = Kysely<Database>;

/** The policy allows PasswordReusePrevention up to 24, so no more than that is ever kept. */
export const MAX_PASSWORD_HISTORY = 24;

/**
 * Whether password is one of the last `reuse` passwords of the user: the current one (currentHash) and the
 * most recently retired ones. Each check is a full scrypt verification, so this costs up to `reuse` hashes.
 */
export async function isRecentPassword(
  db: Db,
  accountId: string,
  userId: string,
  currentHash: string,
  password: string,
  reuse: number,
): Promise<boolean> {
  if (reuse <= 0) return false;
  const retired = await accountScope(db, accountId)
    .selectFrom('iam_password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('retired_at', 'desc')
    .limit(reuse - 1)
    .execute();
  for (const hash of [currentHash, ...retired.map((r) => r.password_hash)]) {
    if (await verifyPassword(password, hash)) return true;
  }
  return false;
}

/** Keeps the replaced password's hash (only while reuse prevention is on), at most MAX_PASSWORD_HISTORY deep. */
export async function retirePassword(
  trx: Db,
  accountId: string,
  userId: string,
  hash: string,
  at: number,
  reuse: number,
): Promise<void> {
  if (reuse <= 0) return;
  await trx
    .insertInto('iam_password_history')
    .values({ account_id: accountId, user_id: userId, password_hash: hash, retired_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const beyond = await accountScope(trx, accountId)
    .selectFrom('iam_password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('retired_at', 'desc')
    .offset(MAX_PASSWORD_HISTORY)
    .limit(MAX_PASSWORD_HISTORY)
    .execute();
  if (beyond.length === 0) return;
  await accountScope(trx, accountId)
    .deleteFrom('iam_password_history')
    .where('user_id', '=', userId)
    .where(
      'password_hash',
      'in',
      beyond.map((r) => r.password_hash),
    )
    .execute();
}

/** Drops the user's history (its login profile is gone). */
export async function forgetPasswords(trx: Db, accountId: string, userId: string): Promise<void> {
  await accountScope(trx, accountId).deleteFrom('iam_password_history').where('user_id', '=', userId).execute();
}
