// `warden create-account` against a data directory: the account row, a working root key, the hashed password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createdAccountMessage, registerAccountCommands } from './cli-accounts.js';
import { openStore } from './store/open.js';
import { MIGRATIONS } from './services/registry.js';
import { SecretBox, loadMasterKey } from './store/secrets.js';
import { findAccessKey, unwrapSecret } from './auth/access-keys.js';
import { verifyPassword } from './auth/passwords.js';
import { runCli } from '../test/helpers/cli.js';

const run = (args: string[]): Promise<string> => runCli(registerAccountCommands, args);

test('create-account prints the root key once and stores it wrapped, with the password hashed', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-cli-accounts-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const out = await run([
    'create-account',
    '--email',
    'solo@example.com',
    '--name',
    'Solo',
    '--account-id',
    '444455556666',
    '--password',
    'a long passphrase',
    '--data-dir',
    dataDir,
  ]);
  assert.match(out, /Created account 444455556666 \(Solo, solo@example.com\)/);
  // The test's stdout is not a terminal: the secret is only in the 0600 file the message names.
  const file = join(dataDir, 'accounts', '444455556666-root-credentials');
  assert.ok(out.includes(file));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const written = readFileSync(file, 'utf8');
  const keyId = /aws_access_key_id = (AKIA[A-Z2-7]{16})/.exec(written)?.[1];
  const secret = /aws_secret_access_key = (\S{40})/.exec(written)?.[1];
  assert.ok(keyId && secret);
  assert.ok(out.includes(keyId) && !out.includes(secret), 'the key id is printed, the secret is not');

  const store = await openStore({ dataDir, migrations: MIGRATIONS });
  t.after(() => store.close());
  const account = await store.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', '444455556666')
    .executeTakeFirstOrThrow();
  assert.equal(account.email, 'solo@example.com');
  assert.equal(account.status, 'ACTIVE');
  const key = (await findAccessKey(store.db, keyId))!;
  assert.equal(key.account_id, '444455556666');
  assert.equal(key.user_name, null);
  const secrets = new SecretBox(loadMasterKey({ dataDir, env: process.env }));
  assert.equal(unwrapSecret(secrets, key), secret);
  const password = await store.db
    .selectFrom('account_root_passwords')
    .selectAll()
    .where('account_id', '=', '444455556666')
    .executeTakeFirstOrThrow();
  assert.equal(await verifyPassword('a long passphrase', password.password_hash), true);
  assert.equal(await verifyPassword('wrong', password.password_hash), false);

  await assert.rejects(run(['create-account', '--email', 'SOLO@example.com', '--data-dir', dataDir]), /already exists/);
});

test('create-account shows the secret on a terminal, and never on a pipe', (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-cli-accounts-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const created = {
    accountId: '111122223333',
    email: 'a@example.com',
    name: 'a',
    accessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
    secretAccessKey: 'secret-secret-secret-secret-secret-secre',
  };
  assert.ok(createdAccountMessage(created, dataDir, true).includes(created.secretAccessKey));
  assert.ok(!createdAccountMessage(created, dataDir, false).includes(created.secretAccessKey));
});
