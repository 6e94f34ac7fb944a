// Exports findings to publishing destinations: each pass verifies a destination (its bucket directory and KMS key),
// writes the new active findings since the last pass, and the updated ones once the detector's
// FindingPublishingFrequency has passed since updates were last exported.
import { randomUUID } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Finding } from '../../aws/generated/guardduty.js';
import type { RunningService, Runtime } from '../../core/runtime.js';
import { otherAccountScope } from '../../store/account-scope.js';
import { findingsOf } from './finding-store.js';
import { monitoredDetectors } from './member-store.js';
import type { GuardDutyPublishingDestinationsTable } from './member-tables.js';
import { publishingRoot } from './publishing.js';
import { keyProblem } from './publishing-key.js';
import { bucketDirectory, objectKey, parseBucketArn } from './publishing-location.js';
import { startPeriodicPass } from '../../core/periodic-pass.js';

const gzipAsync = promisify(gzip);

/** FindingPublishingFrequency: how long updates to findings wait before they are exported again. */
const FREQUENCY_MS: Readonly<Record<string, number>> = {
  FIFTEEN_MINUTES: 15 * 60_000,
  ONE_HOUR: 60 * 60_000,
  SIX_HOURS: 6 * 60 * 60_000,
};

/** Bound on the nesting the JSON conversion follows (a finding is a few levels deep). */
const MAX_DEPTH = 32;

/** Exported findings use the lowerCamelCase members of GuardDuty's finding JSON (as EventBridge delivers them). */
export function exportedJson(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => exportedJson(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), exportedJson(v, depth + 1)]),
  );
}

/** Why the destination cannot be written, or undefined when it can. */
async function destinationProblem(runtime: Runtime, row: GuardDutyPublishingDestinationsTable) {
  const location = parseBucketArn(row.destination_arn);
  if (!location) return { problem: 'not a bucket ARN' };
  const dir = join(bucketDirectory(publishingRoot(runtime.config), location), ...location.prefix);
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) return { problem: 'the bucket does not exist' };
  const problem = await keyProblem(runtime.store.db, row.kms_key_arn);
  return problem ? { problem } : { location };
}

async function setStatus(runtime: Runtime, row: GuardDutyPublishingDestinationsTable, status: string, now: number) {
  if (row.status === status) return;
  // The publisher works for every account: each destination's own row.
  await otherAccountScope(runtime.store.db, row.account_id)
    .updateTable('guardduty_publishing_destinations')
    .set({ status, failure_started_at: status === 'PUBLISHING' ? null : (row.failure_started_at ?? now) })
    .where('detector_id', '=', row.detector_id)
    .where('id', '=', row.id)
    .execute();
}

const active = (f: Finding) => f.Service?.Archived !== true;

/** One destination's pass: the objects it wrote (0 when nothing was due). */
async function publishTo(runtime: Runtime, row: GuardDutyPublishingDestinationsTable, now: number): Promise<number> {
  const db = runtime.store.db;
  const detector = await otherAccountScope(db, row.account_id)
    .selectFrom('guardduty_detectors')
    .select(['id', 'region', 'publishing_frequency'])
    .where('id', '=', row.detector_id)
    .executeTakeFirst();
  if (!detector) return 0;
  const checked = await destinationProblem(runtime, row);
  if (!checked.location) {
    await setStatus(runtime, row, 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY', now);
    return 0;
  }
  await setStatus(runtime, row, 'PUBLISHING', now);
  // Findings up to the previous millisecond: one recorded later in this millisecond is left for the next pass.
  const upTo = now - 1;
  const updatesDue = now - row.updates_published_at >= (FREQUENCY_MS[detector.publishing_frequency] ?? 0);
  const own = { accountId: row.account_id, region: detector.region, id: detector.id };
  const due: Finding[] = [];
  // An administrator's destination receives its members' findings too.
  for (const d of await monitoredDetectors(db, own)) {
    for (const f of await findingsOf(db, d.accountId, d.id)) {
      if (!active(f)) continue;
      const created = Date.parse(f.CreatedAt);
      const updated = Date.parse(f.UpdatedAt);
      const fresh = created > row.new_cursor && created <= upTo;
      const changed = updatesDue && created <= row.new_cursor && updated > row.update_cursor && updated <= upTo;
      if (fresh || changed) due.push(f);
    }
  }
  // Claim the window before writing, so two nodes never export it twice.
  const next = { new_cursor: upTo, ...(updatesDue && { update_cursor: upTo, updates_published_at: now }) };
  const claim = async (set: object, from: { new_cursor: number; update_cursor: number }) =>
    Number(
      (
        await otherAccountScope(db, row.account_id)
          .updateTable('guardduty_publishing_destinations')
          .set(set)
          .where('detector_id', '=', row.detector_id)
          .where('id', '=', row.id)
          .where('new_cursor', '=', from.new_cursor)
          .where('update_cursor', '=', from.update_cursor)
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1;
  if (!(await claim(next, row))) return 0;
  const byAccount = new Map<string, Finding[]>();
  for (const f of due) byAccount.set(f.AccountId, [...(byAccount.get(f.AccountId) ?? []), f]);
  const root = bucketDirectory(publishingRoot(runtime.config), checked.location);
  let written = 0;
  try {
    for (const [accountId, findings] of byAccount) {
      const key = objectKey(checked.location, accountId, detector.region, new Date(now), randomUUID());
      const lines = findings.map((f) => JSON.stringify(exportedJson(f))).join('\n') + '\n';
      await mkdir(join(root, ...key.slice(0, -1)), { recursive: true });
      await writeFile(join(root, ...key), await gzipAsync(lines), { mode: 0o600 });
      written += 1;
    }
  } catch (err) {
    // Not written: the window goes back to the destination, which waits for its properties to be fixed.
    await claim(
      { new_cursor: row.new_cursor, update_cursor: row.update_cursor, updates_published_at: row.updates_published_at },
      {
        new_cursor: upTo,
        update_cursor: updatesDue ? upTo : row.update_cursor,
      },
    );
    await setStatus(runtime, { ...row, status: 'PUBLISHING' }, 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY', now);
    runtime.log.warn({ err, destination: row.id }, 'GuardDuty could not write to a publishing destination');
  }
  return written;
}

/** One pass over every destination (for the timer, and for tests that pass their own clock). */
export async function publishNow(runtime: Runtime, now = Date.now()): Promise<number> {
  // Every account's destinations: the publisher is the service's own background work.
  const rows = (await runtime.store.db
    .selectFrom('guardduty_publishing_destinations')
    .selectAll()
    .where('status', '!=', 'STOPPED')
    .orderBy('account_id')
    .orderBy('id')
    .execute()) as GuardDutyPublishingDestinationsTable[];
  let written = 0;
  for (const row of rows) written += await publishTo(runtime, row, now);
  return written;
}

/** Publishes every runtime.config.guarddutyPublishIntervalMs until stopped; passes never overlap. */
export async function startPublisher(runtime: Runtime): Promise<RunningService> {
  return startPeriodicPass(
    runtime.config.guarddutyPublishIntervalMs,
    () => publishNow(runtime),
    runtime.log,
    'GuardDuty publishing pass failed',
  );
}
