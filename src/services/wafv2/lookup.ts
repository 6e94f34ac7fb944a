// References resolved in the store: the rule groups, IP sets and regex pattern sets of the caller's account.
import type { Kysely } from 'kysely';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { managedGroupCapacity } from './managed-capacity.js';
import type { ReferenceLookup } from './rules.js';

export function storeLookup(db: Kysely<Database>, accountId: string): ReferenceLookup {
  const row = (kind: string, arn: string) =>
    accountScope(db, accountId)
      .selectFrom('wafv2_resources')
      .select(['capacity'])
      .where('arn', '=', arn)
      .where('kind', '=', kind)
      .executeTakeFirst();
  return {
    async ruleGroupCapacity(arn) {
      const r = await row('rulegroup', arn);
      return r === undefined ? undefined : Number(r.capacity);
    },
    async exists(kind, arn) {
      return (await row(kind, arn)) !== undefined;
    },
    managedCapacity: managedGroupCapacity,
  };
}
