// Compat: the README's ~/.aws/config snippet works with the AWS CLI as written: a Warden profile, and a role profile
// whose AssumeRole goes to Warden (not to AWS's STS) because it names the endpoint too. Skips without the CLI,
// fails under CI=true.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { requiredInCi } from '../helpers/ci.js';
import { commandRuns, runCommand } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const noCli = requiredInCi(commandRuns('aws', ['--version']) ? false : 'the AWS CLI (aws) is not installed');

/** The README's `~/.aws/config` block (between the markers), as a reader would copy it. */
function readmeConfig(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /<!-- aws-config -->\s*```ini\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has the ~/.aws/config snippet');
  return block;
}

/** Runs the CLI without blocking the event loop: the Warden it talks to serves from this same process. */
const aws = (args: string[], env: NodeJS.ProcessEnv) => runCommand('aws', args, env);

describe('AWS CLI profiles from the README', { skip: noCli }, () => {
  let w: TestWarden;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    w = await startWarden();
    home = mkdtempSync(join(tmpdir(), 'warden-cli-profiles-'));
    // The snippet as written, pointed at this test's server and account.
    const config = readmeConfig()
      .replaceAll('http://127.0.0.1:4599', w.endpoint)
      .replaceAll('123456789012', w.accountId);
    writeFileSync(join(home, 'config'), config);

    // A clean client environment: the caller's own AWS profiles, keys and endpoints must not leak in.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    env = {
      ...inherited,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
    const iam = new IAMClient(w.clientConfig);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'Admin',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.accountId}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'Admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    );
    // The README's source profile: an IAM user allowed to assume roles (the root user may not, as on AWS).
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'assume-roles',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        }),
      }),
    );
    const dev = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    writeFileSync(
      join(home, 'credentials'),
      `[warden]\naws_access_key_id = ${w.credentials.accessKeyId}\naws_secret_access_key = ${w.credentials.secretAccessKey}\n` +
        `[warden-dev]\naws_access_key_id = ${dev.AccessKeyId}\naws_secret_access_key = ${dev.SecretAccessKey}\n`,
    );
  });

  after(async () => {
    await w?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('the warden profile reaches Warden as root', async () => {
    const result = await aws(['--profile', 'warden', 'sts', 'get-caller-identity', '--query', 'Arn'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), `arn:aws:iam::${w.accountId}:root`);
  });

  test("the role profile's AssumeRole is Warden's: its session calls IAM", async () => {
    const who = await aws(['--profile', 'warden-admin', 'sts', 'get-caller-identity', '--query', 'Arn'], env);
    assert.equal(who.code, 0, who.stderr);
    assert.match(JSON.parse(who.stdout) as string, new RegExp(`^arn:aws:sts::${w.accountId}:assumed-role/Admin/`));
    const roles = await aws(['--profile', 'warden-admin', 'iam', 'list-roles', '--query', 'Roles[].RoleName'], env);
    assert.equal(roles.code, 0, roles.stderr);
    assert.ok((JSON.parse(roles.stdout) as string[]).includes('Admin'));
  });

  test('a service Warden does not serve is named in the error the CLI prints', async () => {
    const result = await aws(['--profile', 'warden', 'securityhub', 'get-findings'], env);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(UnknownOperationException\).*Warden does not serve the service 'securityhub'/);
  });
});
