// Server configuration: CLI flags over environment over defaults, validated once with zod.
import { z } from 'zod';
import { parseEgressEntry } from './egress-entry.js';

/** Outbound allow-list entries (src/egress-entry.ts): a list flag, or one comma-separated environment variable. */
function egressAllowList() {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((e) => e.trim())
            .filter((e) => e !== '')
        : v,
    z
      .array(
        z
          .string()
          .max(300)
          .refine((e) => parseEgressEntry(e) !== undefined, 'must be host[:port], an IP address, or a CIDR network'),
      )
      .max(256)
      .default([]),
  );
}

export const ConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4599),
  /** Address ELBv2 listeners (users' traffic, src/services/elbv2/data-plane/) bind, each at its listener's Port. */
  dataPlaneHost: z.string().min(1).default('127.0.0.1'),
  /**
   * Processes that carry listeners' traffic besides the API's (src/services/elbv2/data-plane/workers/); 0: the API's
   * own process serves the listeners. One Node thread proxies ~8,000-12,000 requests/s here; workers spread that.
   */
  dataPlaneWorkers: z.coerce.number().int().min(0).max(64).default(0),
  dataDir: z.string().min(1).default('./.warden'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * Redis that several Warden nodes share for loss-tolerant counters (WAF rate-based rules,
   * src/services/wafv2/rate-counters.ts); absent, each node counts in its own memory. May carry a password: never logged.
   */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  testMode: z.boolean().default(false),
  /**
   * When an acknowledged call is safe on SQLite (src/store/sqlite.ts, SqliteSync): `normal`, from the process being
   * killed (kill -9, a crash); `full`, also from a power loss or OS crash (every commit fsynced before the reply, at a
   * cost in throughput). PostgreSQL commits as its server's synchronous_commit says.
   */
  auditSync: z.enum(['normal', 'full']).default('normal'),
  /** Region assumed for unsigned calls and ARNs when the request names none. */
  defaultRegion: z.string().default('us-east-1'),
  /** First-start seeding. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .optional(),
  rootEmail: z.string().default('admin@localhost'),
  rootAccessKeyId: z.string().min(1).optional(),
  rootSecretAccessKey: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How log lines are written: `pretty` for people, `json` for collectors; unset, pretty on a terminal only. */
  logFormat: z.enum(['pretty', 'json']).optional(),
  /** How often trail files are delivered while a trail logs (ms). */
  trailDeliveryIntervalMs: z.coerce.number().int().min(10).default(5000),
  /**
   * Failed authentications a source IP may make in a burst before it is throttled (0: no limit), and how many
   * more it earns back per second; src/auth/failed-auth-limiter.ts.
   */
  failedAuthBurst: z.coerce.number().int().min(0).default(100),
  failedAuthRefillPerSecond: z.coerce.number().min(0).default(5),
  /** Sources the limiter remembers at once; past this the least recently seen are forgotten. */
  failedAuthTrackedSources: z.coerce.number().int().min(1).default(10_000),
  /**
   * The API listener's bounds (src/listener-limits.ts): a client gets this long to send its headers, and its whole
   * request; an idle kept-alive connection is closed after keepAliveTimeoutMs; a body over maxBodyBytes is refused.
   */
  headersTimeoutMs: z.coerce.number().int().min(100).default(2_000),
  requestTimeoutMs: z.coerce.number().int().min(100).default(30_000),
  keepAliveTimeoutMs: z.coerce.number().int().min(100).default(5_000),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  /**
   * KMS external key store proxies (src/services/kms/xks-client.ts): the per-request deadline (AWS allows 250 ms), a PEM
   * file of extra trusted certificate authorities, and `host:port:address:port[,…]` to reach a proxy host elsewhere.
   */
  xksProxyTimeoutMs: z.coerce.number().int().min(10).default(250),
  xksProxyCaFile: z.string().min(1).optional(),
  xksProxyConnectTo: z.string().min(1).optional(),
  /**
   * Where external key store proxies may be, besides public addresses (src/services/kms/xks-egress.ts): host[:port],
   * an IP address, or a network in CIDR notation. Loopback, private and link-local addresses are refused otherwise.
   */
  xksProxyAllow: egressAllowList(),
  /**
   * Where Route 53 health checks may connect besides loopback (src/services/route53/egress.ts): host[:port], an IP
   * address, or a network in CIDR notation. A health check of anything else is refused at CreateHealthCheck.
   */
  route53HealthCheckAllow: egressAllowList(),
  /**
   * Shield Standard on every listener (the API's and each load balancer's; src/core/client-gate.ts): connections
   * one client (an IPv4 address or an IPv6 /64) may hold, connections in all per listener, and each client's request
   * bucket (requests per second earned, burst); past the bucket the API answers AWS's throttling error and a load
   * balancer 429. trackedClients bounds the buckets kept.
   */
  connectionsPerClient: z.coerce.number().int().min(1).default(256),
  maxConnections: z.coerce.number().int().min(1).default(10_000),
  clientRequestsPerSecond: z.coerce.number().min(0).default(1000),
  clientRequestBurst: z.coerce.number().int().min(1).default(2000),
  trackedClients: z.coerce.number().int().min(1).default(100_000),
  /** Requests one client may have in progress at once at a load balancer's listeners (0: no cap); more are 429. */
  concurrentRequestsPerClient: z.coerce.number().int().min(0).default(16),
  /**
   * GuardDuty IPSets and ThreatIntelSets (src/services/guardduty/list-source.ts): files are read only inside this
   * directory (default `<data-dir>/guardduty/lists`); loopback http(s) URLs only when guarddutyListUrls is on.
   */
  guarddutyListDir: z.string().min(1).optional(),
  guarddutyListUrls: z.boolean().default(false),
  /**
   * How often GuardDuty's publisher exports findings to publishing destinations (ms): new findings at each pass (AWS
   * exports them within about 5 minutes), updates once the detector's FindingPublishingFrequency has passed.
   */
  guarddutyPublishIntervalMs: z.coerce.number().int().min(10).max(300_000).default(60_000),
  /**
   * Shield Advanced's detection rule (src/services/shield/detection/detector.ts, docs/shield.md): a second over
   * max(shieldFloorRps, shieldMultiplier × baseline) requests counts as above; shieldStartSeconds of them in a row
   * start an attack, shieldEndSeconds at or under the threshold end it.
   */
  shieldFloorRps: z.coerce.number().min(1).default(100),
  shieldMultiplier: z.coerce.number().min(1).default(5),
  shieldStartSeconds: z.coerce.number().int().min(1).max(3600).default(3),
  shieldEndSeconds: z.coerce.number().int().min(1).max(3600).default(10),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Reads the WARDEN_* environment into the shape of Config (flags given on the command line win). */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<Record<keyof Config, unknown>> {
  // An empty variable counts as unset, as shells make it easy to export one by accident.
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);
  const flag = (v: string | undefined) => (v === undefined ? undefined : v === '1' || v.toLowerCase() === 'true');
  return {
    host: get('WARDEN_HOST'),
    port: get('WARDEN_PORT'),
    dataPlaneHost: get('WARDEN_DATA_PLANE_HOST'),
    dataPlaneWorkers: get('WARDEN_DATA_PLANE_WORKERS'),
    dataDir: get('WARDEN_DATA_DIR'),
    databaseUrl: get('WARDEN_DATABASE_URL'),
    redisUrl: get('WARDEN_REDIS_URL'),
    testMode: flag(get('WARDEN_TEST_MODE')),
    auditSync: get('WARDEN_AUDIT_SYNC'),
    defaultRegion: get('WARDEN_DEFAULT_REGION'),
    accountId: get('WARDEN_ACCOUNT_ID'),
    rootEmail: get('WARDEN_ROOT_EMAIL'),
    rootAccessKeyId: get('WARDEN_ROOT_ACCESS_KEY_ID'),
    rootSecretAccessKey: get('WARDEN_ROOT_SECRET_ACCESS_KEY'),
    logLevel: get('WARDEN_LOG_LEVEL'),
    logFormat: get('WARDEN_LOG_FORMAT'),
    failedAuthBurst: get('WARDEN_FAILED_AUTH_BURST'),
    failedAuthRefillPerSecond: get('WARDEN_FAILED_AUTH_REFILL_PER_SECOND'),
    failedAuthTrackedSources: get('WARDEN_FAILED_AUTH_TRACKED_SOURCES'),
    headersTimeoutMs: get('WARDEN_HEADERS_TIMEOUT_MS'),
    requestTimeoutMs: get('WARDEN_REQUEST_TIMEOUT_MS'),
    keepAliveTimeoutMs: get('WARDEN_KEEP_ALIVE_TIMEOUT_MS'),
    maxBodyBytes: get('WARDEN_MAX_BODY_BYTES'),
    xksProxyTimeoutMs: get('WARDEN_XKS_PROXY_TIMEOUT_MS'),
    xksProxyCaFile: get('WARDEN_XKS_PROXY_CA_FILE'),
    xksProxyConnectTo: get('WARDEN_XKS_PROXY_CONNECT_TO'),
    xksProxyAllow: get('WARDEN_XKS_PROXY_ALLOW'),
    route53HealthCheckAllow: get('WARDEN_ROUTE53_HEALTH_CHECK_ALLOW'),
    connectionsPerClient: get('WARDEN_CONNECTIONS_PER_CLIENT'),
    maxConnections: get('WARDEN_MAX_CONNECTIONS'),
    clientRequestsPerSecond: get('WARDEN_CLIENT_REQUESTS_PER_SECOND'),
    clientRequestBurst: get('WARDEN_CLIENT_REQUEST_BURST'),
    trackedClients: get('WARDEN_TRACKED_CLIENTS'),
    concurrentRequestsPerClient: get('WARDEN_CONCURRENT_REQUESTS_PER_CLIENT'),
    guarddutyListDir: get('WARDEN_GUARDDUTY_LIST_DIR'),
    guarddutyListUrls: flag(get('WARDEN_GUARDDUTY_LIST_URLS')),
    guarddutyPublishIntervalMs: get('WARDEN_GUARDDUTY_PUBLISH_INTERVAL_MS'),
    shieldFloorRps: get('WARDEN_SHIELD_FLOOR_RPS'),
    shieldMultiplier: get('WARDEN_SHIELD_MULTIPLIER'),
    shieldStartSeconds: get('WARDEN_SHIELD_START_SECONDS'),
    shieldEndSeconds: get('WARDEN_SHIELD_END_SECONDS'),
  };
}

/** Merges sources (later wins, undefined ignored) and validates; throws a readable error on bad values. */
export function loadConfig(...sources: Partial<Record<keyof Config, unknown>>[]): Config {
  const merged: Record<string, unknown> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) if (value !== undefined) merged[key] = value;
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if ((parsed.data.rootAccessKeyId === undefined) !== (parsed.data.rootSecretAccessKey === undefined)) {
    throw new Error('Invalid configuration: WARDEN_ROOT_ACCESS_KEY_ID and WARDEN_ROOT_SECRET_ACCESS_KEY go together');
  }
  return parsed.data;
}
