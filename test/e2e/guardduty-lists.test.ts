// GuardDuty IPSets and ThreatIntelSets through the SDK: a list loaded from a file and from a loopback URL becomes
// ACTIVE, an unreadable one ERROR; update, deactivate, tags, paging, quotas and AWS's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDetectorCommand,
  CreateIPSetCommand,
  CreateThreatIntelSetCommand,
  DeleteIPSetCommand,
  DeleteThreatIntelSetCommand,
  GetIPSetCommand,
  GetThreatIntelSetCommand,
  GuardDutyClient,
  ListIPSetsCommand,
  ListTagsForResourceCommand,
  ListThreatIntelSetsCommand,
  UpdateIPSetCommand,
  UpdateThreatIntelSetCommand,
} from '@aws-sdk/client-guardduty';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { waitFor } from '../helpers/wait.js';

let w: TestWarden;
let gd: GuardDutyClient;
let detectorId: string;
let dir: string;
let http: Server;
let httpBase: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gd-e2e-lists-'));
  // Lists are read only from the operator's directory, and loopback URLs only when enabled.
  w = await startWarden({ guarddutyListDir: dir, guarddutyListUrls: true });
  gd = new GuardDutyClient(w.clientConfig);
  detectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  await writeFile(join(dir, 'trusted.txt'), '198.51.100.0/24\n198.51.101.7\n');
  await writeFile(join(dir, 'empty.txt'), '# nothing here\n');
  http = createServer((req, res) => {
    if (req.url === '/feed.txt') res.end('192.0.2.1\n192.0.2.2\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

after(async () => {
  await w?.stop();
  await new Promise((resolve) => http?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const badRequest = (p: Promise<unknown>, message: string | RegExp) =>
  assert.rejects(p, (e: Error & { Type?: string }) => {
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.Type, 'InvalidInputException');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

const ipSetStatus = async (id: string) =>
  (await gd.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId: id }))).Status;
const threatStatus = async (id: string) =>
  (await gd.send(new GetThreatIntelSetCommand({ DetectorId: detectorId, ThreatIntelSetId: id }))).Status;

test('an IPSet from a local file: ACTIVE once loaded; update, deactivate, tags; one per detector', async () => {
  const { IpSetId } = await gd.send(
    new CreateIPSetCommand({
      DetectorId: detectorId,
      Name: 'office',
      Format: 'TXT',
      Location: join(dir, 'trusted.txt'),
      Activate: true,
      Tags: { owner: 'net' },
    }),
  );
  await waitFor(async () => (await ipSetStatus(IpSetId!)) === 'ACTIVE', { what: 'the IPSet to become ACTIVE' });
  const got = await gd.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId }));
  assert.equal(got.Name, 'office');
  assert.equal(got.Format, 'TXT');
  assert.equal(got.Location, join(dir, 'trusted.txt'));
  assert.deepEqual(got.Tags, { owner: 'net' });
  const arn = `arn:aws:guardduty:us-east-1:${w.accountId}:detector/${detectorId}/ipset/${IpSetId}`;
  assert.deepEqual((await gd.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { owner: 'net' });

  await badRequest(
    gd.send(
      new CreateIPSetCommand({
        DetectorId: detectorId,
        Name: 'second',
        Format: 'TXT',
        Location: '/x',
        Activate: false,
      }),
    ),
    /limit of 1/,
  );

  await gd.send(new UpdateIPSetCommand({ DetectorId: detectorId, IpSetId, Name: 'hq', Activate: false }));
  const inactive = await gd.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId }));
  assert.equal(inactive.Status, 'INACTIVE');
  assert.equal(inactive.Name, 'hq');

  assert.deepEqual((await gd.send(new ListIPSetsCommand({ DetectorId: detectorId }))).IpSetIds, [IpSetId]);
  await gd.send(new DeleteIPSetCommand({ DetectorId: detectorId, IpSetId }));
  await badRequest(
    gd.send(new GetIPSetCommand({ DetectorId: detectorId, IpSetId })),
    'The request is rejected since no such resource found.',
  );
  assert.deepEqual((await gd.send(new ListIPSetsCommand({ DetectorId: detectorId }))).IpSetIds, []);
});

test('ThreatIntelSets: loopback URL ACTIVE, missing file / empty list / S3 location ERROR, paging, quota of six', async () => {
  const create = async (name: string, location: string) =>
    (
      await gd.send(
        new CreateThreatIntelSetCommand({
          DetectorId: detectorId,
          Name: name,
          Format: 'TXT',
          Location: location,
          Activate: true,
        }),
      )
    ).ThreatIntelSetId!;
  const fromHttp = await create('feed', `${httpBase}/feed.txt`);
  const missing = await create('missing', join(dir, 'missing.txt'));
  const empty = await create('empty', join(dir, 'empty.txt'));
  const s3 = await create('s3', 'https://s3.amazonaws.com/my-bucket/list.txt');
  const notFound = await create('404', `${httpBase}/nope.txt`);
  await waitFor(async () => (await threatStatus(fromHttp)) === 'ACTIVE', { what: 'the loopback feed to load' });
  for (const id of [missing, empty, s3, notFound])
    await waitFor(async () => (await threatStatus(id)) === 'ERROR', { what: `list ${id} to fail` });

  const sixth = await create('sixth', join(dir, 'trusted.txt'));
  await badRequest(create('seventh', join(dir, 'trusted.txt')), /limit of 6/);

  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await gd.send(
      new ListThreatIntelSetsCommand({ DetectorId: detectorId, MaxResults: 4, NextToken: token }),
    );
    assert.ok(page.ThreatIntelSetIds!.length <= 4);
    ids.push(...page.ThreatIntelSetIds!);
    token = page.NextToken;
  } while (token);
  assert.deepEqual(ids.sort(), [fromHttp, missing, empty, s3, notFound, sixth].sort());

  // Pointing a failed list at a readable file loads it again.
  await gd.send(
    new UpdateThreatIntelSetCommand({
      DetectorId: detectorId,
      ThreatIntelSetId: missing,
      Location: join(dir, 'trusted.txt'),
    }),
  );
  await waitFor(async () => (await threatStatus(missing)) === 'ACTIVE', { what: 'the repointed list to load' });

  for (const id of ids)
    await gd.send(new DeleteThreatIntelSetCommand({ DetectorId: detectorId, ThreatIntelSetId: id }));
  assert.deepEqual((await gd.send(new ListThreatIntelSetsCommand({ DetectorId: detectorId }))).ThreatIntelSetIds, []);
});

test('a detector the caller does not own is refused', async () => {
  await badRequest(
    gd.send(new ListIPSetsCommand({ DetectorId: '0'.repeat(32) })),
    'The request is rejected because the input detectorId is not owned by the current account.',
  );
});
