// The signed requests the HTTP benchmarks replay: STS GetCallerIdentity, KMS Encrypt and Decrypt.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import type { LoadRequest } from './load.js';
import { BENCH_CREDENTIALS } from './servers.js';

/** A header-signed request, replayable for the signature's five-minute window. */
async function signed(origin: string, service: string, headers: Record<string, string>, body: string) {
  const url = new URL(origin);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: BENCH_CREDENTIALS, sha256: Sha256 });
  const out = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, ...headers },
    body,
  });
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) if (k.toLowerCase() !== 'host') sent[k] = String(v);
  return { method: 'POST', path: '/', headers: sent, body } satisfies LoadRequest;
}

export function getCallerIdentityRequest(origin: string): Promise<LoadRequest> {
  return signed(
    origin,
    'sts',
    { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    'Action=GetCallerIdentity&Version=2011-06-15',
  );
}

function kmsRequest(origin: string, operation: string, input: unknown): Promise<LoadRequest> {
  return signed(
    origin,
    'kms',
    { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` },
    JSON.stringify(input),
  );
}

/** Creates a key on the server, then signs an Encrypt of 256 bytes and a Decrypt of its ciphertext. */
export async function kmsRequests(origin: string): Promise<{ encrypt: LoadRequest; decrypt: LoadRequest }> {
  const kms = new KMSClient({ endpoint: origin, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 });
  const key = await kms.send(new CreateKeyCommand({ Description: 'bench' }));
  const KeyId = key.KeyMetadata!.KeyId!;
  const plaintext = Buffer.alloc(256, 7);
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));
  return {
    encrypt: await kmsRequest(origin, 'Encrypt', { KeyId, Plaintext: plaintext.toString('base64') }),
    decrypt: await kmsRequest(origin, 'Decrypt', { CiphertextBlob: Buffer.from(CiphertextBlob!).toString('base64') }),
  };
}
