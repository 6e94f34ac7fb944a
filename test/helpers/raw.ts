// Signs and sends hand-made AWS requests, so tests can tamper with what a real SDK would not send.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

export interface RawRequest {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: string;
}

export async function signRequest(
  endpoint: string,
  req: RawRequest,
  opts: { service: string; region?: string; accessKeyId: string; secretAccessKey: string; signingDate?: Date },
): Promise<{ url: string; method: string; headers: Record<string, string>; body?: string }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: opts.service,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: req.method ?? 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: req.path ?? '/',
      query: req.query ?? {},
      headers: { host: url.host, ...(req.headers ?? {}) },
      body: req.body,
    },
    { signingDate: opts.signingDate },
  );
  const qs = new URLSearchParams(req.query ?? {}).toString();
  return {
    url: `${endpoint}${req.path ?? '/'}${qs ? `?${qs}` : ''}`,
    method: req.method ?? 'POST',
    headers: signed.headers as Record<string, string>,
    body: req.body,
  };
}

export async function send(r: { url: string; method: string; headers: Record<string, string>; body?: string }) {
  const headers = { ...r.headers };
  delete headers.host;
  const res = await fetch(r.url, { method: r.method, headers, body: r.body });
  return { status: res.status, headers: res.headers, body: await res.text() } satisfies RawResponse;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
