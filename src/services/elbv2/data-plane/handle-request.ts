// One request at a listener: inspected (WAF), routed by the rules, answered or forwarded to a target as an ALB does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Runtime, TrafficInspector } from '../../../core/runtime.js';
import type { InspectedRequest } from '../../../core/traffic.js';
import type { ActionConfig, ListenerConfig } from './config.js';
import { BodyTooLarge, forwardedBody, readPrefix } from './body.js';
import { errorPage, sendError } from './error-pages.js';
import { requestHeadersForTarget, responseHeadersForClient } from './forwarding-headers.js';
import { tlsFingerprintsOf } from './hello-capture.js';
import { redirectLocation } from './redirect.js';
import { hostWithoutPort, pickWeighted, selectActions } from './rules.js';
import { targetOrigin, type TargetGroupRuntime } from './target-group.js';

/** What a request handler needs from the data plane, read once when the request arrives. */
export interface RequestScope {
  readonly runtime: Runtime;
  readonly listener: ListenerConfig;
  readonly targetGroups: ReadonlyMap<string, TargetGroupRuntime>;
  readonly targets: Dispatcher;
  readonly maxBodyBytes: number;
  readonly inspector: TrafficInspector | undefined;
}

/** Header lines from Node's flat rawHeaders, names as sent. */
function headerLines(raw: readonly string[]): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push([raw[i]!, raw[i + 1]!]);
  return lines;
}

/** Path and query as sent; an absolute-form target (`http://host/p?q`) is reduced to its path and query. */
function splitTarget(url: string): { path: string; query: string } | undefined {
  let target = url;
  if (!target.startsWith('/')) {
    try {
      const parsed = new URL(target);
      target = parsed.pathname + parsed.search;
    } catch {
      return undefined;
    }
  }
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/**
 * The target's body on to the client with backpressure; settles when the response is done or cut. Plain pipe() rather
 * than stream.pipeline: pipeline makes and aborts an AbortController (a DOMException with a stack) for every response.
 */
function relayBody(body: Readable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    // The target or the client broke off mid-body: nothing more can be said on this response.
    const cut = () => {
      body.destroy();
      res.destroy();
      resolve();
    };
    body.on('error', cut);
    res.on('error', cut);
    res.once('close', () => {
      if (!res.writableFinished) cut();
      else resolve();
    });
    body.pipe(res);
  });
}

