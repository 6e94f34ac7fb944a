// Test harness: drives real AWS SDK v3 clients without a server, capturing their requests and feeding them replies.
import { HttpResponse as SmithyHttpResponse, type HttpRequest as SmithyHttpRequest } from '@smithy/core/protocols';
import type { HttpRequest, HttpResponse } from '../../src/aws/http.js';

/** What every client in the tests is built with: fixed credentials, no retries, a handler we control. */
export function clientConfig(handler: CaptureHandler) {
  return {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: handler,
  };
}

class Captured extends Error {}

/** A smithy HttpHandler that records each request and answers with the reply it was given (or none). */
export class CaptureHandler {
  readonly requests: SmithyHttpRequest[] = [];
  private reply: HttpResponse | undefined;

  /** The next call is answered with this response instead of being stopped after capture. */
  respondWith(reply: HttpResponse): void {
    this.reply = reply;
  }

  async handle(request: SmithyHttpRequest): Promise<{ response: SmithyHttpResponse }> {
    this.requests.push(request);
    const reply = this.reply;
    this.reply = undefined;
    if (!reply) throw new Captured('request captured');
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    return { response: new SmithyHttpResponse({ statusCode: reply.status, headers: reply.headers, body }) };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

interface SendingClient {
  send(command: unknown): Promise<unknown>;
}

/** Sends a command and returns the HTTP request the SDK produced, as Warden's server would receive it. */
export async function captureRequest(client: SendingClient, handler: CaptureHandler, command: unknown) {
  await client.send(command).catch((err: unknown) => {
    if (!(err instanceof Captured)) throw err;
  });
  const request = handler.requests.at(-1);
  if (!request) throw new Error('the SDK sent no request');
  return toWardenRequest(request);
}

/** Sends a command answered by `reply`; resolves to the SDK's parsed output or rejects with its exception. */
export async function sdkParse(
  client: SendingClient,
  handler: CaptureHandler,
  command: unknown,
  reply: HttpResponse,
): Promise<Record<string, unknown>> {
  handler.respondWith(reply);
  return (await client.send(command)) as Record<string, unknown>;
}

function encodeQuery(query: SmithyHttpRequest['query']): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    const values = value === null ? [''] : Array.isArray(value) ? value : [value];
    for (const v of values) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(v)}`);
  }
  return parts.join('&');
}

export function toWardenRequest(request: SmithyHttpRequest): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.query ?? {})) query[name] = value ?? '';
  const body = request.body;
  return {
    method: request.method,
    path: request.path,
    query,
    rawQuery: encodeQuery(request.query),
    headers,
    body: body === undefined || body === null ? Buffer.alloc(0) : Buffer.from(body as string | Uint8Array),
  };
}

/** The service in a signed request's SigV4 credential scope, as the pipeline reads it. */
export function signingServiceOf(req: HttpRequest): string | undefined {
  return /Credential=([^,\s]+)/.exec(req.headers['authorization'] ?? '')?.[1]?.split('/')[3];
}
