// The HTTP server: fastify with raw bodies (SigV4 signs the exact bytes) in front of the request pipeline.
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { AwsError } from './aws/error.js';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.js';
import type { HttpRequest } from './aws/http.js';
import { handleAwsRequest } from './pipeline.js';
import { createMetrics, type Metrics } from './metrics.js';
import { openStore } from './store/open.js';
import { SecretBox, loadMasterKey } from './store/secrets.js';
import { createAuditWriter } from './audit/writer.js';
import { trailFeed } from './core/trail-feed.js';
import { startIntentRecovery } from './audit/recover-intents.js';
import { bootstrap, type BootstrapResult } from './bootstrap.js';
import { resetToFirstAccount } from './reset.js';
import { MIGRATIONS, SERVED_MODEL_NAMES, serviceDescriptors } from './services/registry.js';
import { ensureAwsManagedPolicies } from './services/iam/policies/aws-managed/seed.js';
import { prepareAuthorization } from './authz/authorize.js';
import { startTrailDelivery } from './services/cloudtrail/delivery.js';
import { attachWafMetrics } from './services/wafv2/metrics.js';
import { AGENT_PATHS, handleAgentCall } from './services/ssm/agent-endpoint.js';
import { DOWNLOAD_PATH as ARTIFACT_DOWNLOAD_PATH, serveDownload } from './services/artifact/download.js';
import { CIS_REPORT_PATH, serveCisReport } from './services/inspector2/cis/report.js';
import { ClientGate, clientLimitsOf } from './core/client-gate.js';
import { apiEndpointArn, apiEndpointObservers } from './core/api-endpoint.js';
import { observeExchange } from './services/elbv2/data-plane/observe.js';
import type { RunningService, Runtime } from './core/runtime.js';
import { authorizationStores } from './core/stores.js';
import { createRequestLog, prettyOptions } from './request-log.js';
import { lazyChildLoggerFactory } from './lazy-child-logger.js';
import { endpointFor, landingPage } from './landing-page.js';
import { servedServices } from './unroutable.js';
import { wardenVersion } from './version.js';
import { join, resolve } from 'node:path';

export interface Warden {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly bootstrap: BootstrapResult;
  /** The address it listens on, once listen() resolved. */
  url(): string;
  listen(): Promise<string>;
  /** Stops accepting, drains in-flight requests, flushes the audit trail and closes the store. */
  close(): Promise<void>;
}

/** Secrets never reach the logs, whatever a log call is handed. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-amz-security-token"]',
  '*.secretAccessKey',
  '*.SecretAccessKey',
  '*.password',
  '*.Password',
  '*.sessionToken',
  '*.SessionToken',
];

/**
 * The server's logger: pretty lines for a person on a terminal, JSON lines for a collector otherwise, unless
 * config.logFormat says which. destination: where lines go (stdout when absent); terminal: whether stdout is one.
 */
export function createLogger(
  config: Config,
  destination?: DestinationStream,
  terminal = process.stdout.isTTY === true,
): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } };
  if ((config.logFormat ?? (terminal ? 'pretty' : 'json')) === 'pretty') {
    return pino(
      options,
      pretty({ ...prettyOptions(), colorize: terminal && !destination, destination: destination ?? 1 }),
    );
  }
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Every listener is time- and size-bounded: a whole request must arrive within requestTimeoutMs, a kept-alive
 * connection idles at most keepAliveTimeoutMs, a socket silent for requestTimeoutMs is closed, and a body over
 * maxBodyBytes is refused (413) before it is buffered. Defaults in src/config.ts, documented in the README.
 */
function listenerLimits(config: Config) {
  return {
    bodyLimit: config.maxBodyBytes,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
      // Node enforces the two timeouts above on this sweep (30 s by default): check often enough to honour them.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
  };
}

/**
 * A path whose percent-escapes are not UTF-8 (`/detector/%ED%A0%80`) makes Fastify's router refuse the request
 * with its own 400 before Warden sees it: no AWS error, no audit record. Such a request is routed to the AWS
 * handler under `/` instead; toHttpRequest reads the original URL, so routing and signing see it as it was sent.
 */
function routableUrl(req: { url?: string }): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
    return url;
  } catch {
    return '/';
  }
}

