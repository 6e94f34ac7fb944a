// A DetectionScope for detection tests that need no store: a detector of the fixture account and chosen lists.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { DetectorIpLists, ThreatListHit } from '../ip-lists.js';
import { ACCOUNT } from './record-fixture.js';
import type { DetectionScope } from './types.js';

/** A scope whose lists hold `threats` (address → list) and `trusted` addresses; its db must not be used. */
export function scopeFixture(
  opts: { threats?: Record<string, ThreatListHit>; trusted?: readonly string[]; at?: number } = {},
): DetectionScope {
  const lists: DetectorIpLists = {
    trusted: (ip) => opts.trusted?.includes(ip) ?? false,
    threat: (ip) => opts.threats?.[ip],
  };
  return {
    detector: { accountId: ACCOUNT, region: 'us-east-1', id: 'd'.repeat(32) },
    partition: 'aws',
    lists,
    db: new Proxy({} as Kysely<Database>, {
      get() {
        throw new Error('this detection was expected not to use the store');
      },
    }),
    at: opts.at ?? Date.UTC(2026, 0, 1, 12),
  };
}
