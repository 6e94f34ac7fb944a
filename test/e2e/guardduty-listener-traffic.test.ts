// GuardDuty findings from listener traffic through the SDK and a real load balancer: requests from an address on an
// active ThreatIntelSet raise UnauthorizedAccess:EC2/MaliciousIPCaller.Custom (others raise nothing, a trusted
// IPSet suppresses, repeats aggregate; another account's detector sees none of it), connections that send nothing to several listener ports raise
// Recon:EC2/PortProbeUnprotectedPort, and an attack Shield declares raises Warden's documented attack finding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDetectorCommand,
  CreateIPSetCommand,
  CreateThreatIntelSetCommand,
  GetFindingsCommand,
  GetIPSetCommand,
  GetThreatIntelSetCommand,
  GuardDutyClient,
  ListFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateProtectionCommand, CreateSubscriptionCommand, ShieldClient } from '@aws-sdk/client-shield';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';
import { statusFrom } from '../helpers/shield.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

/** Hang guard for a finding to appear: generous, since detection is meant to answer within seconds. */
const FINDING_WAIT = { timeoutMs: 30_000, intervalMs: 200 };

let w: TestWarden;
let gd: GuardDutyClient;
let elb: ElasticLoadBalancingV2Client;
let detectorId: string;
let dir: string;
let app: Server;
let appPort: number;
let webArn: string;
let webPort: number;
/** Another account's GuardDuty, with a detector and the same threat list: the load balancer is not its own. */
let other: GuardDutyClient;
let otherDetectorId: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gd-e2e-traffic-'));
  w = await startWarden({
    guarddutyListDir: dir,
    shieldFloorRps: 30,
    shieldMultiplier: 5,
    shieldStartSeconds: 2,
    shieldEndSeconds: 2,
  });
  gd = new GuardDutyClient(w.clientConfig);
  elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  detectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'guardduty-traffic-other@example.com',
    accountId: '222233334444',
  });
  other = new GuardDutyClient({
    ...w.clientConfig,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  });
  otherDetectorId = (await other.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  app = createServer((_req, res) => res.end('ok'));
  appPort = await listenLocally(app);
  webArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web' }))).LoadBalancers![0]!.LoadBalancerArn!;
  const tg = await localTargetGroup(elb, 'web-tg', appPort);
  webPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(webArn, tg.TargetGroupArn!, webPort)));
});

after(async () => {
  await new Promise((r) => app?.close(r));
  await w?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The detector's findings of one type, in full. */
async function findingsOf(type: string): Promise<Finding[]> {
  const ids = (
    await gd.send(
      new ListFindingsCommand({
        DetectorId: detectorId,
        FindingCriteria: { Criterion: { type: { Equals: [type] } } },
      }),
    )
  ).FindingIds!;
  if (ids.length === 0) return [];
  return (await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids }))).Findings!;
}

const remoteIpOf = (f: Finding) => f.Service?.Action?.NetworkConnectionAction?.RemoteIpDetails?.IpAddressV4;
const CALLER = 'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom';