/** Content-Type headers of AWS calls as the client sent them (Fastify is shown application/octet-stream). */
const sentContentTypes = new WeakMap<FastifyRequest['raw'], string>();

/**
 * Fastify refuses a Content-Type it cannot parse (`Infinity`, `a/b;;`) with its own 415 before Warden sees the
 * request: no AWS error, no audit record. Every AWS body is read as bytes anyway, so the header is set aside
 * here and handed back to the pipeline as sent (SigV4 signs it, the codecs read it).
 */
async function keepContentType(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type'];
  if (type === undefined) return;
  sentContentTypes.set(request.raw, type);
  request.headers['content-type'] = 'application/octet-stream';
}

/** AWS's front door answers an oversized request 413 before any service sees it. */
function bodyTooLarge(limit: number): AwsError {
  return new AwsError('RequestEntityTooLarge', `Request body is larger than the limit of ${limit} bytes.`, {
    status: 413,
  });
}

function toHttpRequest(request: FastifyRequest): HttpRequest {
  const raw = request.originalUrl ?? request.raw.url ?? '/';
  const q = raw.indexOf('?');
  const rawQuery = q === -1 ? '' : raw.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const contentType = sentContentTypes.get(request.raw);
  if (contentType !== undefined) headers['content-type'] = contentType;
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { method: request.method, path: q === -1 ? raw : raw.slice(0, q), query, rawQuery, headers, body };
}

