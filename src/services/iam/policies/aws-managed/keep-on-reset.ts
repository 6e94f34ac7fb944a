// What a test-mode reset keeps of the AWS-managed catalogue: the same for every account, and slow to seed again.
import type { Kysely } from 'kysely';
import type { Database } from '../../../../store/schema.js';
import { AWS_MANAGED_ACCOUNT } from '../arns.js';
import { CATALOGUE_META_KEY } from './seed.js';

/** The tables that hold the catalogue beside the accounts' own managed policies. */
const CATALOGUE_TABLES = ['iam_policies', 'iam_policy_versions'] as const;

export interface CatalogueKeeper {
  /** Tables the reset must leave out of its truncation. */
  readonly tables: readonly string[];
  /** After the truncation, in the reset's transaction: empties those tables of all but the catalogue. */
  restore(trx: Kysely<Database>): Promise<void>;
}

/**
 * Takes note of the catalogue before a reset. The reset then truncates everything else, and restore() removes the
 * accounts' own policies and versions and puts back the meta row that says which catalogue is stored, so the
 * ensureAwsManagedPolicies that follows finds it current and writes nothing.
 */
export async function keepAwsManagedPolicies(db: Kysely<Database>): Promise<CatalogueKeeper> {
  const stamp = await db.selectFrom('warden_meta').selectAll().where('key', '=', CATALOGUE_META_KEY).executeTakeFirst();
  return {
    tables: CATALOGUE_TABLES,
    async restore(trx) {
      // By the accounts' policies, so the index finds their few versions among the catalogue's thousands.
      const own = trx.selectFrom('iam_policies').select('arn').where('account_id', '<>', AWS_MANAGED_ACCOUNT);
      await trx.deleteFrom('iam_policy_versions').where('policy_arn', 'in', own).execute();
      await trx.deleteFrom('iam_policies').where('account_id', '<>', AWS_MANAGED_ACCOUNT).execute();
      if (stamp) {
        await trx
          .insertInto('warden_meta')
          .values(stamp)
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: stamp.value }))
          .execute();
      }
    },
  };
}
