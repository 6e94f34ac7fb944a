// The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy,
// kept as JSON in iam_account_settings.password_policy beside the settings other operations own.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, PasswordPolicy, UpdateAccountPasswordPolicyRequest } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import { noSuchEntity, passwordPolicyViolation } from '../errors.js';
import { passwordViolations } from '../credentials/password-rules.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** The policy in force for the account, or undefined when none is set (AWS's default policy applies). */
export async function accountPasswordPolicy(db: Db, accountId: string): Promise<PasswordPolicy | undefined> {
  const row = await accountScope(db, accountId)
    .selectFrom('iam_account_settings')
    .select('password_policy')
    .executeTakeFirst();
  return row?.password_policy ? (JSON.parse(row.password_policy) as PasswordPolicy) : undefined;
}

/**
 * UpdateAccountPasswordPolicy replaces the whole policy: a member left out takes its default (6 characters, every
 * requirement off), and the optional limits are recorded only when given, as GetAccountPasswordPolicy shows them.
 */
export function policyFromRequest(input: UpdateAccountPasswordPolicyRequest): PasswordPolicy {
  return {
    MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
    RequireSymbols: input.RequireSymbols ?? false,
    RequireNumbers: input.RequireNumbers ?? false,
    RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
    AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    ExpirePasswords: input.MaxPasswordAge !== undefined,
    ...(input.MaxPasswordAge !== undefined ? { MaxPasswordAge: input.MaxPasswordAge } : {}),
    ...(input.PasswordReusePrevention !== undefined ? { PasswordReusePrevention: input.PasswordReusePrevention } : {}),
    ...(input.HardExpiry !== undefined ? { HardExpiry: input.HardExpiry } : {}),
  };
}

/** Refuses a password the account's policy (or AWS's default policy) does not accept, with IAM's message. */
export async function assertPasswordConforms(
  db: Db,
  accountId: string,
  policy: PasswordPolicy | undefined,
  password: string,
): Promise<void> {
  const account = await db
    .selectFrom('accounts')
    .select(['name', 'email'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  const broken = passwordViolations(policy, password, account ?? { name: '', email: '' });
  if (broken.length > 0) throw passwordPolicyViolation();
}

export const updateAccountPasswordPolicy: NonNullable<H['UpdateAccountPasswordPolicy']> = async (ctx, input) => {
  const value = JSON.stringify(policyFromRequest(input));
  // Upsert only this column: the alias and the credential report share the row.
  await mutateIam(ctx, (trx) =>
    trx
      .insertInto('iam_account_settings')
      .values({
        account_id: ctx.identity.accountId,
        password_policy: value,
        alias: null,
        credential_report: null,
        credential_report_at: null,
      })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ password_policy: value }))
      .execute(),
  );
};

export const getAccountPasswordPolicy: NonNullable<H['GetAccountPasswordPolicy']> = async (ctx) => {
  const policy = await accountPasswordPolicy(ctx.runtime.store.db, ctx.identity.accountId);
  if (!policy) {
    throw noSuchEntity(`The Password Policy with domain name ${ctx.identity.accountId} cannot be found.`);
  }
  return { PasswordPolicy: policy };
};

export const deleteAccountPasswordPolicy: NonNullable<H['DeleteAccountPasswordPolicy']> = async (ctx) => {
  const result = await mutateIam(ctx, (trx) =>
    accountScope(trx, ctx.identity.accountId)
      .updateTable('iam_account_settings')
      .set({ password_policy: null })
      .where('password_policy', 'is not', null)
      .executeTakeFirst(),
  );
  if (Number(result.numUpdatedRows) === 0) {
    throw noSuchEntity('The account policy with name PasswordPolicy cannot be found.');
  }
};