export async function handleRequest(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { listener } = scope;
  const scheme = listener.protocol === 'HTTPS' ? 'https' : 'http';
  const target = splitTarget(req.url ?? '/');
  if (target === undefined) return sendError(res, 400);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > scope.maxBodyBytes) return sendError(res, 413);
  const clientIp = req.socket.remoteAddress ?? '';
  const headers = headerLines(req.rawHeaders);

  let prefix: Buffer = Buffer.alloc(0);
  let ended = !hasBody(req);
  let insertHeaders: readonly (readonly [string, string])[] | undefined;
  if (scope.inspector !== undefined) {
    try {
      // A request without a body has nothing for the limit to cut: asking for it would cost a second epoch read.
      const limit = ended ? 0 : await scope.inspector.bodyLimit(scope.runtime, listener.loadBalancerArn);
      if (limit > 0 && !ended) ({ prefix, ended } = await readPrefix(req, Math.min(limit, scope.maxBodyBytes)));
      const inspected: InspectedRequest = {
        clientIp,
        method: req.method ?? 'GET',
        uri: target.path,
        query: target.query,
        httpVersion: req.httpVersion,
        headers,
        body: prefix.subarray(0, Math.max(0, limit)),
        bodyTruncated: !ended || prefix.length > limit,
        scheme,
        tlsFingerprints: tlsFingerprintsOf(req.socket),
      };
      const verdict = await scope.inspector.inspect(scope.runtime, listener.loadBalancerArn, inspected);
      if (verdict?.action === 'respond') {
        res.writeHead(verdict.status, verdict.headers.flat());
        res.end(verdict.body);
        return;
      }
      insertHeaders = verdict?.insertHeaders;
    } catch (err) {
      if (req.destroyed) return;
      // waf.fail_open.enabled: off by default on AWS, where a request WAF could not evaluate gets a 500.
      scope.runtime.log.warn({ err, loadBalancerArn: listener.loadBalancerArn }, 'traffic inspection failed');
      if (listener.wafFailOpen !== true) return sendError(res, 500);
    }
  }

  const host = req.headers.host ?? '';
  const actions = selectActions(listener, {
    method: req.method ?? 'GET',
    path: target.path,
    query: target.query,
    host,
    headers,
    clientIp,
  });
  const action: ActionConfig | undefined = actions[0];
  if (action === undefined) return sendError(res, 503);
  switch (action.type) {
    case 'fixed-response': {
      const body = Buffer.from(action.messageBody ?? '', 'utf8');
      res.writeHead(action.statusCode, {
        Server: 'awselb/2.0',
        ...(action.contentType === undefined ? {} : { 'Content-Type': action.contentType }),
        'Content-Length': body.length,
      });
      res.end(body);
      return;
    }
    case 'redirect': {
      const { status, location } = redirectLocation(action, {
        protocol: scheme,
        host: hostWithoutPort(host),
        port: listener.port,
        path: target.path,
        query: target.query,
      });
      const body = errorPage(status);
      res.writeHead(status, {
        Server: 'awselb/2.0',
        Location: location,
        'Content-Type': 'text/html',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    case 'forward':
      return forward(scope, req, res, action, {
        path: target.path,
        query: target.query,
        headers,
        clientIp,
        prefix,
        ended,
        insertHeaders,
      });
  }
}

async function forward(
  scope: RequestScope,
  req: IncomingMessage,
  res: ServerResponse,
  action: Extract<ActionConfig, { type: 'forward' }>,
  r: {
    path: string;
    query: string;
    headers: [string, string][];
    clientIp: string;
    prefix: Buffer;
    ended: boolean;
    insertHeaders: readonly (readonly [string, string])[] | undefined;
  },
): Promise<void> {
  const chosen = action.targetGroups.length === 1 ? action.targetGroups[0] : pickWeighted(action.targetGroups);
  const group = chosen === undefined ? undefined : scope.targetGroups.get(chosen.arn);
  const target = group?.pick();
  if (group === undefined || target === undefined) return sendError(res, 503);

  const lines = requestHeadersForTarget(r.headers, {
    clientIp: r.clientIp,
    protocol: scope.listener.protocol === 'HTTPS' ? 'https' : 'http',
    listenerPort: scope.listener.port,
    insertHeaders: r.insertHeaders,
  });
  const abort = new AbortController();
  // A client that goes away takes its upstream request with it.
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  // ALB answers 504 when the target says nothing within the load balancer's idle timeout.
  const responseTimeoutMs = scope.listener.idleTimeoutSeconds * 1000;
  const sendsBody = !r.ended || r.prefix.length > 0;
  try {
    const upstream = await scope.targets.request({
      origin: targetOrigin(group.config.protocol, target.id, target.port),
      path: r.query === '' ? r.path : `${r.path}?${r.query}`,
      method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: lines.flat(),
      body: sendsBody ? Readable.from(forwardedBody(req, r.prefix, r.ended, scope.maxBodyBytes)) : null,
      headersTimeout: responseTimeoutMs,
      bodyTimeout: responseTimeoutMs,
      signal: abort.signal,
    });
    const out: [string, string][] = [];
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) out.push([name, v]);
    }
    res.writeHead(upstream.statusCode, responseHeadersForClient(out).flat());
    await relayBody(upstream.body, res);
  } catch (err) {
    if (abort.signal.aborted) return;
    if (err instanceof BodyTooLarge || (err as { cause?: unknown }).cause instanceof BodyTooLarge) {
      sendError(res, 413);
      req.destroy();
      return;
    }
    scope.runtime.log.debug({ err, target: `${target.id}:${target.port}` }, 'target request failed');
    sendError(res, isTimeout(err) ? 504 : 502);
  }
}
