// `BENCH_ONLY=scale npm run bench` (issue 19): Warden with 100,000 users and access keys, 10,000 roles and 1,000,000
// audit records, seeded in bulk through the store, against the same server empty (SQLite, and PostgreSQL when reachable).
// Sizes: BENCH_SCALE_USERS, BENCH_SCALE_ROLES, BENCH_SCALE_AUDIT; BENCH_SCALE_BACKENDS=sqlite,postgres picks stores.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Insertable } from 'kysely';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { openStore } from '../src/store/open.js';
import { SecretBox, loadMasterKey } from '../src/store/secrets.js';
import { accessKeyRow } from '../src/auth/access-keys.js';
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from '../src/aws/ids.js';
import { MIGRATIONS } from '../src/services/registry.js';
import { newEventId } from '../src/audit/event-id.js';
import type { AuditEventsTable, Database } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { POSTGRES_TEST_URL } from '../test/helpers/test-stores.js';
import { schemaUrl, sql as postgresSql } from '../test/helpers/postgres-schemas.js';
import { runLoad, type LoadResult } from './load.js';
import { getCallerIdentityRequest } from './requests.js';
import { BENCH_CREDENTIALS, startWardenServer } from './servers.js';

const USERS = Number(process.env.BENCH_SCALE_USERS ?? 100_000);
const ROLES = Number(process.env.BENCH_SCALE_ROLES ?? 10_000);
const AUDIT_RECORDS = Number(process.env.BENCH_SCALE_AUDIT ?? 1_000_000);
const BACKENDS = (process.env.BENCH_SCALE_BACKENDS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** LookupEvents calls timed for the p99. */
const LOOKUPS = 200;
/** The user whose last hour is looked up has this many events in it (a full first page and more). */
const TARGET_USER_EVENTS_LAST_HOUR = 120;
/** Rows per INSERT (under both dialects' parameter limits) and per transaction. */
const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 20_000;
const HOUR_MS = 60 * 60 * 1000;
/** The audit records are spread over this window before now: one busy day. */
const AUDIT_WINDOW_MS = 24 * HOUR_MS;

interface Backend {
  name: 'sqlite' | 'postgres';
  /** `warden serve` flags naming the store. */
  args: string[];
  databaseUrl?: string;
  dispose(): Promise<void>;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function backends(): Promise<Backend[]> {
  const out: Backend[] = [];
  if (BACKENDS.includes('sqlite')) out.push({ name: 'sqlite', args: [], dispose: async () => {} });
  if (BACKENDS.includes('postgres')) {
    const schema = `warden_scale_${randomBytes(6).toString('hex')}`;
    try {
      await postgresSql(`create schema ${schema}`);
      const databaseUrl = schemaUrl(schema);
      out.push({
        name: 'postgres',
        args: ['--database-url', databaseUrl],
        databaseUrl,
        dispose: () => postgresSql(`drop schema ${schema} cascade`),
      });
    } catch (err) {
      console.log(`  (PostgreSQL not reachable at ${new URL(POSTGRES_TEST_URL).host}: ${(err as Error).message})`);
    }
  }
  return out;
}

/** Inserts rows made by row(i) for i in [0, count), ROWS_PER_INSERT a statement, ROWS_PER_TRANSACTION a commit. */
async function bulkInsert<T extends keyof Database>(
  store: Store,
  table: T,
  count: number,
  row: (i: number) => Insertable<Database[T]>,
): Promise<void> {
  for (let start = 0; start < count; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(count, start + ROWS_PER_TRANSACTION);
    await store.transaction(async (trx) => {
      for (let at = start; at < end; at += ROWS_PER_INSERT) {
        const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, end - at) }, (_, k) => row(at + k));
        await trx
          .insertInto(table)
          .values(rows as never)
          .execute();
      }
    });
  }
}

