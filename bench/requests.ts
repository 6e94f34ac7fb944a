// The signed requests the HTTP benchmarks replay: STS GetCallerIdentity, KMS Encrypt and Decrypt, IAM GetUser and
// CreateUser + DeleteUser pairs.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { LoadRequest, Workload } from './load.js';
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

function iamRequest(origin: string, action: string, params: Record<string, string>): Promise<LoadRequest> {
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
  return signed(origin, 'iam', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
}

/** What the scenarios need on the server: a KMS key with a ciphertext of 256 bytes under it, and a user to read. */
export interface BenchSetup {
  keyId: string;
  plaintext: string;
  ciphertext: string;
}

export async function setUpBench(origin: string): Promise<BenchSetup> {
  const config = { endpoint: origin, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 };
  const kms = new KMSClient(config);
  const key = await kms.send(new CreateKeyCommand({ Description: 'bench' }));
  const keyId = key.KeyMetadata!.KeyId!;
  const plaintext = Buffer.alloc(256, 7);
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
  await new IAMClient(config).send(new CreateUserCommand({ UserName: 'bench-reader', Path: '/bench/' }));
  return {
    keyId,
    plaintext: plaintext.toString('base64'),
    ciphertext: Buffer.from(CiphertextBlob!).toString('base64'),
  };
}

export interface BenchScenario {
  /** Short id for selection (PROFILE_SCENARIOS). */
  id: 'gci' | 'encrypt' | 'decrypt' | 'getuser' | 'createdelete';
  name: string;
  workload: Workload;
}

/**
 * Every request-path scenario, signed now (a signature is good for five minutes: re-sign for longer runs). The IAM
 * write: each connection cycles CreateUser then DeleteUser of its own user, so every request succeeds and the store
 * returns to where it began.
 */
export async function signScenarios(origin: string, connections: number, setup: BenchSetup): Promise<BenchScenario[]> {
  const createDelete = await Promise.all(
    Array.from({ length: connections }, async (_, i) => [
      await iamRequest(origin, 'CreateUser', { UserName: `bench-writer-${i}` }),
      await iamRequest(origin, 'DeleteUser', { UserName: `bench-writer-${i}` }),
    ]),
  );
  return [
    { id: 'gci', name: 'GetCallerIdentity', workload: await getCallerIdentityRequest(origin) },
    {
      id: 'encrypt',
      name: 'KMS Encrypt',
      workload: await kmsRequest(origin, 'Encrypt', { KeyId: setup.keyId, Plaintext: setup.plaintext }),
    },
    {
      id: 'decrypt',
      name: 'KMS Decrypt',
      workload: await kmsRequest(origin, 'Decrypt', { CiphertextBlob: setup.ciphertext }),
    },
    {
      id: 'getuser',
      name: 'IAM GetUser',
      workload: await iamRequest(origin, 'GetUser', { UserName: 'bench-reader' }),
    },
    { id: 'createdelete', name: 'IAM CreateUser+DeleteUser', workload: createDelete },
  ];
}

/** Sets the server at origin up for the scenarios and signs them. */
export async function benchScenarios(origin: string, connections: number): Promise<BenchScenario[]> {
  return signScenarios(origin, connections, await setUpBench(origin));
}
