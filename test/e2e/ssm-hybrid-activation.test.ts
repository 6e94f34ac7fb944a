// Systems Manager hybrid activations end to end: a role trusted by SSM, an activation, `warden agent --once` run as a
// child process against a fixture root, then the managed instance and its inventory read back, and the refusals.
// Systems Manager is called with the SDK v3 client; each call's outcome is read as status and body (an error as its
// code and message) so the refusals read like the successes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateActivationCommand,
  DeleteActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  ListInventoryEntriesCommand,
  PutInventoryCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

const TRUST_SSM = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const TRUST_EC2 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const DPKG_STATUS = `Package: openssl
Status: install ok installed
Priority: optional
Section: utils
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Version: 3.0.11-1~deb12u2
Homepage: https://www.openssl.org/
Description: Secure Sockets Layer toolkit - cryptographic utility
 This package is part of the OpenSSL project's implementation.

Package: removed-thing
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.36-9+deb12u4
Description: GNU C Library: Shared libraries
`;

const LOCKFILE = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '1.0.0' },
    'node_modules/lodash': { version: '4.17.20' },
    'node_modules/@scope/pkg': { version: '2.0.0', dev: true },
  },
});

const METADATA = `Metadata-Version: 2.1
Name: requests
Version: 2.31.0
Summary: Python HTTP for Humans.
Home-page: https://requests.readthedocs.io

Body text.
`;

// 0.0.0.0:22 and 127.0.0.1:5432 listening; one established connection that is no listener.
const PROC_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 1002 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1538 0100007F:D431 01 00000000:00000000 00:00000000 00000000   105        0 1003 1 0000000000000000 20 4 0 10 -1
`;
const PROC_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 100 0 0 10 0
`;

