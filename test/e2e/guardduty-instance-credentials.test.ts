// GuardDuty's InstanceCredentialExfiltration.OutsideAWS end to end: a host registered with `warden agent --once` (from
// 127.0.0.1) calls Systems Manager with its instance credentials from its own address (nothing) and then from
// 127.0.0.2 (an SDK client whose connections are bound there), which raises the High finding naming the instance.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateActivationCommand, DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  CreateDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';

const execFileAsync = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
const EXFIL = 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS';

let w: TestWarden;
let work: string;

before(async () => {
  w = await startWarden();
  work = await mkdtemp(join(tmpdir(), 'warden-gd-instance-'));
});

after(async () => {
  await w?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('instance credentials used from another address raise InstanceCredentialExfiltration.OutsideAWS (High)', async () => {
  const gd = new GuardDutyClient(w.clientConfig);
  const detectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const iam = new IAMClient(w.clientConfig);
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'HybridRole',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: 'HybridRole',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    }),
  );
  const ssm = new SSMClient(w.clientConfig);
  const { ActivationId, ActivationCode } = await ssm.send(new CreateActivationCommand({ IamRole: 'HybridRole' }));
  const stateDir = join(work, 'state');
  const root = join(work, 'root');
  const run = await execFileAsync(
    process.execPath,
    [
      BIN,
      'agent',
      '--activation-id',
      ActivationId!,
      '--activation-code',
      ActivationCode!,
      '--endpoint',
      w.endpoint,
    ].concat(['--root', root, '--state-dir', stateDir, '--once']),
    { timeout: 120_000, env: { ...process.env, AWS_REGION: 'us-east-1' } },
  );
  const instanceId = /(mi-[0-9a-f]{17})/.exec(run.stdout)![1]!;
  const saved = JSON.parse(await readFile(join(stateDir, 'credentials.json'), 'utf8')) as Record<string, string>;
  const credentials = {
    accessKeyId: saved.accessKeyId!,
    secretAccessKey: saved.secretAccessKey!,
    sessionToken: saved.sessionToken!,
  };

  // From the address it registered from: its own use.
  const home = new SSMClient({ ...w.clientConfig, credentials });
  await home.send(new DescribeInstanceInformationCommand({})).catch(() => undefined);
  home.destroy();
  // From another address: the credentials have left the instance.
  const away = new Agent({ localAddress: '127.0.0.2' } as ConstructorParameters<typeof Agent>[0]);
  const thief = new SSMClient({ ...w.clientConfig, credentials, requestHandler: { httpAgent: away } });
  await thief.send(new DescribeInstanceInformationCommand({})).catch(() => undefined);
  thief.destroy();
  away.destroy();

  const criteria = { Criterion: { type: { Eq: [EXFIL] } } };
  const ids = await waitFor(
    async () => {
      const found = (await gd.send(new ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: criteria })))
        .FindingIds!;
      return found.length > 0 ? found : undefined;
    },
    { what: `an ${EXFIL} finding`, timeoutMs: 30_000 },
  );
  const findings: Finding[] = (await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids })))
    .Findings!;
  assert.equal(findings.length, 1, 'the call from 127.0.0.1 raised nothing');
  const [f] = findings;
  assert.equal(f!.Severity, 8);
  assert.equal(f!.Title, 'Credentials for instance role HybridRole used from external IP address.');
  assert.match(
    f!.Description!,
    new RegExp(`managed instance ${instanceId} .* external IP address 127\\.0\\.0\\.2\\.$`),
  );
  assert.equal(f!.Service?.Action?.AwsApiCallAction?.RemoteIpDetails?.IpAddressV4, '127.0.0.2');
  assert.equal(f!.Resource?.AccessKeyDetails?.AccessKeyId, credentials.accessKeyId);
  assert.equal(f!.Resource?.AccessKeyDetails?.PrincipalId?.endsWith(`:${instanceId}`), true);
  gd.destroy();
  iam.destroy();
  ssm.destroy();
});
