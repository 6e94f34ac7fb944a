// Account aliases: one per account, unique across every account of the deployment (as across an AWS partition).
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import { isUniqueViolation } from '../../../store/errors.js';
import { entityAlreadyExists, noSuchEntity } from '../errors.js';
import { pageOf } from '../common.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

/** "The account alias x already exists." — held by another account, or already this account's own. */
function aliasTaken(alias: string) {
  return entityAlreadyExists(`The account alias ${alias} already exists.`);
}

/**
 * An account holds at most one alias: creating another replaces it, as IAM does. The alias column is unique, so
 * two accounts racing for one alias resolve to exactly one owner.
 */
export const createAccountAlias: NonNullable<H['CreateAccountAlias']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const alias = input.AccountAlias;
  try {
    await mutateIam(ctx, async (trx) => {
      const owner = await trx
        .selectFrom('iam_account_settings')
        .select('account_id')
        .where('alias', '=', alias)
        .executeTakeFirst();
      if (owner) throw aliasTaken(alias);
      // Upsert only the alias: the row's other columns (password policy, credential report) belong to others.
      await trx
        .insertInto('iam_account_settings')
        .values({
          account_id: accountId,
          alias,
          password_policy: null,
          credential_report: null,
          credential_report_at: null,
        })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ alias }))
        .execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw aliasTaken(alias);
    throw err;
  }
};

export const listAccountAliases: NonNullable<H['ListAccountAliases']> = async (ctx, input) => {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('iam_account_settings')
    .select('alias')
    .executeTakeFirst();
  return pageOf(ctx, 'AccountAliases', row?.alias ? [row.alias] : [], input);
};

/** Deletes the alias named, which must be the account's current one. */
export const deleteAccountAlias: NonNullable<H['DeleteAccountAlias']> = async (ctx, input) => {
  const result = await mutateIam(ctx, (trx) =>
    accountScope(trx, ctx.identity.accountId)
      .updateTable('iam_account_settings')
      .set({ alias: null })
      .where('alias', '=', input.AccountAlias)
      .executeTakeFirst(),
  );
  if (Number(result.numUpdatedRows) === 0) {
    throw noSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
  }
};
