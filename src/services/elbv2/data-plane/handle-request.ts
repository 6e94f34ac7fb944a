// One request at a listener: inspected (WAF), routed by the rules, answered or forwarded to a target as an ALB does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Runtime, TrafficInspector } from '../../../core/runtime.js';
import type { InspectedRequest } from '../../../core/traffic.js';
import type { ActionConfig, ListenerConfig } from './config.js';
import { BodyTooLarge, forwardedBody, readPrefix } from './body.js';
import { errorPage, sendError } from './error-pages.js';
import { flatRequestHeadersForTarget, flatResponseHeadersForClient } from './forwarding-headers.js';
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
      if (!ended && prefix.length === 0 && smallDeclaredBody(req)) {
        try {
          ({ prefix, ended } = await readPrefix(req, WHOLE_BODY_BYTES));
        } catch {
          // The client went away mid-body: nobody is left to answer.
          return;
        }
      }
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

/**
 * A body whose declared length is at most this is read whole before it is forwarded and goes upstream as one buffer
 * (what a body the WAF inspected whole already does): streaming it through a Readable costs several times more per
 * request than holding a few KB, and a slow client then holds no target connection while it sends.
 */
const WHOLE_BODY_BYTES = 8192;

function smallDeclaredBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const declared = Number(req.headers['content-length']);
  return Number.isInteger(declared) && declared > 0 && declared <= WHOLE_BODY_BYTES;
}

/** What forward() needs of the request, besides the message itself. */
interface Forwarding {
  readonly path: string;
  readonly query: string;
  readonly headers: [string, string][];
  readonly clientIp: string;
  readonly prefix: Buffer;
  readonly ended: boolean;
  readonly insertHeaders: readonly (readonly [string, string])[] | undefined;
}

/**
 * The body sent upstream. A body read whole for inspection, whose length the client declared, goes as that buffer
 * (the same Content-Length framing); otherwise the prefix, then the rest as it arrives, under the body cap. The
 * request itself is never handed to undici: consuming it, undici destroys it, and the listener's observers still
 * read it (its socket) when the response closes.
 */
function upstreamBody(scope: RequestScope, req: IncomingMessage, r: Forwarding): Dispatcher.DispatchOptions['body'] {
  if (r.ended && r.prefix.length === 0) return null;
  const declared = req.headers['content-length'] !== undefined && req.headers['transfer-encoding'] === undefined;
  if (declared && r.ended && r.prefix.length <= scope.maxBodyBytes) return r.prefix;
  return Readable.from(forwardedBody(req, r.prefix, r.ended, scope.maxBodyBytes));
}

async function forward(
  scope: RequestScope,
  req: IncomingMessage,
  res: ServerResponse,
  action: Extract<ActionConfig, { type: 'forward' }>,
  r: Forwarding,
): Promise<void> {
  const chosen = action.targetGroups.length === 1 ? action.targetGroups[0] : pickWeighted(action.targetGroups);
  const group = chosen === undefined ? undefined : scope.targetGroups.get(chosen.arn);
  const target = group?.pick();
  if (group === undefined || target === undefined) return sendError(res, 503);

  const headers = flatRequestHeadersForTarget(r.headers, {
    clientIp: r.clientIp,
    protocol: scope.listener.protocol === 'HTTPS' ? 'https' : 'http',
    listenerPort: scope.listener.port,
    insertHeaders: r.insertHeaders,
  });
  // ALB answers 504 when the target says nothing within the load balancer's idle timeout.
  const responseTimeoutMs = scope.listener.idleTimeoutSeconds * 1000;
  // Dispatched with a handler that writes straight to the client: no response stream, promise or AbortSignal per
  // request, as undici's request() would make.
  return new Promise<void>((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let clientGone = false;
    let answered = false;
    // A client that goes away takes its upstream request with it, and a cut response is cut upstream too. (A response
    // closes once: 'on' spares the once-wrapper's removal.)
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      controller?.abort(new Error('client closed the connection'));
      resolve();
    });
    res.on('error', () => res.destroy());
    const failed = (err: Error) => {
      if (clientGone) return resolve();
      if (answered) {
        // The target broke off mid-body: nothing more can be said on this response.
        res.destroy();
        return resolve();
      }
      if (err instanceof BodyTooLarge || (err as { cause?: unknown }).cause instanceof BodyTooLarge) {
        sendError(res, 413);
        req.destroy();
        return resolve();
      }
      scope.runtime.log.debug({ err, target: `${target.id}:${target.port}` }, 'target request failed');
      sendError(res, isTimeout(err) ? 504 : 502);
      resolve();
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (clientGone) c.abort(new Error('client closed the connection'));
      },
      onResponseStart(c, statusCode, responseHeaders) {
        // Informational answers (100 Continue) are the connection's business, as undici's request() treats them.
        if (statusCode < 200 || clientGone) return;
        answered = true;
        res.writeHead(statusCode, flatResponseHeadersForClient(responseHeaders));
      },
      onResponseData(c, chunk) {
        if (clientGone || res.write(chunk)) return;
        // Backpressure: the target's body waits while the client's socket is full.
        c.pause();
        res.once('drain', () => c.resume());
      },
      onResponseEnd() {
        if (!clientGone) res.end();
        resolve();
      },
      onResponseError(_c, err) {
        failed(err);
      },
    };
    try {
      scope.targets.dispatch(
        {
          origin: targetOrigin(group.config.protocol, target.id, target.port),
          path: r.query === '' ? r.path : `${r.path}?${r.query}`,
          method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
          headers,
          body: upstreamBody(scope, req, r),
          headersTimeout: responseTimeoutMs,
          bodyTimeout: responseTimeoutMs,
        },
        handler,
      );
    } catch (err) {
      failed(err as Error);
    }
  });
}