/** A CloudTrail record as the audit writer stores it, of a GetCallerIdentity (most) or CreateUser (1 in 10). */
function auditRow(accountId: string, user: string, accessKeyId: string, time: number): Insertable<AuditEventsTable> {
  const write = time % 10 === 0;
  const eventName = write ? 'CreateUser' : 'GetCallerIdentity';
  const eventSource = write ? 'iam.amazonaws.com' : 'sts.amazonaws.com';
  const eventID = newEventId(time);
  const record = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${user.toUpperCase()}`,
      arn: `arn:aws:iam::${accountId}:user/${user}`,
      accountId,
      accessKeyId,
      userName: user,
    },
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 'aws-sdk-js/3 bench',
    requestParameters: write ? { userName: `${user}-made` } : null,
    responseElements: null,
    requestID: randomUUID(),
    eventID,
    readOnly: !write,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  return {
    event_id: eventID,
    event_time: time,
    recipient_account_id: accountId,
    event_source: eventSource,
    event_name: eventName,
    username: user,
    access_key_id: accessKeyId,
    read_only: write ? 0 : 1,
    resource_names: null,
    resource_types: null,
    record: JSON.stringify(record),
  };
}

const userName = (i: number) => `scale-user-${String(i).padStart(6, '0')}`;

/** Seeds the data set into the (stopped) server's store; returns the user whose last hour is looked up. */
async function seed(
  backend: Backend,
  dataDir: string,
  accountId: string,
): Promise<{ seconds: number; target: string }> {
  const started = performance.now();
  const store = await openStore({ dataDir, databaseUrl: backend.databaseUrl, migrations: MIGRATIONS });
  const secrets = new SecretBox(loadMasterKey({ dataDir, env: process.env }));
  try {
    const now = Date.now();
    const userIds = Array.from({ length: USERS }, () => newUniqueId('AIDA'));
    const keyIds = Array.from({ length: USERS }, () => newAccessKeyId('AKIA'));
    await bulkInsert(store, 'iam_users', USERS, (i) => ({
      account_id: accountId,
      name_lc: userName(i),
      user_name: userName(i),
      user_id: userIds[i]!,
      path: '/scale/',
      created_at: now - AUDIT_WINDOW_MS,
      permissions_boundary_arn: null,
      password_last_used: null,
    }));
    // Each secret is random and only ever stored wrapped, as CreateAccessKey stores it.
    await bulkInsert(store, 'access_keys', USERS, (i) =>
      accessKeyRow(secrets, {
        accessKeyId: keyIds[i]!,
        secretAccessKey: newSecretAccessKey(),
        accountId,
        userName: userName(i),
        principalId: userIds[i]!,
        createdAt: now - AUDIT_WINDOW_MS,
      }),
    );
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    await bulkInsert(store, 'iam_roles', ROLES, (i) => ({
      account_id: accountId,
      name_lc: `scale-role-${i}`,
      role_name: `scale-role-${i}`,
      role_id: newUniqueId('AROA'),
      path: '/scale/',
      created_at: now - AUDIT_WINDOW_MS,
      assume_role_policy_document: trust,
      description: null,
      max_session_duration: 3600,
      permissions_boundary_arn: null,
      service_linked_to: null,
      last_used_at: null,
      last_used_region: null,
    }));
    // Records over the last day, each by one of the users in turn; the target user also has a busy last hour.
    const target = userName(USERS >> 1);
    const spread = Math.max(0, AUDIT_RECORDS - TARGET_USER_EVENTS_LAST_HOUR);
    await bulkInsert(store, 'audit_events', AUDIT_RECORDS, (i) => {
      if (i >= spread) {
        const time = now - Math.floor(((i - spread + 1) * HOUR_MS) / (TARGET_USER_EVENTS_LAST_HOUR + 1));
        return auditRow(accountId, target, keyIds[USERS >> 1]!, time);
      }
      const user = i % USERS;
      return auditRow(
        accountId,
        userName(user),
        keyIds[user]!,
        now - AUDIT_WINDOW_MS + Math.floor((i * AUDIT_WINDOW_MS) / spread),
      );
    });
    // The planner's statistics, as autovacuum would gather them soon after such a load.
    if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
  } finally {
    await store.close();
  }
  return { seconds: (performance.now() - started) / 1000, target: userName(USERS >> 1) };
}

/**
 * Legs of GetCallerIdentity load on each server, alternating, so both see the same machine (it is shared);
 * BENCH_SCALE_LEGS for more (each leg is BENCH_DURATION_MS / legs long).
 */
const LEGS = Math.max(1, Number(process.env.BENCH_SCALE_LEGS ?? 5));

interface Throughput {
  perSecond: number;
  p99ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function interleavedGci(origins: [string, string]): Promise<[Throughput, Throughput, number[]]> {
  const requests = await Promise.all(origins.map((o) => getCallerIdentityRequest(o)));
  const legs: LoadResult[][] = [[], []];
  for (const i of [0, 1]) await runLoad(origins[i]!, requests[i]!, { connections: CONNECTIONS, durationMs: 1000 });
  for (let leg = 0; leg < LEGS; leg++) {
    for (const i of leg % 2 ? [1, 0] : [0, 1]) {
      const load = { connections: CONNECTIONS, durationMs: DURATION_MS / LEGS };
      legs[i]!.push(await runLoad(origins[i]!, requests[i]!, load));
    }
  }
  const of = (runs: LoadResult[]) => ({
    perSecond: median(runs.map((r) => r.perSecond)),
    p99ms: median(runs.map((r) => r.p99ms)),
  });
  // Each leg of the second server against the first's leg beside it: the machine's drift cancels within a pair.
  const ratios = legs[1]!.map((r, i) => r.perSecond / legs[0]![i]!.perSecond);
  return [of(legs[0]!), of(legs[1]!), ratios];
}

async function accountIdOf(origin: string): Promise<string> {
  return ((await (await fetch(`${origin}/_warden/health`)).json()) as { accountId: string }).accountId;
}

interface Latency {
  p50: number;
  p99: number;
}

/**
 * LookupEvents of one user's last hour, one call at a time, each followed by a GetCallerIdentity timed the same way:
 * on a machine this busy the lookup's latency means something only beside the cheapest authenticated call's.
 */
async function lookupLatency(origin: string, user: string): Promise<{ lookup: Latency; gci: Latency; events: number }> {
  const config = { endpoint: origin, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 };
  const ct = new CloudTrailClient(config);
  const sts = new STSClient(config);
  const lookups: number[] = [];
  const calls: number[] = [];
  let events = 0;
  for (let i = 0; i < LOOKUPS; i++) {
    const EndTime = new Date();
    const StartTime = new Date(EndTime.getTime() - HOUR_MS);
    let t0 = performance.now();
    const page = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: user }],
        StartTime,
        EndTime,
      }),
    );
    lookups.push(performance.now() - t0);
    events = page.Events?.length ?? 0;
    t0 = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    calls.push(performance.now() - t0);
  }
  const latency = (xs: number[]): Latency => {
    xs.sort((a, b) => a - b);
    return { p50: xs[Math.floor(xs.length * 0.5)]!, p99: xs[Math.floor(xs.length * 0.99)]! };
  };
  return { lookup: latency(lookups), gci: latency(calls), events };
}

async function credentialReport(origin: string): Promise<{ seconds: number; rows: number }> {
  const iam = new IAMClient({ endpoint: origin, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 });
  const t0 = performance.now();
  await iam.send(new GenerateCredentialReportCommand({}));
  const report = await iam.send(new GetCredentialReportCommand({}));
  const seconds = (performance.now() - t0) / 1000;
  const rows = Buffer.from(report.Content!).toString('utf8').trimEnd().split('\n').length - 1;
  return { seconds, rows };
}

export async function runScaleSection(): Promise<void> {
  console.log(
    `\nScale (issue 19): ${fmt(USERS)} users with access keys, ${fmt(ROLES)} roles, ${fmt(AUDIT_RECORDS)} audit records seeded through the store; GetCallerIdentity at ${CONNECTIONS} connections on the seeded and an empty server in alternating legs (median of ${LEGS})`,
  );
  for (const backend of await backends()) {
    const seededDir = mkdtempSync(join(tmpdir(), 'warden-scale-'));
    const emptyBackend = backend.name === 'postgres' ? (await backends()).find((b) => b.name === 'postgres') : backend;
    try {
      // The seeded server's first start makes its account and root key; the data set goes in while it is stopped.
      const first = await startWardenServer({ dataDir: seededDir, args: backend.args });
      const accountId = await accountIdOf(first.origin).finally(() => first.stop());
      const seeded = await seed(backend, seededDir, accountId);
      console.log(`  ${backend.name.padEnd(8)} seeded in ${fmt(seeded.seconds, 1)} s`);
      const full = await startWardenServer({ dataDir: seededDir, args: backend.args });
      const empty = await startWardenServer({ args: emptyBackend?.args ?? backend.args });
      try {
        const [before, after, ratios] = await interleavedGci([empty.origin, full.origin]);
        const { lookup, gci, events } = await lookupLatency(full.origin, seeded.target);
        const report = await credentialReport(full.origin);
        console.log(
          `  ${backend.name.padEnd(8)} GetCallerIdentity empty ${fmt(before.perSecond)} req/s (p99 ${fmt(before.p99ms, 2)} ms), seeded ${fmt(after.perSecond)} req/s (p99 ${fmt(after.p99ms, 2)} ms): seeded / empty ×${fmt(after.perSecond / before.perSecond, 2)}; leg by leg ×${fmt(median(ratios), 2)} median, ×${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}`,
        );
        console.log(
          `  ${backend.name.padEnd(8)} LookupEvents one user's last hour (${events} events a page): p50 ${fmt(lookup.p50, 2)} ms  p99 ${fmt(lookup.p99, 2)} ms over ${LOOKUPS} calls; GetCallerIdentity between them p50 ${fmt(gci.p50, 2)} ms  p99 ${fmt(gci.p99, 2)} ms`,
        );
        console.log(
          `  ${backend.name.padEnd(8)} GenerateCredentialReport + GetCredentialReport, ${fmt(report.rows)} rows: ${fmt(report.seconds, 2)} s`,
        );
      } finally {
        await Promise.all([full.stop(), empty.stop()]);
      }
    } finally {
      rmSync(seededDir, { recursive: true, force: true });
      await backend.dispose();
      if (emptyBackend !== backend) await emptyBackend?.dispose();
    }
  }
}