async function writeFixture(root: string): Promise<void> {
  const files: Record<string, string> = {
    'var/lib/dpkg/status': DPKG_STATUS,
    'etc/os-release': 'ID=debian\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
    'srv/app/package-lock.json': LOCKFILE,
    'usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA': METADATA,
    'proc/net/tcp': PROC_TCP,
    'proc/net/tcp6': PROC_TCP6,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  // Process 123 (sshd) holds the socket of inode 1001, as /proc/<pid>/fd links show it.
  await mkdir(join(root, 'proc/123/fd'), { recursive: true });
  await writeFile(join(root, 'proc/123/comm'), 'sshd\n');
  await symlink('socket:[1001]', join(root, 'proc/123/fd/3'));
  await symlink('/dev/null', join(root, 'proc/123/fd/0'));
}

interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAgent(args: string[]): Promise<AgentRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'agent', ...args],
      { timeout: 120_000, env: { ...process.env, AWS_REGION: 'us-east-1' } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

describe('SSM hybrid activations and inventory', () => {
  let w: TestWarden;
  let root: string;
  let work: string;

  const COMMANDS = {
    CreateActivation: CreateActivationCommand,
    DeleteActivation: DeleteActivationCommand,
    DeregisterManagedInstance: DeregisterManagedInstanceCommand,
    DescribeActivations: DescribeActivationsCommand,
    DescribeInstanceInformation: DescribeInstanceInformationCommand,
    GetInventory: GetInventoryCommand,
    ListInventoryEntries: ListInventoryEntriesCommand,
    PutInventory: PutInventoryCommand,
  } as const;

  async function ssm(operation: keyof typeof COMMANDS, input: unknown, creds: Creds = w.credentials) {
    const client = new SSMClient({ ...w.clientConfig, credentials: creds });
    const Command = COMMANDS[operation] as unknown as new (input: unknown) => Parameters<SSMClient['send']>[0];
    try {
      const out = (await client.send(new Command(input))) as unknown as Record<string, any>;
      return { status: out.$metadata.httpStatusCode as number, json: out };
    } catch (err) {
      if (!(err instanceof SSMServiceException)) throw err;
      return {
        status: err.$metadata.httpStatusCode ?? 0,
        json: { __type: err.name, message: err.message } as Record<string, any>,
      };
    } finally {
      client.destroy();
    }
  }

  async function activation(extra: Record<string, unknown> = {}) {
    const res = await ssm('CreateActivation', { IamRole: 'HybridRole', DefaultInstanceName: 'fixture-host', ...extra });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return res.json as { ActivationId: string; ActivationCode: string };
  }

  before(async () => {
    w = await startWarden();
    work = await mkdtemp(join(tmpdir(), 'warden-ssm-'));
    root = join(work, 'root');
    await writeFixture(root);
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateRoleCommand({ RoleName: 'HybridRole', AssumeRolePolicyDocument: TRUST_SSM }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'HybridRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'Ec2Only', AssumeRolePolicyDocument: TRUST_EC2 }));
  });

  after(async () => {
    await w.stop();
    await rm(work, { recursive: true, force: true });
  });

  test('CreateActivation refuses a role SSM may not assume, and dates outside 30 days', async () => {
    const untrusted = await ssm('CreateActivation', { IamRole: 'Ec2Only' });
    assert.equal(untrusted.status, 400);
    assert.equal(untrusted.json.__type, 'InvalidParameters');
    assert.equal(
      untrusted.json.Message ?? untrusted.json.message,
      `Nonexistent role or missing ssm service principal in trust policy: arn:aws:iam::${w.accountId}:role/Ec2Only`,
    );
    const missing = await ssm('CreateActivation', { IamRole: 'NoSuchRole' });
    assert.equal(missing.json.__type, 'InvalidParameters');
    const tooLate = await ssm('CreateActivation', {
      IamRole: 'HybridRole',
      ExpirationDate: new Date(Date.now() + 31 * 24 * 3600 * 1000),
    });
    assert.equal(tooLate.json.__type, 'InvalidParameters');
  });

  test('an activation registers a host with `warden agent --once`, whose inventory is read back', async () => {
    const { ActivationId, ActivationCode } = await activation({
      RegistrationLimit: 2,
      Tags: [{ Key: 'env', Value: 't' }],
    });
    assert.match(ActivationId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(ActivationCode.length, 20);

    const stateDir = join(work, 'state-1');
    const run = await runAgent([
      '--activation-id',
      ActivationId,
      '--activation-code',
      ActivationCode,
      '--endpoint',
      w.endpoint,
      '--region',
      'us-east-1',
      '--root',
      root,
      '--state-dir',
      stateDir,
      '--once',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const instanceId = /(mi-[0-9a-f]{17})/.exec(run.stdout)?.[1];
    assert.ok(instanceId, run.stdout);
    // The instance's private key and credentials are readable by their owner only.
    for (const file of ['instance-key.pem', 'credentials.json', 'registration.json']) {
      assert.equal((await stat(join(stateDir, file))).mode & 0o777, 0o600, file);
    }

    const described = await ssm('DescribeActivations', {
      Filters: [{ FilterKey: 'ActivationIds', FilterValues: [ActivationId] }],
    });
    assert.equal(described.status, 200);
    const [act] = described.json.ActivationList;
    assert.equal(act.RegistrationsCount, 1);
    assert.equal(act.RegistrationLimit, 2);
    assert.equal(act.Expired, false);
    assert.equal(act.IamRole, 'HybridRole');
    assert.deepEqual(act.Tags, [{ Key: 'env', Value: 't' }]);
    assert.equal('ActivationCode' in act, false);

    const info = await ssm('DescribeInstanceInformation', { Filters: [{ Key: 'InstanceIds', Values: [instanceId] }] });
    assert.equal(info.status, 200, JSON.stringify(info.json));
    const [instance] = info.json.InstanceInformationList;
    assert.equal(instance.InstanceId, instanceId);
    assert.equal(instance.PingStatus, 'Online');
    assert.equal(instance.ResourceType, 'ManagedInstance');
    assert.equal(instance.ActivationId, ActivationId);
    assert.equal(instance.IamRole, 'HybridRole');
    assert.equal(instance.Name, 'fixture-host');
    assert.equal(instance.PlatformType, 'Linux');
    assert.equal(instance.PlatformName, 'Debian GNU/Linux');
    assert.equal(instance.PlatformVersion, '12');
    assert.ok(instance.AgentVersion);

    const apps = await ssm('ListInventoryEntries', { InstanceId: instanceId, TypeName: 'AWS:Application' });
    assert.equal(apps.status, 200, JSON.stringify(apps.json));
    const entries = apps.json.Entries as Record<string, string>[];
    const byName = new Map(entries.map((e) => [e.Name, e]));
    assert.deepEqual([...byName.keys()].sort(), ['@scope/pkg', 'libc6', 'lodash', 'openssl', 'requests']);
    assert.equal(byName.get('openssl')?.Version, '3.0.11-1~deb12u2');
    assert.equal(byName.get('openssl')?.PackageId, 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64');
    assert.equal(byName.get('lodash')?.PackageId, 'pkg:npm/lodash@4.17.20');
    assert.equal(byName.get('@scope/pkg')?.PackageId, 'pkg:npm/%40scope/pkg@2.0.0');
    assert.equal(byName.get('requests')?.PackageId, 'pkg:pypi/requests@2.31.0');

    const filtered = await ssm('ListInventoryEntries', {
      InstanceId: instanceId,
      TypeName: 'AWS:Application',
      Filters: [{ Key: 'Name', Values: ['open'], Type: 'BeginWith' }],
    });
    assert.deepEqual(
      filtered.json.Entries.map((e: Record<string, string>) => e.Name),
      ['openssl'],
    );

    const sockets = await ssm('ListInventoryEntries', {
      InstanceId: instanceId,
      TypeName: 'Custom:WardenListeningSockets',
    });
    assert.deepEqual(
      sockets.json.Entries.map((e: Record<string, string>) => `${e.Protocol} ${e.LocalAddress}:${e.LocalPort}`),
      ['tcp 0.0.0.0:22', 'tcp 127.0.0.1:5432', 'tcp6 :::80'],
    );
    assert.equal(sockets.json.Entries[0].Process, 'sshd');
    assert.equal(sockets.json.Entries[0].Pid, '123');
    assert.equal(sockets.json.Entries[1].Process, undefined);

    const paged = await ssm('ListInventoryEntries', {
      InstanceId: instanceId,
      TypeName: 'AWS:Application',
      MaxResults: 2,
    });
    assert.equal(paged.json.Entries.length, 2);
    const rest = await ssm('ListInventoryEntries', {
      InstanceId: instanceId,
      TypeName: 'AWS:Application',
      MaxResults: 50,
      NextToken: paged.json.NextToken,
    });
    assert.equal(rest.json.Entries.length, 3);

    const inventory = await ssm('GetInventory', {
      Filters: [{ Key: 'AWS:Application.Name', Values: ['lodash'], Type: 'Equal' }],
      ResultAttributes: [{ TypeName: 'AWS:Application' }],
    });
    assert.equal(inventory.status, 200, JSON.stringify(inventory.json));
    assert.deepEqual(
      inventory.json.Entities.map((e: { Id: string }) => e.Id),
      [instanceId],
    );
    assert.equal(inventory.json.Entities[0].Data['AWS:Application'].Content.length, 5);
    const none = await ssm('GetInventory', { Filters: [{ Key: 'AWS:Application.Name', Values: ['left-pad'] }] });
    assert.deepEqual(none.json.Entities, []);

    // The registration is in the trail as a Systems Manager service event.
    await w.warden.runtime.audit.flush();
    const trail = new CloudTrailClient(w.clientConfig);
    const registered = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RegisterManagedInstance' }],
      }),
    );
    const event = (registered.Events ?? [])
      .map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, any>)
      .find((r) => r.serviceEventDetails?.instanceId === instanceId);
    assert.ok(event, 'no RegisterManagedInstance record for the instance');
    assert.equal(event.eventType, 'AwsServiceEvent');
    assert.equal(event.eventSource, 'ssm.amazonaws.com');
    assert.equal(event.serviceEventDetails.activationId, ActivationId);
    assert.ok(!JSON.stringify(event).includes(ActivationCode));

    // A second run reuses the registration kept in the state folder.
    const again = await runAgent(['--endpoint', w.endpoint, '--root', root, '--state-dir', stateDir, '--once']);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.stdout.includes(instanceId));
    const count = await ssm('DescribeActivations', {
      Filters: [{ FilterKey: 'ActivationIds', FilterValues: [ActivationId] }],
    });
    assert.equal(count.json.ActivationList[0].RegistrationsCount, 1);
  });

  test('a wrong activation code is refused, and the registration limit holds', async () => {
    const { ActivationId, ActivationCode } = await activation({ RegistrationLimit: 1 });
    const wrong = await runAgent([
      '--activation-id',
      ActivationId,
      '--activation-code',
      'AAAAAAAAAAAAAAAAAAAA',
      '--endpoint',
      w.endpoint,
      '--root',
      root,
      '--state-dir',
      join(work, 'state-wrong'),
      '--once',
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /InvalidActivation: Activation ID or Code is not valid\./);

    const common = ['--activation-id', ActivationId, '--activation-code', ActivationCode, '--endpoint', w.endpoint];
    const first = await runAgent([...common, '--root', root, '--state-dir', join(work, 'state-a'), '--once']);
    assert.equal(first.code, 0, first.stderr);
    const second = await runAgent([...common, '--root', root, '--state-dir', join(work, 'state-b'), '--once']);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /ActivationLimitExceeded/);
  });

  test('an expired activation is refused', async () => {
    const { ActivationId, ActivationCode } = await activation();
    // Expire it in the store: CreateActivation accepts only future dates, and no test waits a day.
    await w.warden.runtime.store.db
      .updateTable('ssm_activations')
      .set({ expires_at: Date.now() - 1000 })
      .where('activation_id', '=', ActivationId)
      .execute();
    const described = await ssm('DescribeActivations', {
      Filters: [{ FilterKey: 'ActivationIds', FilterValues: [ActivationId] }],
    });
    assert.equal(described.json.ActivationList[0].Expired, true);
    const run = await runAgent([
      '--activation-id',
      ActivationId,
      '--activation-code',
      ActivationCode,
      '--endpoint',
      w.endpoint,
      '--root',
      root,
      '--state-dir',
      join(work, 'state-expired'),
      '--once',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ActivationExpired/);
  });

  test('DeregisterManagedInstance removes the instance and its credentials stop working', async () => {
    const { ActivationId, ActivationCode } = await activation();
    const stateDir = join(work, 'state-dereg');
    const run = await runAgent([
      '--activation-id',
      ActivationId,
      '--activation-code',
      ActivationCode,
      '--endpoint',
      w.endpoint,
      '--root',
      root,
      '--state-dir',
      stateDir,
      '--once',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const instanceId = /(mi-[0-9a-f]{17})/.exec(run.stdout)![1];
    const saved = JSON.parse(await readFile(join(stateDir, 'credentials.json'), 'utf8')) as Creds;
    // The agent's file as it keeps it; the SDK takes the key, secret and token.
    const creds: Creds = {
      accessKeyId: saved.accessKeyId,
      secretAccessKey: saved.secretAccessKey,
      sessionToken: saved.sessionToken,
    };
    const before = await ssm(
      'PutInventory',
      {
        InstanceId: instanceId,
        Items: [
          {
            TypeName: 'Custom:Probe',
            SchemaVersion: '1.0',
            CaptureTime: '2026-01-01T00:00:00Z',
            Content: [{ A: 'b' }],
          },
        ],
      },
      creds,
    );
    assert.equal(before.status, 200, JSON.stringify(before.json));

    const dereg = await ssm('DeregisterManagedInstance', { InstanceId: instanceId });
    assert.equal(dereg.status, 200, JSON.stringify(dereg.json));
    const afterwards = await ssm(
      'PutInventory',
      {
        InstanceId: instanceId,
        Items: [
          {
            TypeName: 'Custom:Probe',
            SchemaVersion: '1.0',
            CaptureTime: '2026-01-01T00:00:00Z',
            Content: [{ A: 'c' }],
          },
        ],
      },
      creds,
    );
    // AWS's JSON services answer credentials they do not recognize so: 400 UnrecognizedClientException.
    assert.equal(afterwards.status, 400);
    assert.equal(afterwards.json.__type, 'UnrecognizedClientException');
    const info = await ssm('DescribeInstanceInformation', { Filters: [{ Key: 'InstanceIds', Values: [instanceId] }] });
    assert.deepEqual(info.json.InstanceInformationList, []);
    const again = await ssm('DeregisterManagedInstance', { InstanceId: instanceId });
    assert.equal(again.json.__type, 'InvalidInstanceId');
    // Its next run cannot renew credentials either.
    const rerun = await runAgent(['--endpoint', w.endpoint, '--root', root, '--state-dir', stateDir, '--once']);
    assert.equal(rerun.code, 1);
  });

  test('CloudTrail records CreateActivation under ssm.amazonaws.com, with the activation code hidden', async () => {
    const { ActivationId, ActivationCode } = await activation();
    await w.warden.runtime.audit.flush();
    const trail = new CloudTrailClient(w.clientConfig);
    const events = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateActivation' }],
      }),
    );
    const record = (events.Events ?? [])
      .map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, any>)
      .find((r) => JSON.stringify(r).includes(ActivationId));
    assert.ok(record, 'no CreateActivation record names the activation');
    assert.equal(record.eventSource, 'ssm.amazonaws.com');
    assert.equal(record.responseElements.activationCode, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.ok(!JSON.stringify(record).includes(ActivationCode));
  });

  test('a user without Systems Manager permissions is denied', async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    for (const [operation, input] of [
      ['CreateActivation', { IamRole: 'HybridRole' }],
      ['DescribeInstanceInformation', {}],
      ['GetInventory', {}],
    ] as const) {
      const res = await ssm(operation, input, creds);
      assert.equal(res.status, 400, operation);
      assert.equal(res.json.__type, 'AccessDeniedException', operation);
      assert.match(String(res.json.Message ?? res.json.message), new RegExp(`ssm:${operation}`));
    }
  });

  test('CreateActivation needs iam:PassRole on the role, for ssm.amazonaws.com', async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const allow = (name: string, statement: Record<string, unknown>) =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'operator',
          PolicyName: name,
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] }),
        }),
      );
    await allow('ssm', { Action: 'ssm:*', Resource: '*' });
    const roleArn = `arn:aws:iam::${w.accountId}:role/HybridRole`;
    const denied = await ssm('CreateActivation', { IamRole: 'HybridRole' }, creds);
    assert.equal(denied.json.__type, 'AccessDeniedException');
    assert.match(
      String(denied.json.Message ?? denied.json.message),
      new RegExp(`is not authorized to perform: iam:PassRole on resource: ${roleArn}`),
    );
    // Passing it to another service is not passing it to Systems Manager.
    await allow('pass', {
      Action: 'iam:PassRole',
      Resource: roleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
    assert.equal(
      (await ssm('CreateActivation', { IamRole: 'HybridRole' }, creds)).json.__type,
      'AccessDeniedException',
    );
    await allow('pass', {
      Action: 'iam:PassRole',
      Resource: roleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    });
    const created = await ssm('CreateActivation', { IamRole: 'HybridRole' }, creds);
    assert.equal(created.status, 200, JSON.stringify(created.json));
  });

  test('DeleteActivation deletes; a second delete is InvalidActivation', async () => {
    const { ActivationId } = await activation();
    assert.equal((await ssm('DeleteActivation', { ActivationId })).status, 200);
    const again = await ssm('DeleteActivation', { ActivationId });
    assert.equal(again.json.__type, 'InvalidActivation');
  });
});
