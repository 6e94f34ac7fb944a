// Console passwords: Create/Get/Update/DeleteLoginProfile and ChangePassword, checked against the account password
// policy and stored only as scrypt hashes.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, LoginProfile, PasswordPolicy } from '../../../aws/generated/iam.js';
import { validationError } from '../../../aws/validate.js';
import { hashPassword, verifyPassword } from '../../../auth/passwords.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import {
  accessDenied,
  entityAlreadyExists,
  entityTemporarilyUnmodifiable,
  loginProfileNotFound,
  passwordPolicyViolation,
} from '../errors.js';
import { epochToDate, transactUnique } from '../common.js';
import { resolveUser } from './owner.js';
import { requireUser } from '../identities/entities.js';
import { forgetPasswords, isRecentPassword, retirePassword } from './password-history.js';
import { accountPasswordPolicy, assertPasswordConforms } from '../account/password-policy.js';
import { passwordExpired } from './password-rules.js';
import type { IamLoginProfilesTable, IamUsersTable } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

export const PASSWORD_REUSE_MESSAGE =
  'Policy constraint violation with password reuse prevention during password change.';

export async function findLoginProfile(
  db: Db,
  accountId: string,
  user: IamUsersTable,
): Promise<IamLoginProfilesTable | undefined> {
  return accountScope(db, accountId)
    .selectFrom('iam_login_profiles')
    .selectAll()
    .where('user_lc', '=', user.name_lc)
    .executeTakeFirst();
}

async function requireLoginProfile(db: Db, accountId: string, user: IamUsersTable): Promise<IamLoginProfilesTable> {
  const profile = await findLoginProfile(db, accountId, user);
  if (!profile) throw loginProfileNotFound(user.user_name);
  return profile;
}

function profileView(user: IamUsersTable, profile: IamLoginProfilesTable): LoginProfile {
  return {
    UserName: user.user_name,
    CreateDate: epochToDate(profile.created_at),
    PasswordResetRequired: profile.password_reset_required === 1,
  };
}

/** A new password for an existing profile: it must conform and, under reuse prevention, not be a recent one. */
async function acceptNewPassword(
  ctx: RequestContext,
  policy: PasswordPolicy | undefined,
  user: IamUsersTable,
  profile: IamLoginProfilesTable,
  password: string,
): Promise<string> {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  await assertPasswordConforms(db, accountId, policy, password);
  const reuse = policy?.PasswordReusePrevention ?? 0;
  if (await isRecentPassword(db, accountId, user.user_id, profile.password_hash, password, reuse)) {
    throw passwordPolicyViolation(PASSWORD_REUSE_MESSAGE);
  }
  return hashPassword(password);
}

/**
 * Writes a new hash only if the profile still holds the hash it was read with, retiring that one into the
 * history; a concurrent change in between wins and this one answers EntityTemporarilyUnmodifiable.
 */
async function replacePassword(
  ctx: RequestContext,
  policy: PasswordPolicy | undefined,
  user: IamUsersTable,
  profile: IamLoginProfilesTable,
  change: { hash: string; resetRequired?: boolean },
): Promise<void> {
  const accountId = ctx.identity.accountId;
  const now = ctx.receivedAt.getTime();
  await mutateIam(ctx, async (trx) => {
    const updated = await accountScope(trx, accountId)
      .updateTable('iam_login_profiles')
      .set({
        password_hash: change.hash,
        password_changed_at: now,
        ...(change.resetRequired !== undefined ? { password_reset_required: change.resetRequired ? 1 : 0 } : {}),
      })
      .where('user_lc', '=', user.name_lc)
      .where('password_hash', '=', profile.password_hash)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw entityTemporarilyUnmodifiable(
        `Login Profile for User ${user.user_name} is being modified by another request; try again.`,
      );
    }
    const reuse = policy?.PasswordReusePrevention ?? 0;
    await retirePassword(trx, accountId, user.user_id, profile.password_hash, now, reuse);
  });
}

