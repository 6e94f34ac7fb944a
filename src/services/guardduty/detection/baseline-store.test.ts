// Baselines at rest on every backend: event-time first/last seen, upserts, least-recently-seen eviction.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import {
  BASELINE_LIMITS,
  identityProfile,
  learn,
  seenValues,
  valuesSince,
  type BaselineLimits,
  type Sighting,
} from './baseline-store.js';

const detector = { accountId: '111122223333', region: 'us-east-1', id: 'e'.repeat(32) };
const T0 = Date.UTC(2026, 0, 1);

const sighting = (identity: string, api: string, extra: Partial<Sighting['values']> = {}): Sighting => ({
  identity,
  values: { api, ...extra },
  iamWrite: api.startsWith('iam.amazonaws.com:Create'),
});

for (const backend of storeBackends()) {
  describe(`GuardDuty baselines on ${backend.name}`, { skip: backend.skip }, () => {
    test('learning keeps first and last seen in event time, whatever order records arrive in', async () => {
      const store = await backend.open();
      try {
        const db = store.db;
        const s = sighting('arn:aws:iam::111122223333:user/alice', 'iam.amazonaws.com:CreateUser', {
          agent: 'aws-cli',
        });
        await learn(db, detector, s, T0 + 5000, { identity: true, kinds: ['api', 'agent'] });
        await learn(db, detector, s, T0 + 1000, { identity: false, kinds: [] });
        await learn(db, detector, s, T0 + 9000, { identity: false, kinds: [] });
        assert.deepEqual(await identityProfile(db, detector, s.identity), {
          firstSeen: T0 + 1000,
          lastSeen: T0 + 9000,
          events: 3,
          iamWrites: 3,
        });
        const seen = await seenValues(db, detector, { ...s, values: { ...s.values, network: '10.0.0.0/24' } });
        assert.deepEqual(seen.api, {
          value: 'iam.amazonaws.com:CreateUser',
          firstSeen: T0 + 1000,
          lastSeen: T0 + 9000,
          count: 3,
        });
        assert.equal(seen.agent?.count, 3);
        assert.equal(seen.network, undefined);
        assert.deepEqual(await valuesSince(db, detector, s.identity, 'api', T0 + 9000), [
          'iam.amazonaws.com:CreateUser',
        ]);
        assert.deepEqual(await valuesSince(db, detector, s.identity, 'api', T0 + 9001), []);
        // Another detector (or account) sees none of it.
        assert.equal(await identityProfile(db, { ...detector, id: 'f'.repeat(32) }, s.identity), undefined);
        assert.equal(await identityProfile(db, { ...detector, accountId: '444455556666' }, s.identity), undefined);
      } finally {
        await store.close();
      }
    });

    test('a detector keeps at most its cap of identities, forgetting the least recently seen with their values', async () => {
      const store = await backend.open();
      try {
        const db = store.db;
        const limits: BaselineLimits = { identities: 3, perKind: { ...BASELINE_LIMITS.perKind, api: 2 } };
        for (let i = 0; i < 6; i++) {
          // identity-1 keeps being seen, so it survives although it came early.
          await learn(
            db,
            detector,
            sighting(`id-${i}`, 'sts.amazonaws.com:GetCallerIdentity'),
            T0 + i * 1000,
            {
              identity: true,
              kinds: ['api'],
            },
            limits,
          );
          if (i > 1)
            await learn(
              db,
              detector,
              sighting('id-1', 'sts.amazonaws.com:GetCallerIdentity'),
              T0 + i * 1000 + 500,
              {
                identity: false,
                kinds: [],
              },
              limits,
            );
        }
        const identities = await db
          .selectFrom('guardduty_baseline_identities')
          .select('identity')
          .where('detector_id', '=', detector.id)
          .orderBy('identity')
          .execute();
        assert.deepEqual(
          identities.map((r) => r.identity),
          ['id-1', 'id-4', 'id-5'],
        );
        const values = await db
          .selectFrom('guardduty_baseline_features')
          .select('identity')
          .where('detector_id', '=', detector.id)
          .execute();
        assert.deepEqual(values.map((r) => r.identity).sort(), ['id-1', 'id-4', 'id-5']);
        // Per kind: past the bound, the identity keeps the most recently seen (a tenth of the bound is freed at once).
        for (const [k, api] of ['A', 'B', 'C'].entries())
          await learn(
            db,
            detector,
            sighting('id-5', `iam.amazonaws.com:${api}`),
            T0 + 10_000 + k,
            { identity: false, kinds: ['api'] },
            limits,
          );
        assert.deepEqual((await valuesSince(db, detector, 'id-5', 'api', 0)).sort(), [
          'iam.amazonaws.com:B',
          'iam.amazonaws.com:C',
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
