// A signature binds its service and the headers that steer the request: a scope for another service, or an
// operation (X-Amz-Target) or other x-amz-* header added after signing, is refused as AWS refuses it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { FORM, send, signRequest } from '../helpers/raw.js';

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const unsignedMessage = (header: string) => `'${header}' must be a 'SignedHeader' in the AWS Authorization.`;

describe('what a signature binds', () => {
  let w: TestWarden;
  let kms: KMSClient;
  before(async () => {
    w = await startWarden();
    kms = new KMSClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  test('a KMS request signed for sts or iam is refused: the credential must be scoped to kms', async () => {
    for (const service of ['sts', 'iam']) {
      const res = await send(
        await signRequest(
          w.endpoint,
          { headers: { ...JSON_11, 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' },
          { service, ...w.credentials },
        ),
      );
      assert.equal(res.status, 400, `${service}: ${res.body}`);
      const body = JSON.parse(res.body);
      assert.equal(body.__type, 'InvalidSignatureException');
      assert.equal(body.message, "Credential should be scoped to correct service: 'kms'. ");
    }
    // Scoped to kms, the same request is answered.
    const ok = await send(
      await signRequest(
        w.endpoint,
        { headers: { ...JSON_11, 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' },
        { service: 'kms', ...w.credentials },
      ),
    );
    assert.equal(ok.status, 200, ok.body);
  });

  test('an X-Amz-Target added after signing cannot turn DescribeKey into DisableKey', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    // Signed without x-amz-target in SignedHeaders (as a careless client would), then the target is set.
    const signed = await signRequest(
      w.endpoint,
      { headers: JSON_11, body: JSON.stringify({ KeyId: keyId }) },
      { service: 'kms', ...w.credentials },
    );
    const res = await send({ ...signed, headers: { ...signed.headers, 'X-Amz-Target': 'TrentService.DisableKey' } });
    assert.equal(res.status, 400, res.body);
    const body = JSON.parse(res.body);
    assert.equal(body.__type, 'InvalidSignatureException');
    assert.equal(body.message, unsignedMessage('x-amz-target'));
    const described = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(described.KeyMetadata!.Enabled, true, 'the key is still enabled');
  });

  test('a JSON request whose Content-Type is not signed is refused', async () => {
    const signed = await signRequest(
      w.endpoint,
      { headers: { 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' },
      { service: 'kms', ...w.credentials },
    );
    const res = await send({ ...signed, headers: { ...signed.headers, ...JSON_11 } });
    assert.equal(res.status, 400, res.body);
    assert.equal(JSON.parse(res.body).message, unsignedMessage('Content-Type'));
  });

  test('a query request carrying an unsigned x-amz-* header is SignatureDoesNotMatch (403)', async () => {
    const signed = await signRequest(
      w.endpoint,
      { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      { service: 'sts', ...w.credentials },
    );
    const res = await send({ ...signed, headers: { ...signed.headers, 'X-Amz-Security-Token': 'added-later' } });
    assert.equal(res.status, 403, res.body);
    assert.match(res.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    const message = /<Message>([^<]*)<\/Message>/.exec(res.body)?.[1]?.replaceAll('&apos;', "'");
    assert.equal(message, unsignedMessage('x-amz-security-token'));
    // The query protocol's Content-Type may stay unsigned (form bodies are signed either way).
    const formUnsigned = await signRequest(
      w.endpoint,
      { body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      { service: 'sts', ...w.credentials },
    );
    const ok = await send({ ...formUnsigned, headers: { ...formUnsigned.headers, ...FORM } });
    assert.equal(ok.status, 200, ok.body);
  });

  test('a presigned URL sent with an unsigned X-Amz-Target header is refused', async () => {
    const url = new URL(w.endpoint);
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: w.credentials, sha256: Sha256 });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: url.host },
      },
      { expiresIn: 60 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const target = `${w.endpoint}/?${query}`;
    assert.equal((await fetch(target)).status, 200);
    const res = await fetch(target, { headers: { 'X-Amz-Target': 'TrentService.ListKeys' } });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { message: string }).message, unsignedMessage('x-amz-target'));
  });
});
