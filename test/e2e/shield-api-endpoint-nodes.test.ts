// Shield on the API endpoint across two nodes sharing one PostgreSQL database: the protection created through node A
// makes node B hand its API exchanges to Shield within its 5 s look at the protections, and a flood of node B's API
// from 127.0.0.2 is an attack that node A's ListAttacks shows; deleting the protection through A stops B watching.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CreateProtectionCommand,
  CreateSubscriptionCommand,
  DeleteProtectionCommand,
  DescribeAttackCommand,
  ListAttacksCommand,
  ShieldClient,
} from '@aws-sdk/client-shield';
import { apiEndpointObservers } from '../../src/core/api-endpoint.js';
import { schemaUrl, sql } from '../helpers/postgres-schemas.js';
import { storeBackends } from '../helpers/stores.js';
import { eventually, statusFrom } from '../helpers/shield.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const postgres = storeBackends().find((b) => b.name === 'postgres')!;
const detection = { shieldFloorRps: 30, shieldMultiplier: 5, shieldStartSeconds: 2, shieldEndSeconds: 2 };

describe('Shield on the API endpoint across nodes sharing one PostgreSQL database', { skip: postgres.skip }, () => {
  let schema: string;
  let dataDir: string;
  let a: TestWarden;
  let b: TestWarden;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'warden-shield-nodes-'));
    schema = `warden_e2e_${randomBytes(6).toString('hex')}`;
    await sql(`create schema "${schema}"`);
    a = await startWarden({ ...detection, databaseUrl: schemaUrl(schema), dataDir });
    b = await startWarden({
      ...detection,
      databaseUrl: schemaUrl(schema),
      dataDir,
      rootAccessKeyId: a.credentials.accessKeyId,
      rootSecretAccessKey: a.credentials.secretAccessKey,
    });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await sql(`drop schema if exists "${schema}" cascade`);
  });

  test('a protection made on node A watches node B; a flood of B is an attack A lists', async () => {
    const shield = new ShieldClient(a.clientConfig);
    const apiArn = `arn:aws:warden::${a.accountId}:endpoint/api`;
    await shield.send(new CreateSubscriptionCommand({}));
    const { ProtectionId } = await shield.send(new CreateProtectionCommand({ Name: 'api', ResourceArn: apiArn }));
    assert.equal(apiEndpointObservers(a.warden.runtime).length, 1);
    // Node B learns of it at its next look (every 5 s).
    await eventually(15, async () => (apiEndpointObservers(b.warden.runtime).length === 1 ? true : undefined));

    const portB = Number(new URL(b.endpoint).port);
    let flooding = true;
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const flood = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (flooding) await statusFrom(portB, '/flood', '127.0.0.2', agent).catch(() => undefined);
      }),
    );
    let attackId: string;
    try {
      attackId = await eventually(30, async () => {
        const list = (await shield.send(new ListAttacksCommand({ ResourceArns: [apiArn] }))).AttackSummaries ?? [];
        return list[0]?.AttackId;
      });
    } finally {
      flooding = false;
      await flood;
      agent.destroy();
    }
    const detail = (await shield.send(new DescribeAttackCommand({ AttackId: attackId }))).Attack!;
    const sources = detail.AttackProperties!.find((p) => p.AttackPropertyIdentifier === 'SOURCE_IP_ADDRESS')!;
    assert.equal(sources.TopContributors![0]!.Name, '127.0.0.2');

    await shield.send(new DeleteProtectionCommand({ ProtectionId }));
    assert.equal(apiEndpointObservers(a.warden.runtime).length, 0);
    await eventually(15, async () => (apiEndpointObservers(b.warden.runtime).length === 0 ? true : undefined));
  });
});
