import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { POLICY_CACHE_LIFETIME_MS } from '../../../authz/principal-cache.js';
import type { Database } from '../../../store/schema.js';
import { accountDirectory } from './directory.js';

test("an account's cached entities live no longer than compiled policies, though the epoch did not move", () => {
  const db = {} as Kysely<Database>;
  const t0 = 1_700_000_000_000;
  const first = accountDirectory(db, '111122223333', 'epoch-1', t0);
  assert.equal(accountDirectory(db, '111122223333', 'epoch-1', t0 + POLICY_CACHE_LIFETIME_MS - 1), first);
  assert.notEqual(accountDirectory(db, '111122223333', 'epoch-1', t0 + POLICY_CACHE_LIFETIME_MS), first);
  assert.notEqual(accountDirectory(db, '111122223333', 'epoch-2', t0 + POLICY_CACHE_LIFETIME_MS), first);
});
