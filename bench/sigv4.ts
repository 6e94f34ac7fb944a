// SigV4 verification cost, with the signing-key cache and without, against a bare HMAC baseline.
import { createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { HttpRequest } from '../src/aws/http.js';
import { parseSignature, SigningKeyCache, verifySignature } from '../src/aws/sigv4.js';

export interface SigV4BenchResult {
  name: string;
  microsPerOp: number;
  opsPerSec: number;
}

async function signedRequest(secret: string): Promise<HttpRequest> {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({
    service: 'sts',
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: secret },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4599,
    path: '/',
    query: {},
    headers: { host: '127.0.0.1:4599', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
  return { method: 'POST', path: '/', query: {}, rawQuery: '', headers, body: Buffer.from(body) };
}

function time(name: string, iterations: number, fn: () => void): SigV4BenchResult {
  for (let i = 0; i < Math.min(2000, iterations); i++) fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const micros = ((performance.now() - t0) * 1000) / iterations;
  return { name, microsPerOp: micros, opsPerSec: 1e6 / micros };
}

export async function runSigV4Bench(): Promise<SigV4BenchResult[]> {
  const secret = 'benchmark-secret-key-0123456789abcdefghij';
  const req = await signedRequest(secret);
  const cache = new SigningKeyCache();
  const now = new Date();
  const verify = (opts: { cache: SigningKeyCache | false }) => () => {
    verifySignature(parseSignature(req, 'query'), req, secret, now, opts);
  };
  // Baseline: the single HMAC-SHA256 any signature check must compute at least once.
  const baseline = time('baseline: one HMAC-SHA256', 200_000, () => {
    createHmac('sha256', secret).update(req.body).digest();
  });
  return [
    baseline,
    time('SigV4 parse + verify, signing key cached', 100_000, verify({ cache })),
    time('SigV4 parse + verify, key derived each time', 50_000, verify({ cache: false })),
  ];
}
