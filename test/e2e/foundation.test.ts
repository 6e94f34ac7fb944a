// Issue 2 end to end: the root identity over STS, SigV4 failures, validation, unknown actions, the audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { KMSClient, GenerateRandomCommand } from '@aws-sdk/client-kms';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeDRTAccessCommand, ShieldClient } from '@aws-sdk/client-shield';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { FORM, send, signRequest } from '../helpers/raw.js';

describe('foundation end to end', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden();
  });
  after(async () => {
    await w.stop();
  });

  test('GetCallerIdentity returns the root identity', async () => {
    const sts = new STSClient(w.clientConfig);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '123456789012');
    assert.equal(out.Arn, 'arn:aws:iam::123456789012:root');
    assert.equal(out.UserId, '123456789012');
    assert.ok(out.$metadata.requestId);
  });

  test('ARNs carry the partition of the signing region', async () => {
    const sts = new STSClient({ ...w.clientConfig, region: 'cn-north-1' });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, 'arn:aws-cn:iam::123456789012:root');
    const gov = new STSClient({ ...w.clientConfig, region: 'us-gov-west-1' });
    assert.equal((await gov.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws-us-gov:iam::123456789012:root');
  });

  test('a wrong secret is SignatureDoesNotMatch (403)', async () => {
    const sts = new STSClient({
      ...w.clientConfig,
      credentials: { accessKeyId: w.credentials.accessKeyId, secretAccessKey: 'wrong-secret' },
    });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (err: any) => {
      assert.equal(err.name, 'SignatureDoesNotMatch');
      assert.equal(err.$metadata.httpStatusCode, 403);
      return true;
    });
  });

  test('a body changed after signing is SignatureDoesNotMatch', async () => {
    const signed = await signRequest(
      w.endpoint,
      { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      { service: 'sts', ...w.credentials },
    );
    const res = await send({ ...signed, body: 'Action=GetCallerIdentity&Version=2011-06-16' });
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(res.body, /<Type>Sender<\/Type>/);
  });

  test('an unknown access key is InvalidClientTokenId (query) and UnrecognizedClientException (json)', async () => {
    const unknown = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) };
    const sts = new STSClient({ ...w.clientConfig, credentials: unknown });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (err: any) => {
      assert.equal(err.name, 'InvalidClientTokenId');
      assert.equal(err.message, 'The security token included in the request is invalid.');
      assert.equal(err.$metadata.httpStatusCode, 403);
      return true;
    });
    const kms = new KMSClient({ ...w.clientConfig, credentials: unknown });
    await assert.rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 })), (err: any) => {
      assert.equal(err.name, 'UnrecognizedClientException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  test("a request signed beyond the service's clock skew has expired: 15 minutes for STS, 5 for KMS", async () => {
    const sts = new STSClient({ ...w.clientConfig, systemClockOffset: -20 * 60 * 1000 });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (err: any) => {
      assert.equal(err.name, 'SignatureDoesNotMatch');
      assert.match(
        err.message,
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
      );
      return true;
    });
    // Ten minutes is within STS's window, not within KMS's.
    const tenMinutesAgo = { ...w.clientConfig, systemClockOffset: -10 * 60 * 1000 };
    await new STSClient(tenMinutesAgo).send(new GetCallerIdentityCommand({}));
    await assert.rejects(
      new KMSClient(tenMinutesAgo).send(new GenerateRandomCommand({ NumberOfBytes: 16 })),
      (err: any) => {
        assert.equal(err.name, 'InvalidSignatureException');
        assert.match(
          err.message,
          /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
        );
        return true;
      },
    );
  });

  test('a request without authentication is MissingAuthenticationToken', async () => {
    const res = await fetch(w.endpoint, {
      method: 'POST',
      headers: FORM,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  });

  test('an unknown action is InvalidAction; an unknown JSON target is UnknownOperationException', async () => {
    const q = await send(
      await signRequest(
        w.endpoint,
        { headers: FORM, body: 'Action=GetCallerIdentities&Version=2011-06-15' },
        { service: 'sts', ...w.credentials },
      ),
    );
    assert.equal(q.status, 400);
    assert.match(q.body, /<Code>InvalidAction<\/Code>/);
    const j = await send(
      await signRequest(
        w.endpoint,
        {
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Frobnicate' },
          body: '{}',
        },
        { service: 'kms', ...w.credentials },
      ),
    );
    assert.equal(j.status, 400);
    assert.equal(JSON.parse(j.body).__type, 'UnknownOperationException');
  });

  test("a model validation failure gets AWS's message", async () => {
    const kms = new KMSClient(w.clientConfig);
    await assert.rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), (err: any) => {
      assert.equal(err.name, 'ValidationException');
      assert.equal(
        err.message,
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      );
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  test('a modelled operation Warden does not implement answers 501 naming it', async () => {
    const shield = new ShieldClient(w.clientConfig);
    await assert.rejects(shield.send(new DescribeDRTAccessCommand({})), (err: any) => {
      assert.equal(err.$metadata.httpStatusCode, 501);
      assert.match(err.message, /shield:DescribeDRTAccess/);
      return true;
    });
  });

  test('health and metrics answer', async () => {
    const health = await fetch(`${w.endpoint}/_warden/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const metrics = await (await fetch(`${w.endpoint}/metrics`)).text();
    assert.match(metrics, /warden_requests_total\{service="sts",operation="GetCallerIdentity",status="200"\} \d+/);
    assert.match(metrics, /warden_request_duration_seconds_bucket/);
  });

  test('the calls and the failures are in LookupEvents', async () => {
    const ct = new CloudTrailClient(w.clientConfig);
    const out = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCallerIdentity' }],
      }),
    );
    const records = (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!));
    const ok = records.find((r) => !r.errorCode && r.awsRegion === 'us-east-1');
    assert.ok(ok, 'a successful GetCallerIdentity is recorded');
    assert.equal(ok.eventSource, 'sts.amazonaws.com');
    assert.equal(ok.userIdentity.type, 'Root');
    assert.equal(ok.userIdentity.arn, 'arn:aws:iam::123456789012:root');
    assert.equal(ok.recipientAccountId, '123456789012');
    const codes = new Set(records.map((r) => r.errorCode).filter(Boolean));
    assert.ok(codes.has('SignatureDoesNotMatch'), `failures recorded: ${[...codes].join(',')}`);
    // A plain substring search: the secret is base64, whose '+' and '/' would make a pattern of it fail to compile.
    for (const r of records)
      assert.ok(!JSON.stringify(r).includes(w.credentials.secretAccessKey), 'no secret recorded');
  });
});
