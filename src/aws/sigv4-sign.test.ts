// Tests for outgoing SigV4 signing: the AWS SDK's own signer agrees byte for byte, and Warden's verifier accepts it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { signRequest } from './sigv4-sign.js';
import { parseSignature, verifySignature } from './sigv4.js';
import type { HttpRequest } from './http.js';

const CREDENTIALS = { accessKeyId: 'MUBSXM6K3KMXHN6RRCXI7TWQH4', secretAccessKey: 'a'.repeat(43) };
const NOW = new Date('2026-03-04T05:06:07Z');
const BODY = Buffer.from('{"requestMetadata":{"kmsOperation":"ConnectCustomKeyStore","kmsRequestId":"r-1"}}');
const HEADERS = { host: 'xks.example.com', 'content-type': 'application/json' };
const PATH = '/tenant_1/kms/xks/v1/health';

describe('signRequest', () => {
  test('matches the signature of the AWS SDK signer for the same request', async () => {
    const mine = signRequest({ method: 'POST', path: PATH, headers: HEADERS, body: BODY }, CREDENTIALS, {
      region: 'us-east-1',
      service: 'kms-xks-proxy',
      now: NOW,
    });
    const sdk = new SignatureV4({
      service: 'kms-xks-proxy',
      region: 'us-east-1',
      sha256: Sha256,
      applyChecksum: false,
      credentials: CREDENTIALS,
    });
    const signed = await sdk.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'xks.example.com',
        path: PATH,
        headers: { ...HEADERS },
        body: BODY,
      },
      { signingDate: NOW },
    );
    const theirs = String(signed.headers['authorization']);
    const signatureOf = (h: string) => /Signature=([0-9a-f]{64})/.exec(h)?.[1];
    assert.equal(mine['x-amz-date'], '20260304T050607Z');
    assert.match(mine.authorization, /Credential=MUBSXM6K3KMXHN6RRCXI7TWQH4\/20260304\/us-east-1\/kms-xks-proxy\//);
    assert.ok(signatureOf(theirs));
    // The SDK signs x-amz-content-sha256 only when asked; both sign host, content-type and x-amz-date here.
    assert.match(theirs, /SignedHeaders=content-type;host;x-amz-date,/);
    assert.match(mine.authorization, /SignedHeaders=content-type;host;x-amz-date,/);
    assert.equal(signatureOf(mine.authorization), signatureOf(theirs));
  });

  test("Warden's verifier accepts it, and refuses it once the body changes", () => {
    const signature = signRequest({ method: 'POST', path: PATH, headers: HEADERS, body: BODY }, CREDENTIALS, {
      region: 'eu-west-1',
      service: 'kms-xks-proxy',
      now: NOW,
    });
    const req: HttpRequest = {
      method: 'POST',
      path: PATH,
      query: {},
      rawQuery: '',
      headers: { ...HEADERS, ...signature },
      body: BODY,
    };
    const parsed = parseSignature(req, 'json', { service: 'kms-xks-proxy' });
    assert.equal(parsed.region, 'eu-west-1');
    verifySignature(parsed, req, CREDENTIALS.secretAccessKey, NOW);
    const tampered = { ...req, body: Buffer.from(BODY.toString().replace('r-1', 'r-2')) };
    assert.throws(() => verifySignature(parsed, tampered, CREDENTIALS.secretAccessKey, NOW), {
      code: 'InvalidSignatureException',
    });
  });

  test('refuses a request without a host header', () => {
    assert.throws(
      () =>
        signRequest({ method: 'POST', path: '/', headers: {}, body: Buffer.alloc(0) }, CREDENTIALS, {
          region: 'us-east-1',
          service: 'kms-xks-proxy',
          now: NOW,
        }),
      /host header is required/,
    );
  });
});