test('requests from an address on an active ThreatIntelSet raise MaliciousIPCaller.Custom; other addresses none', async () => {
  await writeFile(join(dir, 'threats.txt'), '127.0.0.2\n127.0.0.4\n');
  const { ThreatIntelSetId } = await gd.send(
    new CreateThreatIntelSetCommand({
      DetectorId: detectorId,
      Name: 'known-bad',
      Format: 'TXT',
      Location: join(dir, 'threats.txt'),
      Activate: true,
    }),
  );
  await waitFor(
    async () =>
      (await gd.send(new GetThreatIntelSetCommand({ DetectorId: detectorId, ThreatIntelSetId }))).Status === 'ACTIVE',
    { what: 'the threat list to load' },
  );
  const otherList = await other.send(
    new CreateThreatIntelSetCommand({
      DetectorId: otherDetectorId,
      Name: 'known-bad',
      Format: 'TXT',
      Location: join(dir, 'threats.txt'),
      Activate: true,
    }),
  );
  await waitFor(
    async () =>
      (
        await other.send(
          new GetThreatIntelSetCommand({ DetectorId: otherDetectorId, ThreatIntelSetId: otherList.ThreatIntelSetId }),
        )
      ).Status === 'ACTIVE',
    { what: "the other account's threat list to load" },
  );

  assert.equal(await statusFrom(webPort, '/', '127.0.0.3'), 200);
  assert.equal(await statusFrom(webPort, '/', '127.0.0.2'), 200);
  const [finding] = await waitFor(
    async () => {
      const found = await findingsOf(CALLER);
      return found.length > 0 && found;
    },
    { what: 'the MaliciousIPCaller.Custom finding', ...FINDING_WAIT },
  );
  // 127.0.0.3's request went before 127.0.0.2's: analysed no later, it raised nothing.
  assert.deepEqual((await findingsOf(CALLER)).map(remoteIpOf), ['127.0.0.2']);
  // The load balancer's owner's detector alone analyses its traffic (the other account's root calls raise their own).
  const otherFindings = await other.send(
    new ListFindingsCommand({
      DetectorId: otherDetectorId,
      FindingCriteria: { Criterion: { type: { Equals: [CALLER] } } },
    }),
  );
  assert.deepEqual(otherFindings.FindingIds, []);

  assert.ok(finding);
  assert.equal(finding.Severity, 5);
  assert.equal(finding.Resource?.ResourceType, 'LoadBalancer');
  assert.equal(finding.Service?.ResourceRole, 'TARGET');
  assert.equal(finding.Service?.Count, 1);
  const action = finding.Service!.Action!;
  assert.equal(action.ActionType, 'NETWORK_CONNECTION');
  const conn = action.NetworkConnectionAction!;
  assert.equal(conn.ConnectionDirection, 'INBOUND');
  assert.equal(conn.Protocol, 'TCP');
  assert.equal(conn.Blocked, false);
  assert.equal(conn.LocalPortDetails?.Port, webPort);
  assert.equal(conn.LocalIpDetails?.IpAddressV4, '127.0.0.1');
  assert.ok((conn.RemotePortDetails?.Port ?? 0) > 0);
  const info = JSON.parse(finding.Service!.AdditionalInfo!.Value!) as Record<string, unknown>;
  assert.equal(info.threatListName, 'known-bad');
  assert.equal(info.loadBalancerArn, webArn);

  // GuardDuty's criterion on the threat list's name finds it.
  const byList = await gd.send(
    new ListFindingsCommand({
      DetectorId: detectorId,
      FindingCriteria: { Criterion: { 'service.additionalInfo.threatListName': { Equals: ['known-bad'] } } },
    }),
  );
  assert.deepEqual(byList.FindingIds, [finding.Id]);
});

test('repeats from the same address to the same load balancer aggregate into one finding', async () => {
  assert.equal(await statusFrom(webPort, '/again', '127.0.0.2'), 200);
  const repeated = await waitFor(
    async () => {
      const [f] = await findingsOf(CALLER);
      return (f?.Service?.Count ?? 0) >= 2 && f;
    },
    { what: 'the finding to count the repeat', ...FINDING_WAIT },
  );
  assert.equal((await findingsOf(CALLER)).length, 1);
  assert.ok(Date.parse(repeated.Service!.EventLastSeen!) >= Date.parse(repeated.Service!.EventFirstSeen!));
});

test('an address on the trusted IPSet raises nothing, though it is on the threat list too', async () => {
  await writeFile(join(dir, 'trusted.txt'), '127.0.0.4\n');
  const { IpSetId } = await gd.send(
    new CreateIPSetCommand({
      DetectorId: detectorId,
      Name: 'office',
      Format: 'TXT',
      Location: join(dir, 'trusted.txt'),
      Activate: true,
    }),
  );
  await waitFor(
    async () => (await gd.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId }))).Status === 'ACTIVE',
    { what: 'the trusted list to load' },
  );
  const before = (await findingsOf(CALLER))[0]!.Service!.Count!;
  assert.equal(await statusFrom(webPort, '/', '127.0.0.4'), 200);
  // A marker after it: once 127.0.0.2's repeat is counted, 127.0.0.4's request has been analysed too.
  assert.equal(await statusFrom(webPort, '/', '127.0.0.2'), 200);
  await waitFor(async () => ((await findingsOf(CALLER))[0]?.Service?.Count ?? 0) > before, {
    what: 'the marker request to be counted',
    ...FINDING_WAIT,
  });
  assert.deepEqual((await findingsOf(CALLER)).map(remoteIpOf), ['127.0.0.2']);
});

