// `warden explain` decides KMS requests exactly as enforcement does: users × keys × actions, each cell both ways.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CancelKeyDeletionCommand,
  CreateGrantCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
  type GrantOperation,
} from '@aws-sdk/client-kms';
import type { TestWarden } from '../helpers/warden.js';
import { newKey, newKmsUser, policyDocument, type Statement, withKmsWarden } from '../helpers/kms.js';
import { explainDecision, formatExplainReport, type ExplainReport } from '../../src/authz/explain.js';
import { registerExplainCommand } from '../../src/cli-explain.js';
import { runCli } from '../helpers/cli.js';

let w: TestWarden, iam: IAMClient, rootKms: KMSClient, account: string;
withKmsWarden((started) => ({ w, iam, rootKms, account } = started));

interface User {
  readonly label: string;
  readonly arn: string;
  readonly kms: KMSClient;
}
interface Key {
  readonly label: string;
  readonly arn: string;
  readonly ciphertext: Uint8Array;
}

const plaintext = new TextEncoder().encode('parity');
const GRANTED: GrantOperation[] = ['Decrypt', 'Encrypt', 'DescribeKey', 'GenerateDataKey'];

/** The root administers every key fully (the lockout check passes, and it can seal the ciphertexts). */
const rootAdmin = (): Statement => ({
  Sid: 'RootAdministers',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});

/** The SDK call of each action on a key (ScheduleKeyDeletion undone by root when it succeeded). */
const CALLS: Readonly<Record<string, (user: User, key: Key) => Promise<unknown>>> = {
  'kms:Decrypt': (u, k) => u.kms.send(new DecryptCommand({ KeyId: k.arn, CiphertextBlob: k.ciphertext })),
  'kms:Encrypt': (u, k) => u.kms.send(new EncryptCommand({ KeyId: k.arn, Plaintext: plaintext })),
  'kms:DescribeKey': (u, k) => u.kms.send(new DescribeKeyCommand({ KeyId: k.arn })),
  'kms:GenerateDataKey': (u, k) => u.kms.send(new GenerateDataKeyCommand({ KeyId: k.arn, KeySpec: 'AES_256' })),
  'kms:GetKeyPolicy': (u, k) => u.kms.send(new GetKeyPolicyCommand({ KeyId: k.arn })),
  'kms:ScheduleKeyDeletion': async (u, k) => {
    await u.kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.arn, PendingWindowInDays: 7 }));
    await rootKms.send(new CancelKeyDeletionCommand({ KeyId: k.arn }));
    await rootKms.send(new EnableKeyCommand({ KeyId: k.arn }));
  },
};

/** The SDK's outcome: allowed, or AWS's AccessDeniedException message. */
async function enforced(call: Promise<unknown>): Promise<{ allowed: true } | { allowed: false; message: string }> {
  try {
    await call;
    return { allowed: true };
  } catch (err) {
    const e = err as { name: string; message: string };
    assert.equal(e.name, 'AccessDeniedException', e.message);
    return { allowed: false, message: e.message };
  }
}

function explain(user: User, key: Key, action: string): Promise<ExplainReport> {
  return explainDecision(w.warden.runtime, { principal: user.arn, action, resource: key.arn });
}

