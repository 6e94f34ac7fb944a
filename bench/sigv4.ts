// SigV4 verification cost, with the signing-key cache and without, against one HMAC-SHA256 of the string to sign.
import { createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { HttpRequest } from '../src/aws/http.js';
import { parseSignature, SigningKeyCache, verifySignature } from '../src/aws/sigv4.js';
import { buildStringToSign } from '../src/aws/sigv4-canonical.js';

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

/** CPU time of this process in milliseconds: what the loops cost, whoever else is using the machine. */
function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Times the cases in interleaved batches, so load from other processes falls on all of them alike, by CPU time.
 * The first rounds warm the JIT up and are not counted.
 */
function timeInterleaved(cases: { name: string; fn: () => void }[], batch: number, rounds = 24): SigV4BenchResult[] {
  const spent = cases.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (let c = 0; c < cases.length; c++) {
      const fn = cases[c]!.fn;
      const t0 = cpuMillis();
      for (let i = 0; i < batch; i++) fn();
      if (round >= 4) spent[c]! += cpuMillis() - t0;
    }
  }
  const counted = (rounds - 4) * batch;
  return cases.map(({ name }, c) => {
    const micros = (spent[c]! * 1000) / counted;
    return { name, microsPerOp: micros, opsPerSec: 1e6 / micros };
  });
}

export async function runSigV4Bench(): Promise<SigV4BenchResult[]> {
  const secret = 'benchmark-secret-key-0123456789abcdefghij';
  const req = await signedRequest(secret);
  const cache = new SigningKeyCache();
  const now = new Date();
  const verify = (opts: { cache: SigningKeyCache | false }) => () => {
    verifySignature(parseSignature(req, 'query'), req, secret, now, opts);
  };
  // As the server verifies a stored access key: the cache is keyed by the key id and its wrapped secret, and the
  // secret (unwrapped under the master key) is read only when the signing key is not cached.
  const storedKey = { id: 'AKIABENCHMARK0000001\n<wrapped secret>', read: () => secret };
  const verifyStored = () => {
    verifySignature(parseSignature(req, 'query'), req, storedKey, now, { cache });
  };
  // Baseline: the one HMAC-SHA256 any signature check must compute, of this request's string to sign with its
  // (cached) signing key, the digest as bytes.
  const parsed = parseSignature(req, 'query');
  const signingKey = cache.get(secret, parsed.dateStamp, parsed.region, parsed.service);
  const stringToSign = buildStringToSign(parsed.amzDate, parsed.credentialScope, 'x'.repeat(200));
  const cases = [
    {
      name: 'baseline: one HMAC-SHA256 of the string to sign',
      fn: () => {
        createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
      },
    },
    { name: 'SigV4 parse + verify, signing key cached', fn: verifyStored },
    { name: '  the same, cache keyed by a digest of the secret', fn: verify({ cache }) },
  ];
  const [baseline, cached, cachedByDigest] = timeInterleaved(cases, 5000);
  const [derived] = timeInterleaved(
    [{ name: 'SigV4 parse + verify, key derived each time', fn: verify({ cache: false }) }],
    2000,
    12,
  );
  return [baseline!, cached!, cachedByDigest!, derived!];
}
