// GuardDuty detection from the audit trail through the SDK: attack sequences replayed through the real APIs each raise
// their documented finding (polled with a 5 s deadline), a benign workload of equal size raises none, an ARCHIVE filter
// and a trusted IPSet suppress, repeats aggregate, and `warden guardduty import-trail` over the same calls' CloudTrail
// records (a .json.gz, run as a child process beside the server) raises the same finding types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  CreateDetectorCommand,
  CreateFilterCommand,
  CreateIPSetCommand,
  CreateThreatIntelSetCommand,
  GetFindingsCommand,
  GetIPSetCommand,
  GetThreatIntelSetCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFiltersCommand,
  ListFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';

const execFileAsync = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

const ROOT = 'Policy:IAMUser/RootCredentialUsage';
const TRAIL_OFF = 'Stealth:IAMUser/CloudTrailLoggingDisabled';
const PASSWORD = 'Stealth:IAMUser/PasswordPolicyChange';
const THREAT = 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom';
const KALI = 'PenTest:IAMUser/KaliLinux';

/** Every finding must appear within this long of its call (the bound), polled; never a timing assertion. */
const WITHIN_MS = 5_000;

/** One Region per scenario: each has its own detector, lists and filters, and sees only its Region's calls. */
const ATTACK = 'us-east-1';
const BENIGN = 'us-west-2';
const THREAT_REGION = 'eu-west-1';
const TRUSTED_REGION = 'eu-central-1';
const ARCHIVE_REGION = 'ap-southeast-1';
const IMPORT_REGION = 'ca-central-1';

let w: TestWarden;
let listDir: string;
let work: string;
let admin: { accessKeyId: string; secretAccessKey: string };
const detectors = new Map<string, string>();

const kaliAgent = 'aws-cli/1.18.69 Python/3.8.5 Linux/5.7.0-kali1-amd64 botocore/1.17.42';

/** Clients of the root user (the default credentials) or the admin user, in a Region, optionally with a Kali agent. */
function client<C extends GuardDutyClient | IAMClient | CloudTrailClient>(
  Ctor: new (config: object) => C,
  region: string,
  opts: { as?: 'root' | 'admin'; agent?: string } = {},
): C {
  const c = new Ctor({
    ...w.clientConfig,
    region,
    ...(opts.as === 'admin' && { credentials: admin }),
  });
  if (opts.agent) {
    const agent = opts.agent;
    type Args = { request: { headers: Record<string, string> } };
    type Next = (args: Args) => Promise<unknown>;
    const stack = c.middlewareStack as unknown as { add(mw: (next: Next) => Next, opts: object): void };
    stack.add(
      (next) => async (args) => {
        // Set after signing: SigV4 as the SDK does it leaves user-agent unsigned.
        args.request.headers['user-agent'] = agent;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'kaliUserAgent' },
    );
  }
  return c;
}

/** A detector's findings, read by the administrator (reads by the root user would raise findings of their own). */
async function findings(region: string, detectorId = detectors.get(region)!): Promise<Finding[]> {
  const gd = client(GuardDutyClient, region, { as: 'admin' });
  const { FindingIds } = await gd.send(new ListFindingsCommand({ DetectorId: detectorId }));
  if (!FindingIds?.length) return [];
  return (await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds }))).Findings ?? [];
}

/** Polls until a finding of `type` (matching `where`) exists in the Region's detector, with the 5 s bound. */
function finding(region: string, type: string, where: (f: Finding) => boolean = () => true): Promise<Finding> {
  return waitFor(async () => (await findings(region)).find((f) => f.Type === type && where(f)), {
    what: `${type} in ${region}`,
    timeoutMs: WITHIN_MS,
    intervalMs: 50,
  });
}

/**
 * Waits until every call made so far has been analysed: the one worker analyses records in commit order, so once a
 * root call made now has raised its finding (seen by its increased Count), every earlier record was analysed too.
 */
async function analysedSoFar(): Promise<void> {
  const gd = client(GuardDutyClient, ATTACK);
  const count = async () =>
    (await findings(ATTACK)).find((f) => f.Type === ROOT && f.Resource?.AccessKeyDetails?.UserType === 'Root')?.Service
      ?.Count ?? 0;
  const before = await count();
  await gd.send(new ListDetectorsCommand({}));
  await waitFor(async () => (await count()) > before, {
    what: 'the pipeline to reach the marker call',
    timeoutMs: WITHIN_MS,
  });
}

/** What a detector holds now (its setup calls by the root user raised findings): ids and counts. */
async function snapshot(region: string): Promise<string[]> {
  return (await findings(region)).map((f) => `${f.Type} ${f.Id} ${f.Service?.Count}`).sort();
}

