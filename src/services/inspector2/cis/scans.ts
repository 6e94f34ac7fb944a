// CIS scans as they run: a configuration's schedule starts a scan of the managed instances its targets select, and
// each target completes from the Custom:WardenCisChecks inventory its agent sends (received after the scan began, or
// for a oneTime scan up to FRESH_MS before), ends TIMED_OUT without one by the deadline, or is CANCELLED when its
// instance is gone (SSM_UNMANAGED) or is not Linux (UNSUPPORTED_OS). A scan is COMPLETED once every target ended.
import { startPeriodicPass } from '../../../core/periodic-pass.js';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CisTargets, Schedule } from '../../../aws/generated/inspector2.js';
import { partitionOf } from '../../../aws/partitions.js';
import type { Runtime, RunningService } from '../../../core/runtime.js';
import type { Database } from '../../../store/schema.js';
import type { Store } from '../../../store/store.js';
import { parseTagList } from '../../ssm/instance-tags.js';
import '../../ssm/tables.js';
import { nextRun } from './schedule.js';
import type { Inspector2CisConfigurationsTable } from './tables.js';
import './tables.js';

/** The agent's inventory type of CIS results (src/agent/cis). */
export const CIS_TYPE = 'Custom:WardenCisChecks';
/** How long a scan waits for a target's report before it ends TIMED_OUT. */
export const SCAN_TIMEOUT_MS = 30 * 60 * 1000;
/** A oneTime scan completes from a report received at most this long before it began. */
export const FRESH_MS = 15 * 60 * 1000;
/** Instances one scan targets at most, checks kept per target, scans kept per account and Region. */
export const MAX_TARGETS = 1000;
export const MAX_CHECKS = 200;
export const MAX_SCANS = 500;
const PASS_BATCH = 200;
const INTERVAL_MS = 1000;

