// CreateFindingsReport, GetFindingsReportStatus, CancelFindingsReport, CreateSbomExport, GetSbomExport and
// CancelSbomExport: a report is recorded IN_PROGRESS and written in the background (./worker.ts); its status is read
// from the reports table, by its own account only.
import { randomUUID } from 'node:crypto';
import type {
  CancelFindingsReportRequest,
  CancelFindingsReportResponse,
  CancelSbomExportRequest,
  CancelSbomExportResponse,
  CreateFindingsReportRequest,
  CreateFindingsReportResponse,
  CreateSbomExportRequest,
  CreateSbomExportResponse,
  Destination,
  ExternalReportStatus,
  FilterCriteria,
  GetFindingsReportStatusRequest,
  GetFindingsReportStatusResponse,
  GetSbomExportRequest,
  GetSbomExportResponse,
  ReportingErrorCode,
  ResourceFilterCriteria,
  SbomReportFormat,
} from '../../../aws/generated/inspector2.js';
import { AwsError } from '../../../aws/error.js';
import type { RequestContext } from '../../../core/runtime.js';
import { checkDestination } from './destination.js';
import { writeFindingsReport } from './findings-report.js';
import { destinationOf, finish, inProgressCount, insertReport, ownReport, type ReportKind } from './report-store.js';
import { writeSbomExport } from './sbom-export.js';
import type { Inspector2ReportsTable } from './tables.js';
import { reportAccounts } from './visible-accounts.js';
import { noteCancelled, schedule, WORKER_ID, type ReportJob } from './worker.js';

/** Reports of one kind an account may have in progress per Region: Warden's bound, each one is a writer's work. */
export const MAX_IN_PROGRESS = 5;

async function create(
  ctx: RequestContext,
  kind: ReportKind,
  format: string,
  destination: Destination,
  criteria: object | undefined,
  job: ReportJob,
): Promise<string> {
  checkDestination(destination);
  const db = ctx.runtime.store.db;
  const account = ctx.identity.accountId;
  if ((await inProgressCount(db, account, ctx.region, kind)) >= MAX_IN_PROGRESS)
    throw new AwsError(
      'ThrottlingException',
      `You can have at most ${MAX_IN_PROGRESS} ${kind === 'SBOM' ? 'SBOM exports' : 'findings reports'} in progress.`,
      { status: 429 },
    );
  const now = Date.now();
  const row: Inspector2ReportsTable = {
    report_id: randomUUID(),
    account_id: account,
    region: ctx.region,
    kind,
    format,
    status: 'IN_PROGRESS',
    error_code: null,
    error_message: null,
    destination: JSON.stringify({
      bucketName: destination.bucketName,
      ...(destination.keyPrefix === undefined ? {} : { keyPrefix: destination.keyPrefix }),
      kmsKeyArn: destination.kmsKeyArn,
    }),
    criteria: criteria === undefined ? null : JSON.stringify(criteria),
    accounts: JSON.stringify(await reportAccounts(ctx)),
    worker: WORKER_ID,
    created_at: now,
    heartbeat_at: now,
    finished_at: null,
  };
  await insertReport(db, row);
  schedule(ctx.runtime, row, job);
  return row.report_id;
}

/** The status members both Get operations answer. */
function statusOf(row: Inspector2ReportsTable) {
  return {
    reportId: row.report_id,
    status: row.status as ExternalReportStatus,
    ...(row.error_code === null ? {} : { errorCode: row.error_code as ReportingErrorCode }),
    ...(row.error_message === null ? {} : { errorMessage: row.error_message }),
  };
}

async function cancel(ctx: RequestContext, kind: ReportKind, reportId: string): Promise<string> {
  const row = await ownReport(ctx.runtime.store.db, ctx.identity.accountId, ctx.region, kind, reportId);
  // A finished report keeps its status: cancelling it changes nothing.
  if (await finish(ctx.runtime.store.db, row, 'CANCELLED')) noteCancelled(ctx.runtime, row.report_id);
  return row.report_id;
}

export async function createFindingsReport(
  ctx: RequestContext,
  input: CreateFindingsReportRequest,
): Promise<CreateFindingsReportResponse> {
  const reportId = await create(
    ctx,
    'FINDINGS',
    input.reportFormat,
    input.s3Destination,
    input.filterCriteria,
    writeFindingsReport,
  );
  return { reportId };
}

export async function getFindingsReportStatus(
  ctx: RequestContext,
  input: GetFindingsReportStatusRequest,
): Promise<GetFindingsReportStatusResponse> {
  const row = await ownReport(ctx.runtime.store.db, ctx.identity.accountId, ctx.region, 'FINDINGS', input.reportId);
  return {
    ...statusOf(row),
    destination: destinationOf(row),
    ...(row.criteria === null ? {} : { filterCriteria: JSON.parse(row.criteria) as FilterCriteria }),
  };
}

export async function cancelFindingsReport(
  ctx: RequestContext,
  input: CancelFindingsReportRequest,
): Promise<CancelFindingsReportResponse> {
  return { reportId: await cancel(ctx, 'FINDINGS', input.reportId) };
}

export async function createSbomExport(
  ctx: RequestContext,
  input: CreateSbomExportRequest,
): Promise<CreateSbomExportResponse> {
  const reportId = await create(
    ctx,
    'SBOM',
    input.reportFormat,
    input.s3Destination,
    input.resourceFilterCriteria,
    writeSbomExport,
  );
  return { reportId };
}

export async function getSbomExport(ctx: RequestContext, input: GetSbomExportRequest): Promise<GetSbomExportResponse> {
  const row = await ownReport(ctx.runtime.store.db, ctx.identity.accountId, ctx.region, 'SBOM', input.reportId);
  return {
    ...statusOf(row),
    format: row.format as SbomReportFormat,
    s3Destination: destinationOf(row),
    ...(row.criteria === null ? {} : { filterCriteria: JSON.parse(row.criteria) as ResourceFilterCriteria }),
  };
}

export async function cancelSbomExport(
  ctx: RequestContext,
  input: CancelSbomExportRequest,
): Promise<CancelSbomExportResponse> {
  return { reportId: await cancel(ctx, 'SBOM', input.reportId) };
}