async function listActive(region: string, kind: 'ipset' | 'threat', id: string): Promise<void> {
  const gd = client(GuardDutyClient, region);
  const DetectorId = detectors.get(region)!;
  await waitFor(
    async () =>
      (kind === 'ipset'
        ? (await gd.send(new GetIPSetCommand({ DetectorId, IpSetId: id }))).Status
        : (await gd.send(new GetThreatIntelSetCommand({ DetectorId, ThreatIntelSetId: id }))).Status) === 'ACTIVE',
    { what: `${kind} ${id} ACTIVE in ${region}` },
  );
}

async function addList(region: string, kind: 'ipset' | 'threat', name: string): Promise<void> {
  const gd = client(GuardDutyClient, region);
  const input = { DetectorId: detectors.get(region)!, Name: name, Format: 'TXT' as const, Activate: true };
  const Location = join(listDir, 'loopback.txt');
  const id =
    kind === 'ipset'
      ? (await gd.send(new CreateIPSetCommand({ ...input, Location }))).IpSetId!
      : (await gd.send(new CreateThreatIntelSetCommand({ ...input, Location }))).ThreatIntelSetId!;
  await listActive(region, kind, id);
}

before(async () => {
  listDir = await mkdtemp(join(tmpdir(), 'gd-trail-lists-'));
  work = await mkdtemp(join(tmpdir(), 'gd-trail-work-'));
  // The test's calls come from 127.0.0.1: the lists that must match them hold it.
  await writeFile(join(listDir, 'loopback.txt'), '127.0.0.1/32\n');
  w = await startWarden({ guarddutyListDir: listDir });
  for (const region of [ATTACK, BENIGN, THREAT_REGION, TRUSTED_REGION, ARCHIVE_REGION, IMPORT_REGION]) {
    const gd = client(GuardDutyClient, region);
    detectors.set(region, (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!);
  }
  // A non-root administrator for the workloads that must raise nothing of their own, set up in a Region no
  // detector watches.
  const iam = client(IAMClient, 'sa-east-1');
  await iam.send(new CreateUserCommand({ UserName: 'admin' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'admin',
      PolicyName: 'all',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
  admin = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  await addList(THREAT_REGION, 'threat', 'loopback-threats');
  // Trusted first: from then on nothing from 127.0.0.1 raises a finding in that Region.
  await addList(TRUSTED_REGION, 'ipset', 'office');
  await addList(TRUSTED_REGION, 'threat', 'loopback-threats');
});

after(async () => {
  await w?.stop();
  if (listDir) await rm(listDir, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

test('a root API call raises Policy:IAMUser/RootCredentialUsage; repeats aggregate into its Count', async () => {
  const gd = client(GuardDutyClient, ATTACK);
  await gd.send(new ListDetectorsCommand({}));
  const first = await finding(ATTACK, ROOT);
  assert.equal(first.Severity, 2);
  assert.equal(first.Resource?.ResourceType, 'AccessKey');
  assert.equal(first.Resource?.AccessKeyDetails?.UserType, 'Root');
  assert.equal(first.Resource?.AccessKeyDetails?.UserName, 'Root');
  assert.equal(first.Resource?.AccessKeyDetails?.AccessKeyId, w.credentials.accessKeyId);
  assert.equal(first.Service?.Action?.ActionType, 'AWS_API_CALL');
  assert.equal(first.Service?.Action?.AwsApiCallAction?.CallerType, 'Remote IP');
  assert.equal(first.Service?.Action?.AwsApiCallAction?.RemoteIpDetails?.IpAddressV4, '127.0.0.1');
  assert.equal(first.Service?.Action?.AwsApiCallAction?.ServiceName, 'guardduty.amazonaws.com');
  assert.equal(first.Service?.ResourceRole, 'TARGET');
  assert.equal(first.Service?.FeatureName, 'CloudTrail');
  const count = first.Service?.Count ?? 0;
  await gd.send(new ListFiltersCommand({ DetectorId: detectors.get(ATTACK)! }));
  await gd.send(new ListFiltersCommand({ DetectorId: detectors.get(ATTACK)! }));
  const later = await finding(ATTACK, ROOT, (f) => (f.Service?.Count ?? 0) >= count + 2);
  assert.equal(later.Id, first.Id, 'one finding, counted');
});

test('StopLogging and DeleteTrail through the CloudTrail API raise Stealth:IAMUser/CloudTrailLoggingDisabled', async () => {
  const ct = client(CloudTrailClient, ATTACK, { as: 'admin' });
  await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'audit-logs-bucket' }));
  await ct.send(new StartLoggingCommand({ Name: 'main' }));
  await ct.send(new StopLoggingCommand({ Name: 'main' }));
  const stopped = await finding(ATTACK, TRAIL_OFF);
  assert.equal(stopped.Severity, 2);
  assert.equal(stopped.Title, 'AWS CloudTrail trail main was disabled.');
  assert.equal(stopped.Resource?.AccessKeyDetails?.UserName, 'admin');
  assert.equal(stopped.Resource?.AccessKeyDetails?.UserType, 'IAMUser');
  assert.equal(stopped.Service?.Action?.AwsApiCallAction?.Api, 'StopLogging');
  await ct.send(new DeleteTrailCommand({ Name: 'main' }));
  const deleted = await finding(ATTACK, TRAIL_OFF, (f) => f.Service?.Action?.AwsApiCallAction?.Api === 'DeleteTrail');
  assert.equal(deleted.Id, stopped.Id, 'the same trail and actor: one finding');
  assert.equal(deleted.Service?.Count, 2);
});

test('a weakened password policy raises Stealth:IAMUser/PasswordPolicyChange; deleting it too', async () => {
  const iam = client(IAMClient, ATTACK, { as: 'admin' });
  const strong = {
    MinimumPasswordLength: 16,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
  };
  await iam.send(new UpdateAccountPasswordPolicyCommand(strong));
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({ ...strong, MinimumPasswordLength: 8, RequireSymbols: false }),
  );
  const weakened = await finding(ATTACK, PASSWORD);
  assert.equal(weakened.Severity, 2);
  assert.equal(weakened.Service?.Action?.AwsApiCallAction?.Api, 'UpdateAccountPasswordPolicy');
  await iam.send(new DeleteAccountPasswordPolicyCommand({}));
  await finding(ATTACK, PASSWORD, (f) => f.Service?.Action?.AwsApiCallAction?.Api === 'DeleteAccountPasswordPolicy');
});

test('calls with a Kali Linux user agent raise PenTest:IAMUser/KaliLinux', async () => {
  const iam = client(IAMClient, ATTACK, { as: 'admin', agent: kaliAgent });
  await iam.send(new ListUsersCommand({}));
  const kali = await finding(ATTACK, KALI);
  assert.equal(kali.Severity, 5);
  assert.equal(kali.Title, 'The API ListUsers was invoked from a Kali Linux computer.');
  assert.equal(kali.Service?.Action?.AwsApiCallAction?.UserAgent, kaliAgent);
});

test('calls from an address on an active ThreatIntelSet raise MaliciousIPCaller.Custom naming the list', async () => {
  const gd = client(GuardDutyClient, THREAT_REGION, { as: 'admin' });
  await gd.send(
    new CreateFilterCommand({
      DetectorId: detectors.get(THREAT_REGION)!,
      Name: 'noop-filter',
      Action: 'NOOP',
      FindingCriteria: { Criterion: { severity: { Gte: 7 } } },
    }),
  );
  const hit = await finding(THREAT_REGION, THREAT);
  assert.equal(hit.Severity, 5);
  assert.equal(hit.Service?.Action?.AwsApiCallAction?.Api, 'CreateFilter');
  assert.equal(JSON.parse(hit.Service?.AdditionalInfo?.Value ?? '{}').threatListName, 'loopback-threats');
  const byList = await client(GuardDutyClient, THREAT_REGION).send(
    new ListFindingsCommand({
      DetectorId: detectors.get(THREAT_REGION)!,
      FindingCriteria: { Criterion: { 'service.additionalInfo.threatListName': { Eq: ['loopback-threats'] } } },
    }),
  );
  assert.ok(byList.FindingIds?.includes(hit.Id!));
});

test('a trusted IPSet holding the address suppresses the threat-list finding', async () => {
  await analysedSoFar();
  const before = await snapshot(TRUSTED_REGION);
  const gd = client(GuardDutyClient, TRUSTED_REGION, { as: 'admin', agent: kaliAgent });
  // Writes and reads from a threat-list address, with a Kali agent: each would raise a finding anywhere else.
  await gd.send(
    new CreateFilterCommand({
      DetectorId: detectors.get(TRUSTED_REGION)!,
      Name: 'noop-filter',
      Action: 'NOOP',
      FindingCriteria: { Criterion: { severity: { Gte: 7 } } },
    }),
  );
  for (let i = 0; i < 3; i++) await gd.send(new ListFiltersCommand({ DetectorId: detectors.get(TRUSTED_REGION)! }));
  await analysedSoFar();
  assert.deepEqual(await snapshot(TRUSTED_REGION), before);
  assert.ok(!(await findings(TRUSTED_REGION)).some((f) => f.Type === THREAT || f.Type === KALI));
});

test('an ARCHIVE filter suppresses: the new finding is stored archived', async () => {
  const gd = client(GuardDutyClient, ARCHIVE_REGION);
  await gd.send(
    new CreateFilterCommand({
      DetectorId: detectors.get(ARCHIVE_REGION)!,
      Name: 'pentest-team',
      Action: 'ARCHIVE',
      FindingCriteria: { Criterion: { type: { Eq: [KALI] } } },
    }),
  );
  const kali = client(GuardDutyClient, ARCHIVE_REGION, { as: 'admin', agent: kaliAgent });
  await kali.send(new ListFiltersCommand({ DetectorId: detectors.get(ARCHIVE_REGION)! }));
  const archived = await finding(ARCHIVE_REGION, KALI);
  assert.equal(archived.Service?.Archived, true);
  const current = await gd.send(
    new ListFindingsCommand({
      DetectorId: detectors.get(ARCHIVE_REGION)!,
      FindingCriteria: { Criterion: { 'service.archived': { Eq: ['false'] }, type: { Eq: [KALI] } } },
    }),
  );
  assert.deepEqual(current.FindingIds, []);
});

test('a benign workload of equal size (an administrator, ordinary agent, unlisted address) raises nothing', async () => {
  await analysedSoFar();
  const before = await snapshot(BENIGN);
  const ct = client(CloudTrailClient, BENIGN, { as: 'admin' });
  const iam = client(IAMClient, BENIGN, { as: 'admin' });
  const gd = client(GuardDutyClient, BENIGN, { as: 'admin' });
  // The same kinds and number of calls as the attack sequences, done the way an administrator does them.
  await ct.send(new CreateTrailCommand({ Name: 'org-audit', S3BucketName: 'benign-logs-bucket' }));
  await ct.send(new StartLoggingCommand({ Name: 'org-audit' }));
  await ct.send(new GetTrailStatusCommand({ Name: 'org-audit' }));
  await ct.send(new DescribeTrailsCommand({}));
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true }));
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true }),
  );
  await iam.send(new GetAccountPasswordPolicyCommand({}));
  await iam.send(new ListUsersCommand({}));
  await iam.send(new GetUserCommand({ UserName: 'admin' }));
  await gd.send(new ListDetectorsCommand({}));
  await gd.send(new ListFiltersCommand({ DetectorId: detectors.get(BENIGN)! }));
  await gd.send(
    new CreateFilterCommand({
      DetectorId: detectors.get(BENIGN)!,
      Name: 'high-only',
      Action: 'NOOP',
      FindingCriteria: { Criterion: { severity: { Gte: 7 } } },
    }),
  );
  await analysedSoFar();
  assert.deepEqual(await snapshot(BENIGN), before);
});

