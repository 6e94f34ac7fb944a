// Shield Advanced's health-based detection: a Route 53 health check associated with a protection, and the errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateHealthCheckCommand,
  CreateProtectionCommand,
  CreateSubscriptionCommand,
  DescribeProtectionCommand,
  DisassociateHealthCheckCommand,
  ShieldClient,
} from '@aws-sdk/client-shield';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createHealthCheckXml, route53 } from '../helpers/route53.js';
import { standaloneAccount } from '../helpers/organizations.js';

let w: TestWarden;
let shield: ShieldClient;
let protectionId: string;

before(async () => {
  w = await startWarden();
  shield = new ShieldClient(w.clientConfig);
});

after(() => w?.stop());

async function rejects(promise: Promise<unknown>, name: string): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    assert.equal((err as Error).name, name, (err as Error).message);
    return err as Error;
  }
  assert.fail(`expected ${name}`);
}

/** A TCP health check of a loopback port, its ARN. */
async function healthCheck(ref: string): Promise<string> {
  const res = await route53(w, 'POST', '/healthcheck', {
    body: createHealthCheckXml(ref, { IPAddress: '127.0.0.1', Port: 9, Type: 'TCP', Disabled: true }),
  });
  assert.equal(res.status, 201, res.body);
  return `arn:aws:route53:::healthcheck/${res.doc.HealthCheck[0].Id[0]}`;
}

test('without a subscription, associating answers ResourceNotFoundException for the subscription', async () => {
  const arn = await healthCheck('before-subscription');
  const err = await rejects(
    shield.send(
      new AssociateHealthCheckCommand({ ProtectionId: '00000000-0000-0000-0000-000000000000', HealthCheckArn: arn }),
    ),
    'ResourceNotFoundException',
  );
  assert.equal(err.message, 'The subscription does not exist.');
  await shield.send(new CreateSubscriptionCommand({}));
  const { ProtectionId } = await shield.send(
    new CreateProtectionCommand({ Name: 'api', ResourceArn: `arn:aws:warden::${w.accountId}:endpoint/api` }),
  );
  protectionId = ProtectionId!;
});

test('associate shows in DescribeProtection; again is a no-op; a second health check is over the limit', async () => {
  const arn = await healthCheck('web');
  const id = arn.split('/')[1];
  await shield.send(new AssociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: arn }));
  await shield.send(new AssociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: arn }));
  const { Protection } = await shield.send(new DescribeProtectionCommand({ ProtectionId: protectionId }));
  assert.deepEqual(Protection?.HealthCheckIds, [id]);

  const second = await healthCheck('web-2');
  const err = await rejects(
    shield.send(new AssociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: second })),
    'LimitsExceededException',
  );
  assert.match(err.message, /limit of 1/);

  await shield.send(new DisassociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: arn }));
  const after = await shield.send(new DescribeProtectionCommand({ ProtectionId: protectionId }));
  assert.deepEqual(after.Protection?.HealthCheckIds, []);
  // Disassociating what is not associated changes nothing.
  await shield.send(new DisassociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: arn }));
});

test("a health check that is not the caller's, or a protection that is not, is refused", async () => {
  const missing = 'arn:aws:route53:::healthcheck/11111111-2222-3333-4444-555555555555';
  await rejects(
    shield.send(new AssociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: missing })),
    'InvalidResourceException',
  );
  const arn = await healthCheck('web-3');
  const err = await rejects(
    shield.send(
      new AssociateHealthCheckCommand({ ProtectionId: '00000000-0000-0000-0000-000000000000', HealthCheckArn: arn }),
    ),
    'ResourceNotFoundException',
  );
  assert.equal(err.message, 'The referenced protection does not exist.');
  // A deleted health check can no longer be associated; an ARN of no health check breaks the model's pattern.
  assert.equal((await route53(w, 'DELETE', `/healthcheck/${arn.split('/')[1]}`)).status, 200);
  await rejects(
    shield.send(new AssociateHealthCheckCommand({ ProtectionId: protectionId, HealthCheckArn: arn })),
    'InvalidResourceException',
  );
  await rejects(
    shield.send(
      new AssociateHealthCheckCommand({
        ProtectionId: protectionId,
        HealthCheckArn: 'arn:aws:route53:::healthcheck/short',
      }),
    ),
    'ValidationException',
  );
});

test("another account's health check is refused as InvalidResourceException, and is invisible to its Route 53", async () => {
  const { account } = await standaloneAccount(w, { email: 'other-health@example.com' });
  const other: TestWarden = {
    ...w,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  };
  const res = await route53(other, 'POST', '/healthcheck', {
    body: createHealthCheckXml('theirs', { IPAddress: '127.0.0.1', Port: 9, Type: 'TCP', Disabled: true }),
  });
  assert.equal(res.status, 201, res.body);
  const theirs = res.doc.HealthCheck[0].Id[0] as string;
  await rejects(
    shield.send(
      new AssociateHealthCheckCommand({
        ProtectionId: protectionId,
        HealthCheckArn: `arn:aws:route53:::healthcheck/${theirs}`,
      }),
    ),
    'InvalidResourceException',
  );
  const seen = await route53(w, 'GET', `/healthcheck/${theirs}`);
  assert.equal(seen.code, 'NoSuchHealthCheck');
  assert.equal((await route53(w, 'GET', `/healthcheck/${theirs}/status`)).code, 'NoSuchHealthCheck');
  assert.equal((await route53(w, 'GET', `/tags/healthcheck/${theirs}`)).code, 'NoSuchHealthCheck');
  const listed = await route53(w, 'GET', '/healthcheck');
  const ids = (listed.doc.HealthChecks?.[0]?.HealthCheck ?? []).map((h: { Id: string[] }) => h.Id[0]);
  assert.ok(!ids.includes(theirs));
});
