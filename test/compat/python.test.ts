// Compat suite: AWS's Python clients (boto3 and the AWS CLI) against a real Warden, unchanged but for the endpoint.
// Skips, with the reason, where python3 + boto3 or the aws CLI is not installed; under CI=true that fails instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { clientEnv, commandRuns, runCommand as run } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const SCENARIO = fileURLToPath(new URL('./iam_scenario.py', import.meta.url));
const STS_SCENARIO = fileURLToPath(new URL('./sts_scenario.py', import.meta.url));

const noBoto3 = requiredInCi(
  commandRuns('python3', ['-c', 'import boto3']) ? false : 'python3 with boto3 is not installed',
);
const noCli = requiredInCi(commandRuns('aws', ['--version']) ? false : 'the AWS CLI (aws) is not installed');

describe('AWS Python clients against Warden', { skip: noBoto3 && noCli ? `${noBoto3}; ${noCli}` : false }, () => {
  let w: TestWarden;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    w = await startWarden();
    home = mkdtempSync(join(tmpdir(), 'warden-compat-'));
    env = clientEnv(w, home);
  });

  after(async () => {
    await w?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test("boto3: an assumed role replaces the caller's permissions; ExternalId decides", { skip: noBoto3 }, async () => {
    const result = await run('python3', [STS_SCENARIO], { ...env, COMPAT_PREFIX: 'compat-sts' });
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);
    assert.deepEqual(seen.wrong_external_id, ['AccessDenied', 403]);
    assert.equal(seen.access_key_prefix, 'ASIA');
    assert.equal(seen.session_arn, 'arn:aws:sts::123456789012:assumed-role/compat-sts-reader/s1');
    assert.equal(seen.session_can_list_users, true);
    assert.equal(seen.session_create_group[0], 'AccessDenied');
    assert.match(
      seen.session_create_group[1],
      /^User: arn:aws:sts::123456789012:assumed-role\/compat-sts-reader\/s1 is not authorized to perform: iam:CreateGroup/,
    );
    assert.equal(seen.bob_list_users, 'AccessDenied');
  });

  test('boto3: a representative IAM script runs unchanged', { skip: noBoto3 }, async () => {
    const result = await run('python3', [SCENARIO], { ...env, COMPAT_PREFIX: 'compat-py' });
    assert.equal(result.code, 0, result.stderr);
    const seen = JSON.parse(result.stdout);

    assert.equal(seen.user.arn, 'arn:aws:iam::123456789012:user/compat-py-alice');
    assert.match(seen.user.id, /^AIDA[A-Z0-9]{17}$/);
    assert.deepEqual(seen.user.tags, [{ Key: 'team', Value: 'compat' }]);
    assert.equal(seen.policy_arn, 'arn:aws:iam::123456789012:policy/compat-py-read');
    assert.deepEqual(seen.role, {
      arn: 'arn:aws:iam::123456789012:role/compat-py-role',
      trust_is_decoded: true,
      create_date_type: 'datetime',
      max_session: 3600,
    });
    assert.equal(seen.policy_document_is_decoded, true);
    assert.equal(seen.user_in_list, true);
    assert.deepEqual(seen.groups_for_user, ['compat-py-devs']);
    assert.deepEqual(seen.attached, ['compat-py-read']);
    assert.deepEqual(seen.group_members, ['compat-py-alice']);
    assert.deepEqual(seen.paginated_users, ['compat-py-alice', 'compat-py-bob']);
    assert.deepEqual(seen.access_key, { id_prefix: 'AKIA', secret_length: 40, status: 'Active' });
    assert.equal(seen.alice_identity, 'arn:aws:iam::123456789012:user/compat-py-alice');
    assert.equal(seen.caller, 'arn:aws:iam::123456789012:root');

    assert.deepEqual(seen.errors.no_such_user, {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name compat-py-nobody cannot be found.',
    });
    assert.deepEqual(seen.errors.duplicate_user, {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name compat-py-alice already exists.',
    });
    assert.deepEqual(seen.errors.delete_conflict, {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete access keys first.',
    });
    assert.equal(seen.errors.malformed_policy.code, 'MalformedPolicyDocument');
    assert.equal(seen.errors.malformed_policy.status, 400);
    assert.equal(seen.modeled_exception, 'NoSuchEntityException');
    assert.deepEqual(seen.summary, { users_at_least_two: true, users_quota: 5000 });
    assert.deepEqual(seen.left_behind, []);
  });

  test('AWS CLI: create-user, list-users, a service error, get-caller-identity', { skip: noCli }, async () => {
    const aws = (...args: string[]) => run('aws', [...args, '--endpoint-url', w.endpoint, '--output', 'json'], env);

    const created = await aws('iam', 'create-user', '--user-name', 'compat-cli-user', '--path', '/cli/');
    assert.equal(created.code, 0, created.stderr);
    const user = JSON.parse(created.stdout).User;
    assert.equal(user.UserName, 'compat-cli-user');
    assert.equal(user.Arn, 'arn:aws:iam::123456789012:user/cli/compat-cli-user');

    const listed = await aws('iam', 'list-users', '--path-prefix', '/cli/');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).Users.map((u: { UserName: string }) => u.UserName),
      ['compat-cli-user'],
    );

    const missing = await aws('iam', 'get-user', '--user-name', 'compat-cli-nobody');
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /An error occurred \(NoSuchEntity\) when calling the GetUser operation: The user with name compat-cli-nobody cannot be found\./,
    );

    const deleted = await aws('iam', 'delete-user', '--user-name', 'compat-cli-user');
    assert.equal(deleted.code, 0, deleted.stderr);

    const identity = await aws('sts', 'get-caller-identity');
    assert.equal(identity.code, 0, identity.stderr);
    assert.deepEqual(JSON.parse(identity.stdout), {
      UserId: '123456789012',
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:root',
    });
  });
});