export async function createWarden(config: Config, log: Logger = createLogger(config)): Promise<Warden> {
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    migrations: MIGRATIONS,
    sync: config.auditSync,
  });
  const secrets = new SecretBox(loadMasterKey({ dataDir: config.dataDir, env: process.env }));
  const services = serviceDescriptors();
  // The feed needs the runtime, which holds the writer: it reads it from here once the runtime exists.
  const live: { runtime?: Runtime } = {};
  const audit = createAuditWriter(store, { onCommitted: trailFeed(services.values(), () => live.runtime) });
  // Calls a stopped server began but never answered get their records before any new call is served.
  const intentRecovery = await startIntentRecovery(store, (recovered) =>
    log.warn({ recovered }, 'audit intents recovered as records of unknown outcome'),
  );
  const runtime: Runtime = {
    config,
    store,
    secrets,
    audit,
    services,
    ...authorizationStores(services.values()),
    log,
  };
  live.runtime = runtime;
  const boot = await bootstrap(store, secrets, config);
  await ensureAwsManagedPolicies(store);
  // Loads the action catalog now, so the first request does not pay for it.
  await prepareAuthorization(runtime.services);
  const metrics: Metrics = createMetrics(SERVED_MODEL_NAMES);
  attachWafMetrics(runtime, metrics.registry);
  const logRequest = createRequestLog(log, services.keys());
  const delivery = startTrailDelivery(runtime);

  // Shield Standard on the API listener: per-client connection caps and request bucket (docs/shield.md).
  // The in-progress cap is the load balancers' only: SDKs rightly run many requests at once against the API.
  const gate = new ClientGate({ ...clientLimitsOf(config), concurrentRequestsPerClient: 0 });
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    childLoggerFactory: lazyChildLoggerFactory,
    logController: new LogController({ disableRequestLogging: true }),
    ...listenerLimits(config),
    rewriteUrl: routableUrl,
  });
  // Shield Advanced on the API endpoint: while a protection watches it, each exchange is handed to its observer (one
  // array-length check per request otherwise).
  const apiArn = apiEndpointArn(boot.accountId);
  app.addHook('onRequest', (request, reply, done) => {
    const observers = apiEndpointObservers(runtime);
    if (observers.length > 0) observeExchange(runtime, observers, apiArn, request.raw, reply.raw);
    done();
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/_warden/health', async () => ({ status: 'ok', accountId: boot.accountId }));
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    // Data-plane workers count in registries of their own (WAF's verdicts): added in, as prom-client's cluster does.
    const others = (await Promise.all(running.map((r) => r.metrics?.() ?? []))).flat();
    if (others.length === 0) return metrics.registry.metrics();
    return AggregatorRegistry.aggregate([await metrics.registry.getMetricsAsJSON(), ...others]).metrics();
  });
  if (config.testMode) {
    const reset = async () => {
      await audit.flush();
      await resetToFirstAccount(store);
      await ensureAwsManagedPolicies(store);
      return { reset: true };
    };
    app.post('/_warden/reset', reset);
    app.post('/moto-api/reset', reset);
  }

  // `warden agent` registers a host and renews its credentials here (docs/ssm.md), under the same request bucket.
  const agentCall = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = gate.admitRequest(request.ip)
      ? await handleAgentCall(runtime, request.url, request.body as Buffer | undefined, new Date(), request.ip)
      : { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) };
    reply.code(answer.status).header('content-type', 'application/x-amz-json-1.1');
    return reply.send(answer.body);
  };
  app.post(AGENT_PATHS.register, agentCall);
  app.post(AGENT_PATHS.renew, agentCall);
  // Artifact's presigned report URLs (docs/artifact.md): the signature in the query is the credential.
  app.get(ARTIFACT_DOWNLOAD_PATH, async (request, reply) => {
    const answer = gate.admitRequest(request.ip)
      ? await serveDownload(runtime, request.url, new Date(), request.ip)
      : { status: 429, headers: { 'content-type': 'text/plain' }, body: 'Rate exceeded\n' };
    reply.code(answer.status).headers(answer.headers);
    return reply.send(answer.body);
  });
  // Inspector2's presigned CIS scan report URLs (docs/inspector.md): the signature in the query is the credential.
  app.get(CIS_REPORT_PATH, async (request, reply) => {
    const answer = gate.admitRequest(request.ip)
      ? await serveCisReport(runtime, request.url, new Date())
      : { status: 429, headers: { 'content-type': 'text/plain' }, body: 'Rate exceeded\n' };
    reply.code(answer.status).headers(answer.headers);
    return reply.send(answer.body);
  });

  const serveAws = async (request: FastifyRequest, reply: FastifyReply, refusal?: AwsError) => {
    const started = process.hrtime.bigint();
    const handled = await handleAwsRequest(runtime, toHttpRequest(request), {
      sourceIp: request.ip,
      secureTransport: request.protocol === 'https',
      receivedAt: new Date(),
      refusal,
      throttled: !gate.admitRequest(request.ip),
    });
    const { response, service, operation } = handled;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observe(service, operation, response.status, seconds);
    logRequest(handled, request.ip, seconds * 1000);
    reply.code(response.status).headers(response.headers);
    return reply.send(response.body);
  };
  app.all('/*', { onRequest: keepContentType }, (request, reply) => serveAws(request, reply));
  // `GET /` with nothing of an AWS call about it (no query, no signature, no target) is a person or a probe: the
  // landing page. Anything else at `/` (a query-protocol GET with Action=, a signed GET) is an AWS call.
  const { served, notImplemented } = servedServices(services);
  const credentialsFile = resolve(join(config.dataDir, 'root-credentials'));
  app.get('/', { onRequest: keepContentType }, async (request, reply) => {
    const h = request.headers;
    const awsCall = request.originalUrl !== '/' || h.authorization !== undefined || h['x-amz-target'] !== undefined;
    if (awsCall) return serveAws(request, reply);
    const page = landingPage(
      {
        version: await wardenVersion(),
        endpoint: endpointFor(request.protocol, h.host, address),
        accountId: boot.accountId,
        served,
        notImplemented,
        credentialsFile,
      },
      h.accept,
    );
    reply.code(200).headers(page.headers).type(page.contentType);
    return reply.send(page.body);
  });
  // A body over the limit is refused unread; the refusal still answers in AWS's shape and is in the trail.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request.url !== '/_warden/reset') {
      return serveAws(request, reply, bodyTooLarge(config.maxBodyBytes));
    }
    reply.send(err);
  });

  let address = '';
  /** What the services' `start` hooks left running (ELBv2 listeners), stopped in reverse order at close. */
  const running: RunningService[] = [];
  return {
    app,
    runtime,
    bootstrap: boot,
    url: () => address,
    async listen() {
      gate.guard(app.server);
      app.server.maxConnections = config.maxConnections;
      address = await app.listen({ host: config.host, port: config.port });
      for (const service of services.values()) {
        if (service.start) running.push(await service.start(runtime));
      }
      return address;
    },
    async close() {
      await app.close();
      for (const work of running.splice(0).reverse()) await work.stop();
      await delivery.stop();
      await intentRecovery.stop();
      await audit.close();
      await store.close();
    },
  };
}