test('import-trail over the attack calls exported as a CloudTrail .json.gz raises the same finding types', async () => {
  // The records of the attack and threat-list Regions, as CloudTrail's LookupEvents hands them out.
  const records: unknown[] = [];
  for (const region of [ATTACK, THREAT_REGION]) {
    const ct = client(CloudTrailClient, region);
    let NextToken: string | undefined;
    do {
      const page = await ct.send(new LookupEventsCommand({ MaxResults: 50, NextToken }));
      for (const e of page.Events ?? []) records.push(JSON.parse(e.CloudTrailEvent!));
      NextToken = page.NextToken;
    } while (NextToken);
  }
  const live = new Set([...(await findings(ATTACK)), ...(await findings(THREAT_REGION))].map((f) => f.Type!));
  for (const t of [ROOT, TRAIL_OFF, PASSWORD, KALI, THREAT]) assert.ok(live.has(t), `${t} raised live`);
  // Newest first from LookupEvents; the import sorts by event time.
  await writeFile(join(work, 'trail.json.gz'), gzipSync(JSON.stringify({ Records: records })));
  // The import Region's detector holds the threat list too, as the two live detectors together did.
  await addList(IMPORT_REGION, 'threat', 'loopback-threats');
  const { stdout } = await execFileAsync(
    process.execPath,
    [BIN, 'guardduty', 'import-trail', work, '--detector-id', detectors.get(IMPORT_REGION)!, '--data-dir', w.dataDir],
    { env: { ...process.env, WARDEN_GUARDDUTY_LIST_DIR: listDir }, timeout: 120_000 },
  );
  assert.match(stdout, /^Read 1 file: /m);
  // The summary counts what this import raised, by type; the detector holds them.
  const stored = new Set((await findings(IMPORT_REGION)).map((f) => f.Type!));
  for (const t of live) {
    assert.match(stdout, new RegExp(`^  ${t.replace(/[/.]/g, '\\$&')} +\\d+ findings?, \\d+ occurrences?$`, 'm'));
    assert.ok(stored.has(t), `${t} stored in the import's detector`);
  }
});
