// Route 53 authorization: a policy naming one health check's ARN allows that health check only, not every one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createHealthCheckXml, route53, ROUTE53_NS } from '../helpers/route53.js';

let w: TestWarden;
before(async () => {
  w = await startWarden();
});
after(() => w?.stop());

test('route53:GetHealthCheck on healthcheck/<one id> reads that one; the other is AccessDenied (403)', async () => {
  const ids: string[] = [];
  for (const ref of ['mine', 'not-mine']) {
    const res = await route53(w, 'POST', '/healthcheck', {
      body: createHealthCheckXml(ref, { IPAddress: '127.0.0.1', Port: 9, Type: 'TCP', Disabled: true }),
    });
    assert.equal(res.status, 201, res.body);
    ids.push(res.doc.HealthCheck[0].Id[0]);
  }
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: 'reader' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'reader',
      PolicyName: 'one-health-check',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['route53:GetHealthCheck', 'route53:ChangeTagsForResource'],
            Resource: `arn:aws:route53:::healthcheck/${ids[0]}`,
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
  const reader: TestWarden = {
    ...w,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  };

  const allowed = await route53(reader, 'GET', `/healthcheck/${ids[0]}`);
  assert.equal(allowed.status, 200, allowed.body);
  const denied = await route53(reader, 'GET', `/healthcheck/${ids[1]}`);
  assert.equal(denied.status, 403, denied.body);
  assert.equal(denied.code, 'AccessDenied');
  assert.ok(denied.message?.includes(`arn:aws:route53:::healthcheck/${ids[1]}`), denied.message);
  const tag = (id: string) =>
    route53(reader, 'POST', `/tags/healthcheck/${id}`, {
      body: `<ChangeTagsForResourceRequest xmlns="${ROUTE53_NS}"><AddTags><Tag><Key>k</Key><Value>v</Value></Tag></AddTags></ChangeTagsForResourceRequest>`,
    });
  assert.equal((await tag(ids[0])).status, 200);
  assert.equal((await tag(ids[1])).status, 403);
  assert.equal((await route53(reader, 'GET', '/healthcheck')).status, 403, 'ListHealthChecks is not allowed');
});
