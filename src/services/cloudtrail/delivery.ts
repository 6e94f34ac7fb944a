// Trail delivery: writes each logging trail's new events as gzipped CloudTrail log files under the data directory.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Runtime } from '../../core/runtime.js';
import type { CloudTrailRecord } from '../../audit/record.js';
import type { TrailRow } from './trail-ref.js';
import { accountScope } from '../../store/account-scope.js';

const gzip = promisify(gzipCallback);

export interface DeliveryOptions {
  /** The delivery time (file names, folders, LatestDeliveryTime); defaults to the clock. */
  now?: Date;
  /**
   * Events younger than this are left for the next run. On PostgreSQL, sequence numbers are handed out before
   * commit, so a newer event can become visible before an older one; delivering only settled events keeps the
   * cursor from passing one still being committed. SQLite commits in sequence order and needs none.
   */
  settleMs?: number;
  /** Most events per log file. */
  batchSize?: number;
}

export interface DeliveryResult {
  /** Paths of the files written. */
  files: string[];
}

/** Services whose events CloudTrail treats as global: recorded in us-east-1 and kept out of trails that exclude them. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'organizations.amazonaws.com']);

function isGlobalServiceEvent(record: CloudTrailRecord): boolean {
  if (GLOBAL_SOURCES.has(record.eventSource)) return true;
  // STS's global endpoint signs for us-east-1; its calls count as global service events there.
  return record.eventSource === 'sts.amazonaws.com' && record.awsRegion === 'us-east-1';
}

/** Whether trail logs this event: its region (or every region), and global service events only if included. */
export function trailCovers(trail: TrailRow, record: CloudTrailRecord): boolean {
  if (isGlobalServiceEvent(record)) return trail.include_global_service_events === 1;
  return trail.is_multi_region_trail === 1 || record.awsRegion === trail.home_region;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  // 62 symbols: rejection keeps them uniform.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/** A region as a folder name: signing regions come from the client, so anything but [a-z0-9-] is replaced. */
function regionFolder(region: string): string {
  const safe = region.replace(/[^a-z0-9-]/g, '_');
  return safe === '' ? '_' : safe;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `<dataDir>/cloudtrail/<bucket>/<prefix/>AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz`. */
export function logFilePath(dataDir: string, trail: TrailRow, region: string, now: Date): string {
  const y = String(now.getUTCFullYear());
  const m = pad(now.getUTCMonth() + 1);
  const d = pad(now.getUTCDate());
  const stamp = `${y}${m}${d}T${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}Z`;
  const folder = regionFolder(region);
  const prefix = trail.s3_key_prefix ? trail.s3_key_prefix.split('/').filter((s) => s !== '') : [];
  return join(
    dataDir,
    'cloudtrail',
    trail.s3_bucket_name,
    ...prefix,
    'AWSLogs',
    trail.account_id,
    'CloudTrail',
    folder,
    y,
    m,
    d,
    `${trail.account_id}_CloudTrail_${folder}_${stamp}_${randomToken(16)}.json.gz`,
  );
}

/** Writes the file durably: a temporary file synced to disk, renamed into place, and the folder synced. */
async function writeDurably(path: string, contents: Buffer): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomToken(8)}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

async function writeLogFiles(dataDir: string, trail: TrailRow, byRegion: Map<string, string[]>, now: Date) {
  const files: string[] = [];
  for (const [region, jsons] of byRegion) {
    const path = logFilePath(dataDir, trail, region, now);
    // The stored JSON is the record as written: joined as-is rather than parsed and re-serialised.
    await writeDurably(path, await gzip(Buffer.from(`{"Records":[${jsons.join(',')}]}`)));
    files.push(path);
  }
  return files;
}

/**
 * Delivers one trail's pending events: those after its delivered_seq that fall inside its logging window and
 * that it covers. Files are written before delivered_seq advances, so a crash in between may deliver an event
 * twice but never loses one. The advance only succeeds from the cursor this run started at; a run that lost
 * that race to another node removes its files, which the other node's cover.
 */
export async function deliverTrail(
  runtime: Runtime,
  trail: TrailRow,
  opts: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const files: string[] = [];
  if (trail.start_logging_time === null) return { files };
  const now = opts.now ?? new Date();
  const settleBefore = now.getTime() - (opts.settleMs ?? 0);
  const batchSize = opts.batchSize ?? 1000;
  // Event times are whole seconds: the window starts at the second logging started in.
  const windowStart = Math.floor(trail.start_logging_time / 1000) * 1000;
  const windowEnd = trail.is_logging === 1 ? Number.POSITIVE_INFINITY : (trail.stop_logging_time ?? windowStart);
  const db = runtime.store.db;
  let cursor = trail.delivered_seq;

  for (;;) {
    const rows = await accountScope(db, trail.account_id)
      .selectFrom('audit_events')
      .select(['seq', 'event_time', 'record'])
      .where('seq', '>', cursor)
      .orderBy('seq', 'asc')
      .limit(batchSize)
      .execute();
    const unsettled = rows.findIndex((row) => row.event_time > settleBefore);
    const settled = unsettled === -1 ? rows : rows.slice(0, unsettled);
    if (settled.length === 0) break;

    const byRegion = new Map<string, string[]>();
    for (const row of settled) {
      if (row.event_time < windowStart || row.event_time > windowEnd) continue;
      const record = JSON.parse(row.record) as CloudTrailRecord;
      if (!trailCovers(trail, record)) continue;
      const list = byRegion.get(record.awsRegion) ?? [];
      list.push(row.record);
      byRegion.set(record.awsRegion, list);
    }
    const written = await writeLogFiles(runtime.config.dataDir, trail, byRegion, now);

    const next = settled[settled.length - 1].seq;
    const update = accountScope(db, trail.account_id)
      .updateTable('trails')
      .set(written.length > 0 ? { delivered_seq: next, latest_delivery_time: now.getTime() } : { delivered_seq: next })
      .where('name', '=', trail.name)
      .where('delivered_seq', '=', cursor);
    const { numUpdatedRows } = await update.executeTakeFirst();
    if (numUpdatedRows === 0n) {
      // Another node delivered this range first (or the trail is gone): these files would be duplicates.
      await Promise.all(written.map((path) => unlink(path).catch(() => {})));
      break;
    }
    files.push(...written);
    cursor = next;
    if (unsettled !== -1 || rows.length < batchSize) break;
  }
  return { files };
}

/** One delivery pass over every trail that has ever logged. */
export async function deliverNow(runtime: Runtime, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const trails = await runtime.store.db
    .selectFrom('trails')
    .selectAll()
    .where('start_logging_time', 'is not', null)
    .execute();
  const files: string[] = [];
  for (const trail of trails) {
    try {
      files.push(...(await deliverTrail(runtime, trail, opts)).files);
    } catch (err) {
      // One trail's failure (a full disk, a bad folder) must not hold up the others; it is retried next pass.
      runtime.log.error({ err, trail: trail.arn }, 'trail delivery failed');
    }
  }
  return { files };
}

export interface TrailDelivery {
  /** Runs one pass now (waiting for a pass already running); for tests and shutdown. */
  deliverNow(opts?: DeliveryOptions): Promise<DeliveryResult>;
  /** Stops the timer and waits for a running pass to end. */
  stop(): Promise<void>;
}

/** Delivers every runtime.config.trailDeliveryIntervalMs until stopped; passes never overlap. */
export function startTrailDelivery(runtime: Runtime, opts: { intervalMs?: number } = {}): TrailDelivery {
  const intervalMs = opts.intervalMs ?? runtime.config.trailDeliveryIntervalMs;
  const settleMs = runtime.store.dialect === 'postgres' ? Math.min(30_000, Math.max(1_000, intervalMs)) : 0;
  // Passes run one after another: each starts when the previous one has settled.
  let chain: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let stopped = false;

  const pass = (passOpts: DeliveryOptions = {}): Promise<DeliveryResult> => {
    pending++;
    const result = chain.then(() => deliverNow(runtime, { settleMs, ...passOpts }));
    chain = result.catch(() => undefined).finally(() => pending--);
    return result;
  };

  const timer = setInterval(() => {
    // A pass still queued or running covers this tick.
    if (stopped || pending > 0) return;
    pass().catch((err) => runtime.log.error({ err }, 'trail delivery pass failed'));
  }, intervalMs);
  // The timer alone must not keep the process alive.
  timer.unref();

  return {
    deliverNow: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