/** Opens a TCP connection from `from` to the listener on `port` and closes it without sending anything. */
function probe(port: number, from: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from }, () => socket.end());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

test('connections that send nothing to three listener ports of the account raise PortProbeUnprotectedPort', async () => {
  const api = (await elb.send(new CreateLoadBalancerCommand({ Name: 'api' }))).LoadBalancers![0]!.LoadBalancerArn!;
  const tg = await localTargetGroup(elb, 'api-tg', appPort);
  const ports = [await freePort(), await freePort()];
  for (const port of ports)
    await elb.send(new CreateListenerCommand(forwardingListener(api, tg.TargetGroupArn!, port)));
  // Served requests are not probes: a client using two load balancers raises nothing.
  assert.equal(await statusFrom(webPort, '/', '127.0.0.5'), 200);
  assert.equal(await statusFrom(ports[0]!, '/', '127.0.0.5'), 200);
  for (const port of [webPort, ...ports]) await probe(port, '127.0.0.5');
  const type = 'Recon:EC2/PortProbeUnprotectedPort';
  const [finding] = await waitFor(
    async () => {
      const found = await findingsOf(type);
      return found.length > 0 && found;
    },
    { what: 'the port-probe finding', ...FINDING_WAIT },
  );
  assert.ok(finding);
  assert.equal(finding.Severity, 2);
  assert.equal(finding.Resource?.ResourceType, 'LoadBalancer');
  const action = finding.Service!.Action!;
  assert.equal(action.ActionType, 'PORT_PROBE');
  assert.equal(action.PortProbeAction?.Blocked, false);
  const details = action.PortProbeAction!.PortProbeDetails!;
  assert.deepEqual(
    details.map((d) => d.LocalPortDetails?.Port).sort((a, b) => a! - b!),
    [webPort, ...ports].sort((a, b) => a - b),
  );
  assert.ok(details.every((d) => d.RemoteIpDetails?.IpAddressV4 === '127.0.0.5'));
  const info = JSON.parse(finding.Service!.AdditionalInfo!.Value!) as { loadBalancerArns: string[] };
  assert.deepEqual(new Set(info.loadBalancerArns), new Set([webArn, api]));
});

test('an attack Shield declares on the load balancer raises the attack finding', async () => {
  const shield = new ShieldClient(w.clientConfig);
  await shield.send(new CreateSubscriptionCommand({}));
  await shield.send(new CreateProtectionCommand({ Name: 'web', ResourceArn: webArn }));
  for (let i = 0; i < 5; i++) assert.equal(await statusFrom(webPort, '/', '127.0.0.3'), 200);

  const type = 'Impact:LoadBalancer/DenialOfService.Warden';
  let flooding = true;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const flood = Promise.all(
    Array.from({ length: 8 }, async () => {
      while (flooding) await statusFrom(webPort, '/login', '127.0.0.6', agent).catch(() => undefined);
    }),
  );
  let finding: Finding | undefined;
  try {
    // Bounded: the flood stops once the finding is there, or when the hang guard gives up.
    [finding] = await waitFor(
      async () => {
        const found = await findingsOf(type);
        return found.length > 0 && found;
      },
      { what: 'the Shield attack finding', timeoutMs: 60_000, intervalMs: 500 },
    );
  } finally {
    flooding = false;
    await flood;
    agent.destroy();
  }
  assert.ok(finding);
  assert.equal(finding.Severity, 8);
  assert.equal(finding.Resource?.ResourceType, 'LoadBalancer');
  const conn = finding.Service!.Action!.NetworkConnectionAction!;
  assert.equal(conn.ConnectionDirection, 'INBOUND');
  assert.equal(conn.RemoteIpDetails?.IpAddressV4, '127.0.0.6');
  const info = JSON.parse(finding.Service!.AdditionalInfo!.Value!) as Record<string, unknown>;
  assert.equal(info.loadBalancerArn, webArn);
  assert.equal(info.attackVector, 'REQUEST_FLOOD');
});