describe('warden explain and the SDK agree on every KMS cell', () => {
  let users: User[];
  let keys: Key[];

  before(async () => {
    const none = { label: 'no policy', ...(await newKmsUser(w, iam, 'parity-none')) };
    const all = {
      label: 'kms:* identity policy',
      ...(await newKmsUser(w, iam, 'parity-all', { Effect: 'Allow', Action: 'kms:*', Resource: '*' })),
    };
    const denied = {
      label: 'identity Deny',
      ...(await newKmsUser(
        w,
        iam,
        'parity-deny',
        { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
        {
          Sid: 'NoDecryptNoDeletion',
          Effect: 'Deny',
          Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'],
          Resource: '*',
        },
      )),
    };
    users = [none, all, denied];
    const arns = users.map((u) => u.arn);
    const sealed = async (label: string, key: { arn: string }): Promise<Key> => {
      const out = await rootKms.send(new EncryptCommand({ KeyId: key.arn, Plaintext: plaintext }));
      return { label, arn: key.arn, ciphertext: out.CiphertextBlob! };
    };
    const defaultKey = await sealed('default policy', await newKey(rootKms));
    const naming = await sealed(
      'policy naming the user',
      await newKey(
        rootKms,
        policyDocument(rootAdmin(), {
          Sid: 'UsersUseAndDescribe',
          Effect: 'Allow',
          Principal: { AWS: arns },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
          Resource: '*',
        }),
      ),
    );
    const denying = await sealed(
      'policy denying the user',
      await newKey(
        rootKms,
        policyDocument(
          rootAdmin(),
          {
            Sid: 'Enable IAM User Permissions',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          { Sid: 'NotTheseUsers', Effect: 'Deny', Principal: { AWS: arns }, Action: 'kms:*', Resource: '*' },
        ),
      ),
    );
    const grantKey = await sealed('a grant to the user', await newKey(rootKms, policyDocument(rootAdmin())));
    for (const arn of arns) {
      await rootKms.send(new CreateGrantCommand({ KeyId: grantKey.arn, GranteePrincipal: arn, Operations: GRANTED }));
    }
    keys = [defaultKey, naming, denying, grantKey];
  });

  test('every user × key × action: the same decision, and for a denial the same message', async () => {
    const disagreements: string[] = [];
    let allowedCells = 0;
    for (const user of users) {
      for (const key of keys) {
        for (const [action, call] of Object.entries(CALLS)) {
          const report = await explain(user, key, action);
          const actual = await enforced(call(user, key));
          const cell = `${user.label} × ${key.label} × ${action}`;
          if ((report.decision === 'Allowed') !== actual.allowed) {
            disagreements.push(`${cell}: explain ${report.decision}, SDK ${actual.allowed ? 'allowed' : 'denied'}`);
          } else if (!actual.allowed && report.message !== actual.message) {
            disagreements.push(`${cell}: explain says "${report.message}", SDK says "${actual.message}"`);
          }
          if (actual.allowed) allowedCells++;
        }
      }
    }
    assert.deepEqual(disagreements, []);
    // The matrix is not all one way: both decisions occur.
    assert.ok(allowedCells > 10 && allowedCells < 60, `${allowedCells} of 72 cells allowed`);
  });

  test('the default key policy delegating to IAM: allowed, naming the identity and key policy statements', async () => {
    const all = users[1]!;
    const key = keys[0]!;
    const report = await explain(all, key, 'kms:Decrypt');
    assert.equal(report.decision, 'Allowed');
    const statements = report.result.matched.map((m) => [m.effect, m.policyType, m.policyId, m.sid]);
    assert.deepEqual(statements, [
      ['Allow', 'identity', 'inline:user:parity-all:inline', undefined],
      ['Allow', 'resource', `key policy of ${key.arn}`, 'Enable IAM User Permissions'],
    ]);
    const text = formatExplainReport(report);
    assert.match(text, /Decision: {2}ALLOWED\n/);
    assert.match(
      text,
      new RegExp(`Allow resource key policy of ${key.arn} statement 0 Sid Enable IAM User Permissions`),
    );
  });

  test('a key policy denying the user: an explicit denial naming the Deny statement and its index', async () => {
    const all = users[1]!;
    const key = keys[2]!;
    const report = await explain(all, key, 'kms:Decrypt');
    assert.equal(report.decision, 'ExplicitlyDenied');
    const deny = report.result.matched.find((m) => m.effect === 'Deny');
    assert.deepEqual(
      [deny?.policyId, deny?.sid, deny?.statementIndex],
      [`key policy of ${key.arn}`, 'NotTheseUsers', 2],
    );
    assert.equal(
      report.message,
      `User: ${all.arn} is not authorized to perform: kms:Decrypt on resource: ${key.arn} ` +
        'with an explicit deny in a resource-based policy',
    );
    assert.match(formatExplainReport(report), /Decision: {2}DENIED \(explicit\)\n/);
  });

  test('a grant allows what the policies left implicitly denied, and explain names the grant', async () => {
    const none = users[0]!;
    const key = keys[3]!;
    const report = await explain(none, key, 'kms:Encrypt');
    assert.equal(report.decision, 'Allowed');
    assert.equal(report.result.decision, 'ImplicitlyDenied');
    const step = report.steps?.[0];
    assert.match(step?.allowedBy ?? '', /^grant [0-9a-f]{64}$/);
    assert.match(formatExplainReport(report), /allowed by grant [0-9a-f]{64}/);
    // ScheduleKeyDeletion is no grant operation: the grant does not reach it.
    assert.equal((await explain(none, key, 'kms:ScheduleKeyDeletion')).decision, 'ImplicitlyDenied');
  });

  test('an alias ARN is explained on the key it points to', async () => {
    const { CreateAliasCommand } = await import('@aws-sdk/client-kms');
    const key = keys[0]!;
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/parity', TargetKeyId: key.arn }));
    const report = await explainDecision(w.warden.runtime, {
      principal: users[1]!.arn,
      action: 'kms:Encrypt',
      resource: `arn:aws:kms:us-east-1:${account}:alias/parity`,
    });
    assert.equal(report.decision, 'Allowed');
    assert.deepEqual(
      report.steps?.map((s) => s.resource),
      [key.arn],
    );
  });

  test('the warden explain command reads the same store and prints the same decision', async () => {
    const all = users[1]!;
    const key = keys[0]!;
    const out = await runCli(registerExplainCommand, [
      'explain',
      '--principal',
      all.arn,
      '--action',
      'kms:Decrypt',
      '--resource',
      key.arn,
      '--data-dir',
      w.dataDir,
    ]);
    assert.match(out, /Decision: {2}ALLOWED\n/);
    assert.match(out, /Allow resource key policy of \S+ statement 0 Sid Enable IAM User Permissions/);
    assert.equal(process.exitCode ?? 0, 0);
  });
});
