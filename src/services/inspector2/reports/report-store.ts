// The reports table: a report's row created IN_PROGRESS, read by its account, moved to a final status once (the first
// of finishing, failing and cancelling wins), and orphaned reports — their process stopped — failed.
import type { Kysely } from 'kysely';
import type { Destination, ExternalReportStatus, ReportingErrorCode } from '../../../aws/generated/inspector2.js';
import { AwsError } from '../../../aws/error.js';
import { accountScope, otherAccountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import type { Inspector2ReportsTable } from './tables.js';
import './tables.js';

export type ReportKind = 'FINDINGS' | 'SBOM';

/** A report whose heartbeat is older than this is orphaned: its process stopped while writing it. */
export const ORPHAN_AFTER_MS = 2 * 60_000;
/** How often a running report moves its heartbeat. */
export const HEARTBEAT_MS = 15_000;

export const ORPHANED_MESSAGE = 'The report was interrupted: Warden stopped while writing it.';

/** A report id that is not one of the caller's reports of this kind in the Region. */
export function reportNotFound(reportId: string): AwsError {
  return new AwsError('ResourceNotFoundException', `The report ${reportId.slice(0, 64)} was not found.`);
}

export async function insertReport(
  db: Kysely<Database>,
  row: Omit<Inspector2ReportsTable, 'status' | 'error_code' | 'error_message' | 'finished_at'>,
): Promise<void> {
  const { account_id, ...rest } = row;
  await accountScope(db, account_id)
    .insertInto('inspector2_reports')
    .values({ ...rest, status: 'IN_PROGRESS', error_code: null, error_message: null, finished_at: null })
    .execute();
}

/** The caller's report of this kind in the Region: the one named, else its newest; ResourceNotFound otherwise. */
export async function ownReport(
  db: Kysely<Database>,
  accountId: string,
  region: string,
  kind: ReportKind,
  reportId: string | undefined,
): Promise<Inspector2ReportsTable> {
  let q = accountScope(db, accountId)
    .selectFrom('inspector2_reports')
    .selectAll()
    .where('region', '=', region)
    .where('kind', '=', kind);
  q =
    reportId === undefined
      ? q.orderBy('created_at', 'desc').orderBy('report_id').limit(1)
      : q.where('report_id', '=', reportId);
  const row = await q.executeTakeFirst();
  if (row === undefined) throw reportNotFound(reportId ?? '');
  if (row.status === 'IN_PROGRESS' && Date.now() - Number(row.heartbeat_at) > ORPHAN_AFTER_MS) {
    await finish(db, row, 'FAILED', { code: 'INTERNAL_ERROR', message: ORPHANED_MESSAGE });
    return await ownReport(db, accountId, region, kind, row.report_id);
  }
  return row;
}

/**
 * Moves an IN_PROGRESS report to its final status; false when it had already left IN_PROGRESS (cancelled, or
 * failed as orphaned), which the writer takes as its cue to stop.
 */
export async function finish(
  db: Kysely<Database>,
  row: Pick<Inspector2ReportsTable, 'account_id' | 'report_id'>,
  status: Exclude<ExternalReportStatus, 'IN_PROGRESS'>,
  error?: { code: ReportingErrorCode; message: string },
): Promise<boolean> {
  // The writer works for the report's own account.
  const r = await otherAccountScope(db, row.account_id)
    .updateTable('inspector2_reports')
    .set({
      status,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      finished_at: Date.now(),
    })
    .where('report_id', '=', row.report_id)
    .where('status', '=', 'IN_PROGRESS')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves the heartbeat; false when the report is no longer IN_PROGRESS (cancelled): the writer stops. */
export async function heartbeat(
  db: Kysely<Database>,
  row: Pick<Inspector2ReportsTable, 'account_id' | 'report_id'>,
): Promise<boolean> {
  const r = await otherAccountScope(db, row.account_id)
    .updateTable('inspector2_reports')
    .set({ heartbeat_at: Date.now() })
    .where('report_id', '=', row.report_id)
    .where('status', '=', 'IN_PROGRESS')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves the heartbeat of every report a worker has in progress, queued or being written: none of them is orphaned. */
export async function heartbeatAll(db: Kysely<Database>, worker: string): Promise<void> {
  // A sweep over every account's reports of this worker, as failOrphans is.
  await db
    .updateTable('inspector2_reports')
    .set({ heartbeat_at: Date.now() })
    .where('worker', '=', worker)
    .where('status', '=', 'IN_PROGRESS')
    .execute();
}

/** In-progress reports of this kind an account has in a Region (each is work for a writer). */
export async function inProgressCount(
  db: Kysely<Database>,
  accountId: string,
  region: string,
  kind: ReportKind,
): Promise<number> {
  const r = await accountScope(db, accountId)
    .selectFrom('inspector2_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region', '=', region)
    .where('kind', '=', kind)
    .where('status', '=', 'IN_PROGRESS')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Fails the reports left IN_PROGRESS by a process that stopped: at start-up on SQLite every other worker's (one node
 * owns the file), on PostgreSQL only those whose heartbeat is stale (other nodes may be writing theirs).
 */
export async function failOrphans(db: Kysely<Database>, worker: string, everyOther: boolean): Promise<number> {
  // A sweep over every account's reports, as the audit intents' recovery is.
  let q = db
    .updateTable('inspector2_reports')
    .set({ status: 'FAILED', error_code: 'INTERNAL_ERROR', error_message: ORPHANED_MESSAGE, finished_at: Date.now() })
    .where('status', '=', 'IN_PROGRESS')
    .where('worker', '!=', worker);
  if (!everyOther) q = q.where('heartbeat_at', '<', Date.now() - ORPHAN_AFTER_MS);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** The Destination as stored. */
export function destinationOf(row: Pick<Inspector2ReportsTable, 'destination'>): Destination {
  return JSON.parse(row.destination) as Destination;
}
