// Test-mode reset: wipes every table (the AWS-managed policy catalogue and Inspector's imported advisories aside), then
// restores the first account and its root keys as seeded.
import type { Store } from './store/store.js';
import { firstAccountId } from './bootstrap.js';
import { keepAwsManagedPolicies } from './services/iam/policies/aws-managed/keep-on-reset.js';
import { wafEpochsReplaced } from './services/wafv2/epoch.js';
import { ADVISORY_TABLES } from './services/inspector2/advisories/advisory-store.js';
import { AUTH_EPOCH_TABLE } from './services/iam/migrations/0170_iam_auth_epoch.js';

export async function resetToFirstAccount(store: Store): Promise<void> {
  const accountId = await firstAccountId(store);
  const account = accountId
    ? await store.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst()
    : undefined;
  const rootKeys = accountId
    ? await store.db
        .selectFrom('access_keys')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_name', 'is', null)
        .execute()
    : [];
  // The AWS-managed policy catalogue is the same for every account and takes seconds to seed: it stays.
  const catalogue = await keepAwsManagedPolicies(store.db);
  // The auth epoch (SQLite) keeps counting, so the deletions move it and keys cached before the reset are read again.
  await store.truncateAll({ except: [...catalogue.tables, ...ADVISORY_TABLES, AUTH_EPOCH_TABLE] });
  // Epochs kept in memory (and, on PostgreSQL, by the other nodes) name state that is gone.
  await wafEpochsReplaced(store);
  await store.transaction(async (trx) => {
    await catalogue.restore(trx);
    if (!accountId || !account) return;
    await trx.insertInto('warden_meta').values({ key: 'first_account_id', value: accountId }).execute();
    await trx.insertInto('accounts').values(account).execute();
    // Keys come back as they were seeded: Active, never used.
    for (const key of rootKeys) {
      await trx
        .insertInto('access_keys')
        .values({ ...key, status: 'Active', last_used_at: null, last_used_service: null, last_used_region: null })
        .execute();
    }
  });
}
