// The agent's calls to Warden: registration and renewal (docs/ssm.md), and SigV4-signed Systems Manager calls.
import { sign, type KeyObject } from 'node:crypto';
import { signRequest } from '../aws/sigv4-sign.js';
import type { AgentCredentials } from './state.js';

/** A refusal from Warden: the JSON error's code and message. */
export class AgentCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A call's deadline: a hung server cannot hang the agent. */
const TIMEOUT_MS = 60_000;

async function post(url: string, headers: Record<string, string>, body: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AgentCallError('InvalidResponse', `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { __type?: string; message?: string; Message?: string };
    const code = (err.__type ?? 'Error').split('#').pop() ?? 'Error';
    throw new AgentCallError(code, err.message ?? err.Message ?? `HTTP ${res.status}`, res.status);
  }
  return parsed;
}

interface CredentialsOut {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

function credentialsOf(c: CredentialsOut): AgentCredentials {
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function register(
  endpoint: string,
  input: { activationId: string; activationCode: string; region: string; publicKeyDer: Buffer; computerName: string },
): Promise<{ instanceId: string; accountId: string; credentials: AgentCredentials }> {
  const out = (await post(
    `${endpoint}/_warden/ssm/register`,
    JSON_HEADERS,
    JSON.stringify({
      ActivationId: input.activationId,
      ActivationCode: input.activationCode,
      Region: input.region,
      PublicKey: input.publicKeyDer.toString('base64'),
      ComputerName: input.computerName,
    }),
  )) as { InstanceId: string; AccountId: string; Credentials: CredentialsOut };
  return { instanceId: out.InstanceId, accountId: out.AccountId, credentials: credentialsOf(out.Credentials) };
}

/** New credentials, proving the instance's identity by signing its id and the time with its private key. */
export async function renew(endpoint: string, instanceId: string, key: KeyObject): Promise<AgentCredentials> {
  const timestamp = Date.now();
  const message = Buffer.from(`warden-ssm-renew\n${instanceId}\n${timestamp}`, 'utf8');
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign(null, message, key, (err, sig) => (err ? reject(err) : resolve(sig))),
  );
  const out = (await post(
    `${endpoint}/_warden/ssm/renew`,
    JSON_HEADERS,
    JSON.stringify({ InstanceId: instanceId, Timestamp: timestamp, Signature: signature.toString('base64') }),
  )) as { Credentials: CredentialsOut };
  return credentialsOf(out.Credentials);
}

/** One Systems Manager (JSON 1.1) call signed with the instance's credentials. */
export async function callSsm(
  endpoint: string,
  region: string,
  credentials: AgentCredentials,
  operation: string,
  input: unknown,
): Promise<unknown> {
  const url = new URL(endpoint);
  const body = Buffer.from(JSON.stringify(input), 'utf8');
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AmazonSSM.${operation}`,
    'x-amz-security-token': credentials.sessionToken,
  };
  const signed = signRequest(
    { method: 'POST', path: '/', headers, body },
    { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    { region, service: 'ssm', now: new Date() },
  );
  const { host: _host, ...sent } = headers;
  return post(`${url.origin}/`, { ...sent, ...signed }, body.toString('utf8'));
}
