import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPolicyEpoch } from '../../authz/policy-epoch.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/registry.js';
import { storeBackends } from '../../../test/helpers/stores.js';
import { mutateIam } from './mutate.js';

const IAM_DIR = fileURLToPath(new URL('.', import.meta.url));
const ACCOUNT = '111122223333';

/** Files allowed to open their own transaction, and why the policy epoch need not move with them. */
const OWN_TRANSACTIONS: Record<string, string> = {
  'mutate.ts': 'the helper itself',
  // AWS's catalogue is seeded at start-up, before any node could have cached it under this store's epochs.
  'policies/aws-managed/seed.ts': 'seeds the AWS-managed catalogue at start-up',
};

/** Files allowed to write outside a transaction: bookkeeping that authorization never reads. */
const PLAIN_WRITES: Record<string, string> = {
  'credentials/access-key-usage.ts': "GetAccessKeyLastUsed's date, written from authentication",
  'credentials/mfa-verify.ts': "an MFA code's replay guard (its last accepted time step)",
};

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('every IAM write moves the policy epoch in its own transaction', () => {
  test('no IAM source opens a transaction but mutateIam, nor writes through a plain db handle', async () => {
    const offenders: string[] = [];
    for (const path of await sources(IAM_DIR)) {
      const file = relative(IAM_DIR, path).split('\\').join('/');
      const text = await readFile(path, 'utf8');
      if (/\.transaction\s*\(/.test(text) && !(file in OWN_TRANSACTIONS)) {
        offenders.push(`${file}: opens a transaction; use mutateIam`);
      }
      // A write whose receiver is `db` (ctx.runtime.store.db, or a handle named db) runs outside any mutateIam.
      if (
        /\bdb\s*\.\s*(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\b/.test(text) &&
        !(file in PLAIN_WRITES)
      ) {
        offenders.push(`${file}: writes through a db handle; write with mutateIam's trx`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  for (const backend of storeBackends()) {
    test(
      `the change and the epoch commit together or not at all (${backend.name})`,
      { skip: backend.skip },
      async () => {
        const store = await backend.open();
        try {
          const ctx = makeTestContext({ runtime: makeTestRuntime(store), accountId: ACCOUNT, service: 'iam' });
          const before = await readPolicyEpoch(store.db, ACCOUNT);
          await assert.rejects(
            mutateIam(ctx, async (trx) => {
              await trx.insertInto('iam_groups').values(group('rolled-back')).execute();
              throw new Error('the change fails');
            }),
            /the change fails/,
          );
          assert.equal(await readPolicyEpoch(store.db, ACCOUNT), before);
          assert.equal(await store.db.selectFrom('iam_groups').select('name_lc').executeTakeFirst(), undefined);

          await mutateIam(ctx, (trx) => trx.insertInto('iam_groups').values(group('kept')).execute());
          const after = await readPolicyEpoch(store.db, ACCOUNT);
          assert.notEqual(after, before);
          // Only the caller's account moves.
          assert.equal(await readPolicyEpoch(store.db, '444455556666'), '');
        } finally {
          await store.close();
        }
      },
    );
  }
});

function group(name: string) {
  return { account_id: ACCOUNT, name_lc: name, group_name: name, group_id: `AGPA${name}`, path: '/', created_at: 0 };
}