export const createLoginProfile: NonNullable<H['CreateLoginProfile']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const user = await resolveUser(ctx, db, input.UserName);
  if (input.Password === undefined) {
    throw validationError('query', ["Value null at 'password' failed to satisfy constraint: Member must not be null"]);
  }
  const policy = await accountPasswordPolicy(db, accountId);
  await assertPasswordConforms(db, accountId, policy, input.Password);
  const now = ctx.receivedAt.getTime();
  const profile: IamLoginProfilesTable = {
    account_id: accountId,
    user_lc: user.name_lc,
    password_hash: await hashPassword(input.Password),
    password_reset_required: input.PasswordResetRequired ? 1 : 0,
    created_at: now,
    password_changed_at: now,
  };
  const exists = () => entityAlreadyExists(`Login Profile for user ${user.user_name} already exists.`);
  await transactUnique(ctx, exists, async (trx) => {
    await requireUser(trx, accountId, user.user_name);
    if (await findLoginProfile(trx, accountId, user)) throw exists();
    await trx.insertInto('iam_login_profiles').values(profile).execute();
  });
  return { LoginProfile: profileView(user, profile) };
};

export const getLoginProfile: NonNullable<H['GetLoginProfile']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const user = await resolveUser(ctx, db, input.UserName);
  return { LoginProfile: profileView(user, await requireLoginProfile(db, ctx.identity.accountId, user)) };
};

export const updateLoginProfile: NonNullable<H['UpdateLoginProfile']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const user = await requireUser(db, accountId, input.UserName);
  const profile = await requireLoginProfile(db, accountId, user);
  if (input.Password === undefined) {
    if (input.PasswordResetRequired === undefined) return;
    await mutateIam(ctx, (trx) =>
      accountScope(trx, accountId)
        .updateTable('iam_login_profiles')
        .set({ password_reset_required: input.PasswordResetRequired ? 1 : 0 })
        .where('user_lc', '=', user.name_lc)
        .execute(),
    );
    return;
  }
  const policy = await accountPasswordPolicy(db, accountId);
  const hash = await acceptNewPassword(ctx, policy, user, profile, input.Password);
  await replacePassword(ctx, policy, user, profile, { hash, resetRequired: input.PasswordResetRequired });
};

export const deleteLoginProfile: NonNullable<H['DeleteLoginProfile']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const user = await resolveUser(ctx, trx, input.UserName);
    const deleted = await accountScope(trx, accountId)
      .deleteFrom('iam_login_profiles')
      .where('user_lc', '=', user.name_lc)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw loginProfileNotFound(user.user_name);
    await forgetPasswords(trx, accountId, user.user_id);
  });
};

export const changePassword: NonNullable<H['ChangePassword']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  // The root user's password is not IAM's; role sessions have none.
  if (ctx.identity.type !== 'IAMUser' || ctx.identity.userName === undefined) {
    throw accessDenied('Only IAM Users can change their own password.');
  }
  const user = await requireUser(db, accountId, ctx.identity.userName);
  const profile = await requireLoginProfile(db, accountId, user);
  const policy = await accountPasswordPolicy(db, accountId);
  if (policy?.HardExpiry && passwordExpired(policy, profile.password_changed_at, ctx.receivedAt.getTime())) {
    throw accessDenied(
      'The password has expired and the account password policy requires an administrator to reset it.',
    );
  }
  if (!(await verifyPassword(input.OldPassword, profile.password_hash))) {
    throw accessDenied('The old password was incorrect.');
  }
  if (input.NewPassword === input.OldPassword) throw passwordPolicyViolation(PASSWORD_REUSE_MESSAGE);
  const hash = await acceptNewPassword(ctx, policy, user, profile, input.NewPassword);
  await replacePassword(ctx, policy, user, profile, { hash, resetRequired: false });
};
