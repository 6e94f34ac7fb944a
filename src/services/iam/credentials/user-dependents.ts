// DeleteUser's conflicts from this folder's credentials: a user with SSH keys, signing certificates or
// service-specific credentials cannot be deleted until they are, each refused with IAM's message.
import type { Kysely } from 'kysely';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import { deleteConflict } from '../errors.js';
import type { IamUsersTable } from '../tables.js';

const DEPENDENTS = [
  {
    table: 'iam_ssh_public_keys',
    column: 'user_id',
    message: 'Cannot delete entity, must delete SSH public keys first.',
  },
  {
    table: 'iam_signing_certificates',
    column: 'owner_id',
    message: 'Cannot delete entity, must delete signing certificates first.',
  },
  {
    table: 'iam_service_credentials',
    column: 'user_id',
    message: 'Cannot delete entity, must delete service specific credentials first.',
  },
] as const;

export async function assertNoUserCredentials(trx: Kysely<Database>, accountId: string, user: IamUsersTable) {
  for (const { table, column, message } of DEPENDENTS) {
    const row = await accountScope(trx, accountId)
      .selectFrom(table)
      .select('account_id')
      .where(column, '=', user.user_id)
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined) throw deleteConflict(message);
  }
}
