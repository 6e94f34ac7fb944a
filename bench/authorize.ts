// authorize() micro-benchmark (for `npm run bench`): the per-request cost of authorization with warm caches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallerIdentity } from '../src/aws/identity.js';
import type { ModelName } from '../src/aws/model.js';
import { makeTestContext, makeTestRuntime } from '../test/helpers/test-context.js';
import { openStore } from '../src/store/open.js';
import { MIGRATIONS } from '../src/services/registry.js';
import type { Store } from '../src/store/store.js';
import { authorize, prepareAuthorization } from '../src/authz/authorize.js';
import { readPolicyEpoch, rememberPolicyEpoch } from '../src/authz/policy-epoch.js';

export interface AuthorizeBenchResult {
  name: string;
  opsPerSec: number;
  p50us: number;
  p99us: number;
}

const ACCOUNT = '111122223333';

interface BenchRequest {
  service: ModelName;
  operation: string;
  input: Record<string, unknown>;
}

/** A user with an inline policy, a managed policy and a group policy, and IAM entities to act on. */
async function seed(store: Store): Promise<CallerIdentity> {
  const now = Date.now();
  const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  await store.db
    .insertInto('iam_users')
    .values(
      ['alice', 'bob', 'carol'].map((name, i) => ({
        account_id: ACCOUNT,
        name_lc: name,
        user_name: name,
        user_id: `AIDABENCHUSER000000${i}`,
        path: '/staff/',
        created_at: now,
        permissions_boundary_arn: null,
        password_last_used: null,
      })),
    )
    .execute();
  await store.db
    .insertInto('iam_inline_policies')
    .values({
      account_id: ACCOUNT,
      entity_type: 'user',
      entity_lc: 'alice',
      policy_name: 'work',
      document: doc([
        { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:CreateUser', Resource: `arn:aws:iam::${ACCOUNT}:user/staff/*` },
        {
          Effect: 'Allow',
          Action: 'cloudtrail:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        { Effect: 'Deny', Action: 'iam:Delete*', Resource: '*' },
      ]),
    })
    .execute();
  return {
    type: 'IAMUser',
    accountId: ACCOUNT,
    partition: 'aws',
    arn: `arn:aws:iam::${ACCOUNT}:user/staff/alice`,
    principalId: 'AIDABENCHUSER0000000',
    userName: 'alice',
  };
}

const REQUESTS: BenchRequest[] = [
  { service: 'iam', operation: 'GetUser', input: { UserName: 'bob' } },
  { service: 'iam', operation: 'ListUsers', input: {} },
  { service: 'iam', operation: 'CreateUser', input: { UserName: 'dave', Path: '/staff/' } },
  { service: 'cloudtrail', operation: 'LookupEvents', input: {} },
  { service: 'sts', operation: 'GetCallerIdentity', input: {} },
];

/**
 * Times authorize() for allowed requests of a user with policies, as the pipeline calls it: a fresh request
 * context per call, the account's policy epoch handed over by authentication (its query reads it), the compiled
 * policies and IAM entity facts already cached. Throughput over `minMillis`, then the latency of 20,000 calls.
 */
export async function runAuthorizeBench(minMillis = 1000): Promise<AuthorizeBenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-authz-bench-'));
  const store = await openStore({ dataDir: dir, migrations: MIGRATIONS });
  try {
    const runtime = makeTestRuntime(store);
    await prepareAuthorization(runtime.services);
    const alice = await seed(store);
    const epoch = await readPolicyEpoch(store.db, ACCOUNT);
    const once = (r: BenchRequest) => {
      const identity = { ...alice };
      rememberPolicyEpoch(identity, epoch);
      const ctx = makeTestContext({ runtime, identity, service: r.service, operation: r.operation });
      return authorize(ctx, r.input);
    };
    for (let i = 0; i < 20_000; i++) await once(REQUESTS[i % REQUESTS.length]);

    let ops = 0;
    const start = performance.now();
    while (performance.now() - start < minMillis) {
      for (let i = 0; i < 1000; i++) await once(REQUESTS[(ops + i) % REQUESTS.length]);
      ops += 1000;
    }
    const opsPerSec = Math.round((ops / (performance.now() - start)) * 1000);

    const samples = new Float64Array(20_000);
    for (let s = 0; s < samples.length; s++) {
      const t0 = performance.now();
      await once(REQUESTS[s % REQUESTS.length]);
      samples[s] = (performance.now() - t0) * 1000;
    }
    samples.sort();
    const pct = (q: number) =>
      Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000) / 1000;
    return [{ name: 'authorize: IAM user, warm caches (5 operations)', opsPerSec, p50us: pct(0.5), p99us: pct(0.99) }];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