export function scanArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region) ?? 'aws'}:inspector2:${region}:${accountId}:owner/${accountId}/cis-scan/${randomUUID()}`;
}

/** A managed instance's stored tags ([{Key, Value}]) as Inspector's {key: [value]}. */
export function tagMap(stored: string): Record<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const t of parseTagList(stored)) byKey.set(t.Key, [...(byKey.get(t.Key) ?? []), t.Value]);
  // fromEntries makes every key an own property, `__proto__` included (an assignment would set the prototype).
  return Object.fromEntries(byKey);
}

/** Every tag key of the targets must be on the instance with one of the listed values. */
export function tagsMatch(
  wanted: Readonly<Record<string, string[]>>,
  tags: Readonly<Record<string, string[]>>,
): boolean {
  return Object.entries(wanted).every(
    ([key, values]) => Object.hasOwn(tags, key) && tags[key].some((v) => values.includes(v)),
  );
}

export function platformOf(name: string | null, version: string | null): string | null {
  return name === null ? null : `${name}${version !== null ? ` ${version}` : ''}`;
}

/** Starts a scan of the configuration's targets now, in the caller's transaction; answers its ARN. */
export async function startScan(trx: Kysely<Database>, config: Inspector2CisConfigurationsTable, now: number) {
  const arn = scanArn(config.region, config.account_id);
  const targets = JSON.parse(config.targets) as CisTargets;
  const schedule = JSON.parse(config.schedule) as Schedule;
  const instances = await trx
    .selectFrom('ssm_managed_instances as i')
    .select(['i.instance_id', 'i.platform_name', 'i.platform_version', 'i.tags'])
    .where('i.account_id', '=', config.account_id)
    .where('i.region', '=', config.region)
    .orderBy('i.instance_id')
    .limit(MAX_TARGETS)
    .execute();
  const chosen = instances
    .map((i) => ({ ...i, tagMap: tagMap(i.tags) }))
    .filter((i) => tagsMatch(targets.targetResourceTags ?? {}, i.tagMap));
  await trx
    .insertInto('inspector2_cis_scans')
    .values({
      scan_arn: arn,
      account_id: config.account_id,
      region: config.region,
      configuration_arn: config.arn,
      scan_name: config.scan_name,
      security_level: config.security_level,
      one_time: schedule.oneTime !== undefined ? 1 : 0,
      targets: config.targets,
      scheduled_by: config.account_id,
      status: 'IN_PROGRESS',
      started_at: now,
      deadline_at: now + SCAN_TIMEOUT_MS,
      finished_at: null,
      failed_checks: 0,
      total_checks: 0,
    })
    .execute();
  for (let k = 0; k < chosen.length; k += 100) {
    await trx
      .insertInto('inspector2_cis_scan_targets')
      .values(
        chosen.slice(k, k + 100).map((i) => ({
          scan_arn: arn,
          instance_id: i.instance_id,
          account_id: config.account_id,
          region: config.region,
          platform: platformOf(i.platform_name, i.platform_version),
          tags: JSON.stringify(i.tagMap),
          target_status: null,
          status_reason: 'SCAN_IN_PROGRESS',
          inventory_at: null,
          passed: 0,
          failed: 0,
          skipped: 0,
        })),
      )
      .execute();
  }
  await pruneScans(trx, config.account_id, config.region);
  return arn;
}

/** Keeps the newest MAX_SCANS scans of an account in a Region, with their targets and results. */
async function pruneScans(trx: Kysely<Database>, accountId: string, region: string): Promise<void> {
  const old = await trx
    .selectFrom('inspector2_cis_scans')
    .select('scan_arn')
    .where('account_id', '=', accountId)
    .where('region', '=', region)
    .orderBy('started_at', 'desc')
    .orderBy('scan_arn')
    .offset(MAX_SCANS)
    .limit(100)
    .execute();
  const arns = old.map((o) => o.scan_arn);
  if (arns.length === 0) return;
  await trx.deleteFrom('inspector2_cis_scan_results').where('scan_arn', 'in', arns).execute();
  await trx.deleteFrom('inspector2_cis_scan_targets').where('scan_arn', 'in', arns).execute();
  await trx.deleteFrom('inspector2_cis_scans').where('scan_arn', 'in', arns).execute();
}

export interface CheckEntry {
  checkId: string;
  title: string;
  level: string;
  status: string;
  detail: string;
}

/** An agent's entries, as far as they are well formed (any host may send anything): first of each check id. */
export function checkEntries(contents: readonly string[], securityLevel: string): CheckEntry[] {
  const seen = new Set<string>();
  const out: CheckEntry[] = [];
  for (const text of contents) {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const { CheckId, Title, Level, Status, Detail } = e;
    if (typeof CheckId !== 'string' || !/^[0-9A-Za-z._-]{1,64}$/.test(CheckId) || seen.has(CheckId)) continue;
    if (Status !== 'PASSED' && Status !== 'FAILED' && Status !== 'SKIPPED') continue;
    if (Level !== 'LEVEL_1' && Level !== 'LEVEL_2') continue;
    // A Level 2 profile extends Level 1: a LEVEL_1 scan leaves Level 2 checks out.
    if (securityLevel === 'LEVEL_1' && Level === 'LEVEL_2') continue;
    seen.add(CheckId);
    out.push({
      checkId: CheckId,
      title: typeof Title === 'string' ? Title.slice(0, 512) : CheckId,
      level: Level,
      status: Status,
      detail: typeof Detail === 'string' ? Detail.slice(0, 1024) : '',
    });
    if (out.length >= MAX_CHECKS) break;
  }
  return out;
}

type Ending = { status: 'TIMED_OUT' | 'CANCELLED'; reason: string | null };

/** Ends a pending target without results; false if another pass (or node) already ended it. */
async function endTarget(db: Kysely<Database>, scan: string, instance: string, end: Ending): Promise<boolean> {
  const r = await db
    .updateTable('inspector2_cis_scan_targets')
    .set({ target_status: end.status, status_reason: end.reason })
    .where('scan_arn', '=', scan)
    .where('instance_id', '=', instance)
    .where('target_status', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Completes or ends the pending targets that can move now (a bounded batch, oldest scans first): only those whose
 * instance is gone, is not Linux, has a new enough report, or whose scan's deadline passed are read, so targets that
 * keep waiting never hold back another scan's. Answers how many moved.
 */
export async function advanceTargets(store: Store, now = Date.now()): Promise<number> {
  const db = store.db;
  const movable = await db
    .selectFrom('inspector2_cis_scan_targets as t')
    .innerJoin('inspector2_cis_scans as s', 's.scan_arn', 't.scan_arn')
    .leftJoin('ssm_managed_instances as i', (j) =>
      j.onRef('i.instance_id', '=', 't.instance_id').onRef('i.account_id', '=', 't.account_id'),
    )
    .leftJoin('ssm_inventory_items as inv', (j) =>
      j.onRef('inv.instance_id', '=', 't.instance_id').on('inv.type_name', '=', CIS_TYPE),
    )
    .select([
      't.scan_arn',
      't.instance_id',
      't.account_id',
      's.started_at',
      's.one_time',
      's.deadline_at',
      's.security_level',
      'i.instance_id as live',
      'i.platform_type',
      'i.platform_name',
      'i.platform_version',
      'inv.updated_at as inventory_at',
    ])
    .where('t.target_status', 'is', null)
    .where((eb) =>
      eb.or([
        eb('i.instance_id', 'is', null),
        eb('s.deadline_at', '<=', now),
        eb.and([eb('i.platform_type', 'is not', null), eb('i.platform_type', '<>', 'Linux')]),
        eb.and([eb('s.one_time', '=', 0), eb('inv.updated_at', '>=', eb.ref('s.started_at'))]),
        eb.and([eb('s.one_time', '=', 1), sql<boolean>`inv.updated_at >= s.started_at - ${FRESH_MS}`]),
      ]),
    )
    .orderBy('s.started_at')
    .orderBy('t.instance_id')
    .limit(PASS_BATCH)
    .execute();
  let moved = 0;
  for (const t of movable) {
    const since = Number(t.started_at) - (Number(t.one_time) === 1 ? FRESH_MS : 0);
    let done: boolean;
    if (t.live === null) {
      done = await endTarget(db, t.scan_arn, t.instance_id, { status: 'CANCELLED', reason: 'SSM_UNMANAGED' });
    } else if (t.inventory_at !== null && Number(t.inventory_at) >= since) {
      done = await completeTarget(store, t, t, Number(t.inventory_at));
    } else if (t.platform_type !== null && t.platform_type !== 'Linux') {
      done = await endTarget(db, t.scan_arn, t.instance_id, { status: 'CANCELLED', reason: 'UNSUPPORTED_OS' });
    } else {
      done = await endTarget(db, t.scan_arn, t.instance_id, { status: 'TIMED_OUT', reason: null });
    }
    if (done) moved++;
  }
  return moved;
}

async function completeTarget(
  store: Store,
  t: { scan_arn: string; instance_id: string; account_id: string; security_level: string },
  instance: { platform_name: string | null; platform_version: string | null },
  inventoryAt: number,
): Promise<boolean> {
  return store.transaction(async (trx) => {
    const rows = await trx
      .selectFrom('ssm_inventory_entries')
      .select('content')
      .where('instance_id', '=', t.instance_id)
      .where('type_name', '=', CIS_TYPE)
      .orderBy('seq')
      .limit(MAX_CHECKS * 2)
      .execute();
    const entries = checkEntries(
      rows.map((r) => r.content),
      t.security_level,
    );
    const count = (s: string) => entries.filter((e) => e.status === s).length;
    const platform = platformOf(instance.platform_name, instance.platform_version);
    const r = await trx
      .updateTable('inspector2_cis_scan_targets')
      .set({
        target_status: 'COMPLETED',
        status_reason: null,
        inventory_at: inventoryAt,
        platform,
        passed: count('PASSED'),
        failed: count('FAILED'),
        skipped: count('SKIPPED'),
      })
      .where('scan_arn', '=', t.scan_arn)
      .where('instance_id', '=', t.instance_id)
      .where('target_status', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    for (let k = 0; k < entries.length; k += 100) {
      await trx
        .insertInto('inspector2_cis_scan_results')
        .values(
          entries.slice(k, k + 100).map((e) => ({
            scan_arn: t.scan_arn,
            instance_id: t.instance_id,
            account_id: t.account_id,
            check_id: e.checkId,
            title: e.title,
            level: e.level,
            status: e.status,
            detail: e.detail,
            platform,
          })),
        )
        .execute();
    }
    return true;
  });
}

/** Marks COMPLETED the scans whose every target ended, with their failed and total distinct checks. */
export async function finishScans(store: Store, now = Date.now()): Promise<number> {
  const db = store.db;
  const done = await db
    .selectFrom('inspector2_cis_scans as s')
    .select('s.scan_arn')
    .where('s.status', '=', 'IN_PROGRESS')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('inspector2_cis_scan_targets as t')
            .select('t.instance_id')
            .whereRef('t.scan_arn', '=', 's.scan_arn')
            .where('t.target_status', 'is', null),
        ),
      ),
    )
    .limit(PASS_BATCH)
    .execute();
  for (const { scan_arn } of done) {
    const results = await db
      .selectFrom('inspector2_cis_scan_results')
      .select(['check_id', 'status'])
      .where('scan_arn', '=', scan_arn)
      .execute();
    const total = new Set(results.map((r) => r.check_id));
    const failedChecks = new Set(results.filter((r) => r.status === 'FAILED').map((r) => r.check_id));
    await db
      .updateTable('inspector2_cis_scans')
      .set({ status: 'COMPLETED', finished_at: now, failed_checks: failedChecks.size, total_checks: total.size })
      .where('scan_arn', '=', scan_arn)
      .where('status', '=', 'IN_PROGRESS')
      .execute();
  }
  return done.length;
}

/** Starts the scans whose schedule is due (a bounded batch); each configuration fires once however many nodes run. */
export async function fireDueConfigurations(store: Store, now = Date.now()): Promise<number> {
  const due = await store.db
    .selectFrom('inspector2_cis_configurations')
    .selectAll()
    .where('next_run_at', 'is not', null)
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(20)
    .execute();
  let fired = 0;
  for (const config of due) {
    const next = nextRun(JSON.parse(config.schedule) as Schedule, now) ?? null;
    const started = await store.transaction(async (trx) => {
      const claimed = await trx
        .updateTable('inspector2_cis_configurations')
        .set({ next_run_at: next })
        .where('arn', '=', config.arn)
        .where('next_run_at', '=', config.next_run_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      await startScan(trx, config, now);
      return true;
    });
    if (started) fired++;
  }
  return fired;
}

/** One pass of the scheduler. */
export async function cisPass(store: Store, now = Date.now()): Promise<void> {
  await fireDueConfigurations(store, now);
  await advanceTargets(store, now);
  await finishScans(store, now);
}

/** Inspector2's start hook part: a pass every second while the server runs, never two at once. */
export async function startCisScheduler(runtime: Runtime): Promise<RunningService> {
  return startPeriodicPass(INTERVAL_MS, () => cisPass(runtime.store), runtime.log, 'Inspector CIS scan pass failed');
}
