import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import type { PrincipalPolicies } from '../core/authorization.js';
import type { Runtime } from '../core/runtime.js';
import { PolicySet } from '../policy/index.js';
import type { Database } from '../store/schema.js';
import { POLICY_CACHE_LIFETIME_MS, principalPolicies } from './principal-cache.js';

const alice: CallerIdentity = {
  type: 'IAMUser',
  accountId: '111122223333',
  partition: 'aws',
  arn: 'arn:aws:iam::111122223333:user/alice',
  principalId: 'AIDAALICEEXAMPLE0001',
  userName: 'alice',
};

/** A runtime whose identity store counts its loads; each load is a new object. */
function countingRuntime(): { runtime: Pick<Runtime, 'store' | 'principals'>; loads: () => number } {
  let loads = 0;
  const runtime = {
    store: { db: {} as Kysely<Database> },
    principals: {
      policies: () => {
        loads++;
        const loaded: PrincipalPolicies = {
          identity: new PolicySet([]),
          boundary: undefined,
          session: undefined,
          tags: {},
          orphaned: false,
        };
        return Promise.resolve(loaded);
      },
    },
  } as unknown as Pick<Runtime, 'store' | 'principals'>;
  return { runtime, loads: () => loads };
}

test('a compiled policy set older than its lifetime is loaded again, though the epoch did not move', async () => {
  const { runtime, loads } = countingRuntime();
  const t0 = 1_700_000_000_000;
  const first = await principalPolicies(runtime, alice, 'epoch-1', t0);
  assert.equal(await principalPolicies(runtime, alice, 'epoch-1', t0 + POLICY_CACHE_LIFETIME_MS - 1), first);
  assert.equal(loads(), 1);

  const reloaded = await principalPolicies(runtime, alice, 'epoch-1', t0 + POLICY_CACHE_LIFETIME_MS);
  assert.notEqual(reloaded, first);
  assert.equal(loads(), 2);
  // The reload starts a new lifetime.
  assert.equal(await principalPolicies(runtime, alice, 'epoch-1', t0 + 2 * POLICY_CACHE_LIFETIME_MS - 1), reloaded);
  assert.equal(loads(), 2);
});

test('a moved epoch reloads at once, and a clock that stepped back is no reason to trust an entry', async () => {
  const { runtime, loads } = countingRuntime();
  const t0 = 1_700_000_000_000;
  await principalPolicies(runtime, alice, 'epoch-1', t0);
  await principalPolicies(runtime, alice, 'epoch-2', t0 + 1);
  assert.equal(loads(), 2);
  await principalPolicies(runtime, alice, 'epoch-2', t0 - 1);
  assert.equal(loads(), 3);
});

test('the lifetime is bounded: at most a minute', () => {
  assert.ok(POLICY_CACHE_LIFETIME_MS > 0 && POLICY_CACHE_LIFETIME_MS <= 60_000);
});
