// Runs reports in the background, off the request path: at most two at once per process (the rest wait their turn),
// each asked between writes whether to go on (cancelled, or Warden stopping). Its start hook fails the reports a
// stopped process left IN_PROGRESS; its stop waits for the running ones.
import { randomUUID } from 'node:crypto';
import type { RunningService, Runtime } from '../../../core/runtime.js';
import type { KeepGoing } from './prepare.js';
import { failOrphans, finish, heartbeat, heartbeatAll, HEARTBEAT_MS, ORPHANED_MESSAGE } from './report-store.js';
import type { Inspector2ReportsTable } from './tables.js';

/** This process's worker id: its reports are the IN_PROGRESS rows it may write. */
export const WORKER_ID = randomUUID();

const MAX_RUNNING = 2;
/** How often a running report asks the store whether it was cancelled. */
const CHECK_MS = 250;

export type ReportJob = (runtime: Runtime, row: Inspector2ReportsTable, keepGoing: KeepGoing) => Promise<void>;

interface Worker {
  stopping: boolean;
  running: number;
  waiting: (() => void)[];
  jobs: Set<Promise<void>>;
  /** Reports cancelled through this process: their writers stop at their next question, without asking the store. */
  cancelled: Set<string>;
}

const workers = new WeakMap<Runtime, Worker>();

function workerOf(runtime: Runtime): Worker {
  let w = workers.get(runtime);
  if (w === undefined) {
    w = { stopping: false, running: 0, waiting: [], jobs: new Set(), cancelled: new Set() };
    workers.set(runtime, w);
  }
  return w;
}

async function run(runtime: Runtime, w: Worker, row: Inspector2ReportsTable, job: ReportJob): Promise<void> {
  if (w.running >= MAX_RUNNING) await new Promise<void>((resolve) => w.waiting.push(resolve));
  w.running++;
  let checkedAt = 0;
  let beatAt = Date.now();
  const keepGoing: KeepGoing = async () => {
    if (w.stopping || w.cancelled.has(row.report_id)) return false;
    const now = Date.now();
    if (now - checkedAt < CHECK_MS && now - beatAt < HEARTBEAT_MS) return true;
    checkedAt = now;
    beatAt = now;
    return heartbeat(runtime.store.db, row);
  };
  try {
    if (!w.stopping) await job(runtime, row, keepGoing);
    // Stopped before or between writes: the report cannot finish (a finished one stays as it is).
    if (w.stopping)
      await finish(runtime.store.db, row, 'FAILED', { code: 'INTERNAL_ERROR', message: ORPHANED_MESSAGE });
  } catch (err) {
    runtime.log.error({ err, reportId: row.report_id }, 'Inspector report failed');
    await finish(runtime.store.db, row, 'FAILED', {
      code: 'INTERNAL_ERROR',
      message: 'The report could not be written.',
    }).catch(() => undefined);
  } finally {
    w.cancelled.delete(row.report_id);
    w.running--;
    w.waiting.shift()?.();
  }
}

/** A report of this process cancelled: its writer stops at once (another node's notices it in the store). */
export function noteCancelled(runtime: Runtime, reportId: string): void {
  const w = workers.get(runtime);
  // Only a report being written here is remembered, so the set stays as small as the running reports.
  if (w !== undefined && w.running > 0) w.cancelled.add(reportId);
}

/** Starts a report's job in the background; the handler answers at once. */
export function schedule(runtime: Runtime, row: Inspector2ReportsTable, job: ReportJob): void {
  const w = workerOf(runtime);
  const p = run(runtime, w, row, job);
  w.jobs.add(p);
  void p.finally(() => w.jobs.delete(p));
}

/** The descriptor's start: fails orphaned reports, and on stop lets running reports end before the store closes. */
export async function startReportWorker(runtime: Runtime): Promise<RunningService> {
  const w = workerOf(runtime);
  w.stopping = false;
  const failed = await failOrphans(runtime.store.db, WORKER_ID, runtime.store.dialect === 'sqlite');
  if (failed > 0) runtime.log.warn({ failed }, 'Inspector reports left in progress by a stopped process failed');
  // Reports waiting their turn are alive too: their heartbeat moves with the running ones'.
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (w.jobs.size === 0) return;
    beating = heartbeatAll(runtime.store.db, WORKER_ID).catch((err: unknown) =>
      runtime.log.error({ err }, 'Inspector report heartbeat failed'),
    );
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      w.stopping = true;
      for (const wake of w.waiting.splice(0)) wake();
      await Promise.allSettled([...w.jobs]);
    },
  };
}
