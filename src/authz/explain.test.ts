import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExplainCommand } from '../cli-explain.js';
import { openStore } from '../store/open.js';
import { MIGRATIONS, STORES } from '../../test/helpers/registry.js';
import type { Store } from '../store/store.js';
import { explainDecision, ExplainError, formatExplainReport, type ExplainRuntime } from './explain.js';
import { runCli } from '../../test/helpers/cli.js';

const ACCOUNT = '111122223333';
const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadAll', Effect: 'Allow', Action: 'iam:Get*', Resource: '*' },
      { Sid: 'NoAdmins', Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT}:user/admin-*` },
      {
        Sid: 'Office',
        Effect: 'Allow',
        Action: 'iam:CreateUser',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
    ],
  },
  null,
  2,
);

let dir: string;
let store: Store;
/** The store with the identity store its principals are found in. */
let runtime: ExplainRuntime;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-explain-'));
  store = await openStore({ dataDir: dir, migrations: MIGRATIONS });
  runtime = { store, ...STORES };
  await store.db
    .insertInto('iam_users')
    .values({
      account_id: ACCOUNT,
      name_lc: 'alice',
      user_name: 'alice',
      user_id: 'AIDAALICEEXAMPLE0001',
      path: '/dev/',
      created_at: Date.now(),
      permissions_boundary_arn: null,
      password_last_used: null,
    })
    .execute();
  await store.db
    .insertInto('iam_inline_policies')
    .values({ account_id: ACCOUNT, entity_type: 'user', entity_lc: 'alice', policy_name: 'work', document: POLICY })
    .execute();
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;

describe('explainDecision', () => {
  test('names the statement that allowed, with its place in the policy', async () => {
    const report = await explainDecision(runtime, { principal: alice, action: 'iam:GetRole', resource: '*' });
    assert.equal(report.result.decision, 'Allowed');
    assert.equal(report.principalArn, `arn:aws:iam::${ACCOUNT}:user/dev/alice`);
    assert.deepEqual(
      report.result.matched.map((m) => [m.policyId, m.sid, m.statementIndex, m.effect, m.start?.line]),
      [['inline:user:alice:work', 'ReadAll', 0, 'Allow', 4]],
    );
    const text = formatExplainReport(report);
    assert.match(text, /^Decision: {2}ALLOWED$/m);
    assert.match(text, / {2}Allow identity inline:user:alice:work statement 0 Sid ReadAll \(line 4, column 5\)/);
  });

  test('an explicit deny wins and gives AWS’s message', async () => {
    const report = await explainDecision(runtime, {
      principal: alice,
      action: 'iam:GetUser',
      resource: `arn:aws:iam::${ACCOUNT}:user/admin-1`,
    });
    assert.equal(report.result.decision, 'ExplicitlyDenied');
    assert.equal(
      report.message,
      `User: arn:aws:iam::${ACCOUNT}:user/dev/alice is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${ACCOUNT}:user/admin-1 with an explicit deny in an identity-based policy`,
    );
    assert.deepEqual(
      report.result.matched.map((m) => [m.sid, m.effect]),
      [
        ['NoAdmins', 'Deny'],
        ['ReadAll', 'Allow'],
      ],
    );
  });

  test('context values decide conditions; missing ones are named', async () => {
    const without = await explainDecision(runtime, { principal: alice, action: 'iam:CreateUser' });
    assert.equal(without.result.decision, 'ImplicitlyDenied');
    assert.deepEqual(without.result.missingContextValues, ['aws:SourceIp']);
    const withIp = await explainDecision(runtime, {
      principal: alice,
      action: 'iam:CreateUser',
      context: ['aws:SourceIp=10.2.3.4'],
    });
    assert.equal(withIp.result.decision, 'Allowed');
  });

  test('policy files are evaluated as identity policies', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
    );
    const report = await explainDecision(runtime, { policyFiles: [file], action: 'kms:Decrypt', accountId: ACCOUNT });
    assert.equal(report.result.decision, 'Allowed');
    await assert.rejects(explainDecision(runtime, { action: 'kms:Decrypt' }), ExplainError);
    await assert.rejects(
      explainDecision(runtime, { principal: `arn:aws:iam::${ACCOUNT}:user/ghost`, action: 'kms:Decrypt' }),
      {
        message: 'The user with name ghost cannot be found.',
      },
    );
  });
});

test('`warden explain` prints the decision and exits 1 when denied', async () => {
  let out: string;
  try {
    await store.close();
    out = await runCli(registerExplainCommand, [
      'explain',
      '--principal',
      alice,
      '--action',
      'iam:DeleteUser',
      '--resource',
      '*',
      '--data-dir',
      dir,
    ]);
  } finally {
    store = await openStore({ dataDir: dir, migrations: MIGRATIONS });
    runtime = { store, ...STORES };
  }
  // The runner's own reports may share stdout while the command runs: the report's lines are matched anywhere.
  assert.match(out, /Decision: {2}DENIED \(implicit\)\n/);
  assert.match(out, /because no identity-based policy allows the iam:DeleteUser action/);
  assert.equal(process.exitCode, 1);
  process.exitCode = 0;
});
