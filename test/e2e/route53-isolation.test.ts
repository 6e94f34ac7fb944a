// Another account calls every Route 53 health-check read on the first account's health check and sees nothing of it:
// the reads the shared isolation sweep cannot build (rest-xml), as test/e2e/account-isolation.test.ts notes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  GetHealthCheckCommand,
  GetHealthCheckCountCommand,
  GetHealthCheckStatusCommand,
  ListHealthChecksCommand,
  ListTagsForResourceCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let first: Route53Client;
let second: Route53Client;
let healthCheckId: string;

before(async () => {
  w = await startWarden();
  first = new Route53Client(w.clientConfig);
  const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'route53-second@example.com',
    accountId: '222233335555',
  });
  second = new Route53Client({
    ...w.clientConfig,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  });
  healthCheckId = (
    await first.send(
      new CreateHealthCheckCommand({
        CallerReference: 'isolation-first',
        HealthCheckConfig: {
          Type: 'TCP',
          IPAddress: '127.0.0.1',
          Port: 9,
          RequestInterval: 30,
          FailureThreshold: 3,
        },
      }),
    )
  ).HealthCheck!.Id!;
  await first.send(
    new ChangeTagsForResourceCommand({
      ResourceType: 'healthcheck',
      ResourceId: healthCheckId,
      AddTags: [{ Key: 'isotag-first', Value: 'isoval-first' }],
    }),
  );
});

after(async () => {
  await w?.stop();
});

const noSuchHealthCheck = (p: Promise<unknown>) =>
  assert.rejects(p, (e: Error) => {
    assert.equal(e.name, 'NoSuchHealthCheck');
    assert.ok(!e.message.includes('isotag'), e.message);
    return true;
  });

test("the second account sees none of the first account's health checks", async () => {
  // The first account sees its own: the probes below would otherwise prove nothing.
  assert.equal((await first.send(new GetHealthCheckCountCommand({}))).HealthCheckCount, 1);
  assert.equal(
    (await first.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck?.Id,
    healthCheckId,
  );

  await noSuchHealthCheck(second.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId })));
  await noSuchHealthCheck(second.send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId })));
  await noSuchHealthCheck(
    second.send(new ListTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: healthCheckId })),
  );
  const listed = await second.send(new ListHealthChecksCommand({}));
  assert.deepEqual(listed.HealthChecks, []);
  assert.equal((await second.send(new GetHealthCheckCountCommand({}))).HealthCheckCount, 0);
});
