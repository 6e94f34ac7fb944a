// Route 53 health checks through the AWS SDK v3 client: a real local server checked, paging, version lock, egress.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  DeleteHealthCheckCommand,
  GetHealthCheckCommand,
  GetHealthCheckCountCommand,
  GetHealthCheckStatusCommand,
  HealthCheckAlreadyExists,
  HealthCheckVersionMismatch,
  InvalidInput,
  ListHostedZonesCommand,
  ListTagsForResourceCommand,
  NoSuchHealthCheck,
  paginateListHealthChecks,
  Route53Client,
  UpdateHealthCheckCommand,
  type HealthCheckConfig,
} from '@aws-sdk/client-route-53';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { eventually } from '../helpers/shield.js';

describe('Route 53 health checks from the SDK v3 client', { timeout: 180_000 }, () => {
  let w: TestWarden;
  let r53: Route53Client;
  let server: Server;
  let port: number;
  before(async () => {
    w = await startWarden();
    r53 = new Route53Client(w.clientConfig);
    server = createServer((req, res) => res.end(req.url === '/health' ? 'service ok' : 'no'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.close();
    await w.stop();
  });

  const statusOf = async (id: string) =>
    (await r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: id }))).HealthCheckObservations?.[0]?.StatusReport
      ?.Status;

  test('create, a real check succeeding, then failing once the server stops; idempotent create', async () => {
    const config: HealthCheckConfig = {
      Type: 'HTTP_STR_MATCH',
      IPAddress: '127.0.0.1',
      Port: port,
      ResourcePath: '/health',
      SearchString: 'ok',
      RequestInterval: 10,
      FailureThreshold: 1,
    };
    const created = await r53.send(
      new CreateHealthCheckCommand({ CallerReference: 'sdk-1', HealthCheckConfig: config }),
    );
    const id = created.HealthCheck!.Id!;
    assert.equal(created.Location, `https://route53.amazonaws.com/2013-04-01/healthcheck/${id}`);
    assert.equal(created.HealthCheck!.HealthCheckVersion, 1);
    const again = await r53.send(new CreateHealthCheckCommand({ CallerReference: 'sdk-1', HealthCheckConfig: config }));
    assert.equal(again.HealthCheck!.Id, id);
    await assert.rejects(
      r53.send(
        new CreateHealthCheckCommand({
          CallerReference: 'sdk-1',
          HealthCheckConfig: { ...config, FailureThreshold: 2 },
        }),
      ),
      HealthCheckAlreadyExists,
    );

    const ok = await eventually(15, async () => statusOf(id));
    assert.match(ok, /^Success: HTTP Status Code 200, OK/);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    const failed = await eventually(40, async () => {
      const s = await statusOf(id);
      return s?.startsWith('Failure') ? s : undefined;
    });
    assert.match(failed, /^Failure: Connection refused/);
  });

  test('paging with the paginator, count, version lock, tags, delete, egress refusal, an unbuilt operation', async () => {
    for (const ref of ['sdk-2', 'sdk-3']) {
      await r53.send(
        new CreateHealthCheckCommand({
          CallerReference: ref,
          HealthCheckConfig: { Type: 'TCP', IPAddress: '127.0.0.1', Port: port, Disabled: true },
        }),
      );
    }
    const pages: number[] = [];
    for await (const page of paginateListHealthChecks({ client: r53, pageSize: 2 }, {})) {
      pages.push(page.HealthChecks?.length ?? 0);
    }
    assert.deepEqual(pages, [2, 1]);
    assert.equal((await r53.send(new GetHealthCheckCountCommand({}))).HealthCheckCount, 3);

    const { HealthChecks } = await (async () => {
      for await (const page of paginateListHealthChecks({ client: r53, pageSize: 10 }, {})) return page;
      throw new Error('no page');
    })();
    const id = HealthChecks!.find((h) => h.CallerReference === 'sdk-2')!.Id!;
    await assert.rejects(
      r53.send(new UpdateHealthCheckCommand({ HealthCheckId: id, HealthCheckVersion: 5, Port: 1 })),
      HealthCheckVersionMismatch,
    );
    const updated = await r53.send(new UpdateHealthCheckCommand({ HealthCheckId: id, HealthCheckVersion: 1, Port: 1 }));
    assert.equal(updated.HealthCheck!.HealthCheckVersion, 2);
    assert.equal(updated.HealthCheck!.HealthCheckConfig!.Port, 1);

    await r53.send(
      new ChangeTagsForResourceCommand({
        ResourceType: 'healthcheck',
        ResourceId: id,
        AddTags: [{ Key: 'a', Value: 'b' }],
      }),
    );
    const tags = await r53.send(new ListTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: id }));
    assert.deepEqual(tags.ResourceTagSet?.Tags, [{ Key: 'a', Value: 'b' }]);
    await r53.send(new DeleteHealthCheckCommand({ HealthCheckId: id }));
    await assert.rejects(r53.send(new GetHealthCheckCommand({ HealthCheckId: id })), (err: unknown) => {
      assert.ok(err instanceof NoSuchHealthCheck);
      assert.equal(err.message, `A health check with id ${id} does not exist.`);
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });

    await assert.rejects(
      r53.send(
        new CreateHealthCheckCommand({
          CallerReference: 'sdk-far',
          HealthCheckConfig: { Type: 'HTTP', IPAddress: '198.51.100.7', Port: 80 },
        }),
      ),
      (err: unknown) => {
        assert.ok(err instanceof InvalidInput);
        assert.match(err.message, /IPAddress 198\.51\.100\.7 port 80 is not allowed: .*--route53-health-check-allow/);
        return true;
      },
    );
    await assert.rejects(r53.send(new ListHostedZonesCommand({})), (err: unknown) => {
      assert.equal((err as Error).name, 'NotImplemented');
      assert.match((err as Error).message, /ListHostedZones/);
      return true;
    });
  });
});
