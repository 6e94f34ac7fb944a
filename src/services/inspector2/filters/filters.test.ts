// suppressionCriteria on SQLite and PostgreSQL: only the SUPPRESS filters of that account and region, criteria intact.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackendsWith } from '../../../../test/helpers/test-stores.js';
import { inspector2FiltersMigration } from '../migrations/0107_inspector2_filters.js';
import { suppressionCriteria } from './filters.js';

const criteria = (value: string) => ({ severity: [{ comparison: 'EQUALS' as const, value }] });

for (const backend of storeBackendsWith([inspector2FiltersMigration])) {
  describe(`inspector2 filters on ${backend.name}`, { skip: backend.skip }, () => {
    test('suppressionCriteria answers the SUPPRESS filters of one account and region', async () => {
      const store = await backend.open();
      try {
        const row = (arn: string, account_id: string, region: string, action: string, value: string) => ({
          arn,
          account_id,
          region,
          name: arn,
          action,
          criteria: JSON.stringify(criteria(value)),
          description: null,
          reason: null,
          tags: '{}',
          created_at: 1,
          updated_at: 1,
        });
        await store.db
          .insertInto('inspector2_filters')
          .values([
            row('a', '111111111111', 'us-east-1', 'SUPPRESS', 'LOW'),
            row('b', '111111111111', 'us-east-1', 'NONE', 'HIGH'),
            row('c', '111111111111', 'eu-west-1', 'SUPPRESS', 'MEDIUM'),
            row('d', '222222222222', 'us-east-1', 'SUPPRESS', 'CRITICAL'),
          ])
          .execute();
        assert.deepEqual(await suppressionCriteria(store.db, '111111111111', 'us-east-1'), [criteria('LOW')]);
        assert.deepEqual(await suppressionCriteria(store.db, '333333333333', 'us-east-1'), []);
      } finally {
        await store.close();
      }
    });
  });
}
