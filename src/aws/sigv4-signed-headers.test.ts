// Tests that a signature must cover the headers that steer a request (x-amz-*, JSON Content-Type) and its service.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AwsError } from './error.js';
import type { HttpRequest } from './http.js';
import { parseSignature, verifySignature, type ProtocolStyle } from './sigv4.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2026-11-28T01:10:00Z');
const KMS_JSON = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

interface Spec {
  service?: string;
  headers: Record<string, string>;
  body?: string;
  query?: Record<string, string>;
  /** Header names present on the request but left out of the signature. */
  unsigned?: string[];
}

function signer(service: string): SignatureV4 {
  return new SignatureV4({
    service,
    region: 'us-east-1',
    sha256: Sha256,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
  });
}

function received(out: { method: string; path: string; headers: Record<string, string>; body?: unknown }, query = {}) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers)) headers[name.toLowerCase()] = String(value);
  const rawQuery = new URLSearchParams(query).toString();
  const parsed: Record<string, string> = Object.fromEntries(new URLSearchParams(rawQuery));
  return {
    method: out.method,
    path: out.path,
    rawQuery,
    query: parsed,
    headers,
    body: Buffer.from(typeof out.body === 'string' ? out.body : ''),
  } satisfies HttpRequest;
}

async function signed(spec: Spec): Promise<HttpRequest> {
  const request = {
    method: 'POST',
    protocol: 'https:',
    hostname: 'kms.us-east-1.amazonaws.com',
    path: '/',
    headers: { host: 'kms.us-east-1.amazonaws.com', ...spec.headers },
    body: spec.body ?? '{}',
  };
  const out = await signer(spec.service ?? 'kms').sign(request, {
    signingDate: NOW,
    unsignableHeaders: new Set(spec.unsigned ?? []),
  });
  return received(out as never);
}

async function presigned(extraHeaders: Record<string, string>): Promise<HttpRequest> {
  const out = await signer('sts').presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: 'sts.amazonaws.com',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: 'sts.amazonaws.com' },
    },
    { signingDate: NOW, expiresIn: 60 },
  );
  const req = received({ ...out, body: '' } as never, out.query as Record<string, string>);
  return { ...req, headers: { ...req.headers, ...extraHeaders } };
}

function accept(req: HttpRequest, style: ProtocolStyle, service?: string): void {
  verifySignature(parseSignature(req, style, { service }), req, SECRET, NOW);
}

function refused(req: HttpRequest, style: ProtocolStyle, code: string, message: string, service?: string): void {
  assert.throws(
    () => accept(req, style, service),
    (err: unknown) => {
      assert.ok(err instanceof AwsError, String(err));
      assert.equal(err.code, code);
      assert.equal(err.message, message);
      assert.equal(err.fault, 'Sender');
      return true;
    },
  );
}

const mustBeSigned = (header: string) => `'${header}' must be a 'SignedHeader' in the AWS Authorization.`;

describe('headers a signature must cover', () => {
  test('a JSON request signing its target and content type is accepted', async () => {
    accept(await signed({ headers: KMS_JSON }), 'json');
  });

  test('an unsigned X-Amz-Target is refused before the signature is checked', async () => {
    const req = await signed({ headers: KMS_JSON, unsigned: ['x-amz-target'] });
    refused(req, 'json', 'InvalidSignatureException', mustBeSigned('x-amz-target'));
    refused(req, 'query', 'SignatureDoesNotMatch', mustBeSigned('x-amz-target'));
  });

  test('any x-amz-* header counts, x-amzn-* and ordinary headers do not', async () => {
    const req = await signed({
      headers: { ...KMS_JSON, 'x-amz-meta-anything': '1' },
      unsigned: ['x-amz-meta-anything'],
    });
    refused(req, 'json', 'InvalidSignatureException', mustBeSigned('x-amz-meta-anything'));
    const traced = await signed({ headers: KMS_JSON });
    accept({ ...traced, headers: { ...traced.headers, 'x-amzn-trace-id': 'Root=1-abc', 'user-agent': 'x' } }, 'json');
  });

  test('an unsigned X-Amz-Security-Token is refused', async () => {
    const req = await signed({
      headers: { ...KMS_JSON, 'x-amz-security-token': 'token' },
      unsigned: ['x-amz-security-token'],
    });
    refused(req, 'json', 'InvalidSignatureException', mustBeSigned('x-amz-security-token'));
  });

  test('an unsigned X-Amz-Content-Sha256 is bound anyway: it is the payload line', async () => {
    const body = '{}';
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(body).digest('hex');
    const req = await signed({
      headers: { ...KMS_JSON, 'x-amz-content-sha256': hash },
      unsigned: ['x-amz-content-sha256'],
    });
    accept(req, 'json');
    const swapped = { ...req, headers: { ...req.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
    assert.throws(
      () => accept(swapped, 'json'),
      (err: unknown) => (err as AwsError).code === 'InvalidSignatureException',
    );
  });

  test('Content-Type must be signed on JSON protocols, not on the query protocol', async () => {
    const json = await signed({ headers: KMS_JSON, unsigned: ['content-type'] });
    refused(json, 'json', 'InvalidSignatureException', mustBeSigned('Content-Type'));
    const form = await signed({
      service: 'sts',
      headers: FORM,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      unsigned: ['content-type'],
    });
    accept(form, 'query');
  });

  test('a presigned URL: x-amz-* headers added by its user are refused, a Content-Type is not', async () => {
    accept(await presigned({}), 'query');
    accept(await presigned({ 'content-type': 'application/x-amz-json-1.1' }), 'json');
    refused(
      await presigned({ 'x-amz-target': 'TrentService.ListKeys' }),
      'json',
      'InvalidSignatureException',
      mustBeSigned('x-amz-target'),
    );
  });
});

describe("the credential scope's service", () => {
  test('a signature scoped to another service is refused as AWS refuses it', async () => {
    for (const service of ['sts', 'iam']) {
      const req = await signed({ service, headers: KMS_JSON });
      const message = "Credential should be scoped to correct service: 'kms'. ";
      refused(req, 'json', 'InvalidSignatureException', message, 'kms');
      refused(req, 'query', 'SignatureDoesNotMatch', message, 'kms');
    }
    accept(await signed({ headers: KMS_JSON }), 'json', 'kms');
  });
});
