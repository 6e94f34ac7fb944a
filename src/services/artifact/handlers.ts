// Artifact's report operations: ListReports, GetReportMetadata, ListReportVersions, GetTermForReport (a term document
// URL and a single-use, expiring term token) and GetReport (the token spent for a presigned, expiring URL).
import { createHash, randomBytes } from 'node:crypto';
import type {
  GetReportMetadataResponse,
  ListReportsResponse,
  ListReportVersionsResponse,
  ReportDetail,
  ReportSummary,
} from '../../aws/generated/artifact.js';
import type { RequestContext } from '../../core/runtime.js';
import { pageOfList } from '../../store/pagination.js';
import { invalidNextToken, reportNotFound, reportVersionNotFound, termNotAccepted } from './errors.js';
import { presignedUrl, REPORT_URL_TTL_MS } from './download.js';
import { refreshGeneratedReports, reportVersions } from './reports.js';

/** How long a term token may wait before GetReport spends it. */
export const TERM_TOKEN_TTL_MS = 15 * 60 * 1000;
const DEFAULT_PAGE = 50;

type Version = Awaited<ReturnType<typeof reportVersions>>[number];

function reportArn(ctx: RequestContext, v: Version): string {
  return `arn:${ctx.partition}:artifact:${ctx.region}::report/${v.report_id}:${v.version}`;
}

function summaryOf(ctx: RequestContext, v: Version): ReportSummary {
  return {
    id: v.report_id,
    name: v.name,
    state: 'PUBLISHED',
    arn: reportArn(ctx, v),
    version: Number(v.version),
    uploadState: 'COMPLETE',
    description: v.description,
    series: v.series,
    category: v.category,
    companyName: 'Warden',
    productName: 'Warden',
    acceptanceType: 'EXPLICIT',
  };
}

function detailOf(ctx: RequestContext, v: Version): ReportDetail {
  const at = new Date(Number(v.created_at));
  return {
    ...summaryOf(ctx, v),
    createdAt: at,
    lastModifiedAt: at,
    termArn: `arn:${ctx.partition}:artifact:${ctx.region}::term/term-${v.report_id.slice('report-'.length)}:1`,
    sequenceNumber: Number(v.version),
  };
}

/** The account's report versions, Warden-made ones first brought up to date with its state. */
async function versionsFor(ctx: RequestContext, reportId?: string): Promise<Version[]> {
  await refreshGeneratedReports(ctx);
  return reportVersions(ctx.runtime.store.db, ctx.identity.accountId, reportId);
}

/** The version asked for, or the latest; ResourceNotFound for a report or version the account cannot read. */
async function versionOf(ctx: RequestContext, reportId: string, version: number | undefined): Promise<Version> {
  const all = await versionsFor(ctx, reportId);
  if (all.length === 0) throw reportNotFound(reportId);
  const v = version === undefined ? all[0] : all.find((x) => Number(x.version) === version);
  if (v === undefined) throw reportVersionNotFound(reportId);
  return v;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function listReports(
  ctx: RequestContext,
  input: { maxResults?: number; nextToken?: string },
): Promise<ListReportsResponse> {
  const latest = new Map<string, Version>();
  for (const v of await versionsFor(ctx)) if (!latest.has(v.report_id)) latest.set(v.report_id, v);
  const page = pageOfList(ctx, [...latest.values()], {
    token: input.nextToken,
    limit: input.maxResults ?? DEFAULT_PAGE,
    filters: {},
    errors: { invalid: invalidNextToken },
  });
  return { reports: page.items.map((v) => summaryOf(ctx, v)), ...(page.next ? { nextToken: page.next } : {}) };
}

export async function listReportVersions(
  ctx: RequestContext,
  input: { reportId: string; maxResults?: number; nextToken?: string },
): Promise<ListReportVersionsResponse> {
  const all = await versionsFor(ctx, input.reportId);
  if (all.length === 0) throw reportNotFound(input.reportId);
  const page = pageOfList(ctx, all, {
    token: input.nextToken,
    limit: input.maxResults ?? DEFAULT_PAGE,
    filters: { reportId: input.reportId },
    errors: { invalid: invalidNextToken },
  });
  return { reports: page.items.map((v) => summaryOf(ctx, v)), ...(page.next ? { nextToken: page.next } : {}) };
}

export async function getReportMetadata(
  ctx: RequestContext,
  input: { reportId: string; reportVersion?: number },
): Promise<GetReportMetadataResponse> {
  return { reportDetails: detailOf(ctx, await versionOf(ctx, input.reportId, input.reportVersion)) };
}

export async function getTermForReport(
  ctx: RequestContext,
  input: { reportId: string; reportVersion?: number },
): Promise<{ documentPresignedUrl: string; termToken: string }> {
  const v = await versionOf(ctx, input.reportId, input.reportVersion);
  const now = ctx.receivedAt.getTime();
  const token = randomBytes(32).toString('base64url');
  const db = ctx.runtime.store.db;
  // Spent or expired tokens are of no further use: the account's are swept as it asks for new ones.
  await db
    .deleteFrom('artifact_term_tokens')
    .where('account_id', '=', ctx.identity.accountId)
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('used_at', 'is not', null)]))
    .execute();
  await db
    .insertInto('artifact_term_tokens')
    .values({
      token_hash: tokenHash(token),
      account_id: ctx.identity.accountId,
      report_id: v.report_id,
      version: Number(v.version),
      expires_at: now + TERM_TOKEN_TTL_MS,
      used_at: null,
    })
    .execute();
  // The token is a credential for one download: the trail keeps the fact, not the token.
  ctx.audit.responseElements = { termTokenIssued: true, reportId: v.report_id, reportVersion: Number(v.version) };
  const documentPresignedUrl = presignedUrl(
    ctx.runtime.secrets,
    { host: ctx.host, secure: ctx.secureTransport },
    { kind: 'term', account: ctx.identity.accountId, report: v.report_id, version: Number(v.version) },
    now,
    TERM_TOKEN_TTL_MS,
  );
  return { documentPresignedUrl, termToken: token };
}

export async function getReport(
  ctx: RequestContext,
  input: { reportId: string; reportVersion?: number; termToken: string },
): Promise<{ documentPresignedUrl: string }> {
  const v = await versionOf(ctx, input.reportId, input.reportVersion);
  const now = ctx.receivedAt.getTime();
  // Spending the token is one conditional update, so two calls racing with one token cannot both succeed.
  const spent = await ctx.runtime.store.db
    .updateTable('artifact_term_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash(input.termToken))
    .where('account_id', '=', ctx.identity.accountId)
    .where('report_id', '=', v.report_id)
    .where('version', '=', Number(v.version))
    .where('expires_at', '>=', now)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw termNotAccepted();
  // Accepting the term is what this call records; the URL is a bearer credential and stays out of the trail.
  ctx.audit.requestParameters = { reportId: v.report_id, reportVersion: Number(v.version) };
  ctx.audit.responseElements = null;
  ctx.audit.additionalEventData = { termAccepted: true };
  ctx.audit.resources = [{ ARN: reportArn(ctx, v), accountId: ctx.identity.accountId, type: 'AWS::Artifact::Report' }];
  return {
    documentPresignedUrl: presignedUrl(
      ctx.runtime.secrets,
      { host: ctx.host, secure: ctx.secureTransport },
      { kind: 'report', account: ctx.identity.accountId, report: v.report_id, version: Number(v.version) },
      now,
      REPORT_URL_TTL_MS,
    ),
  };
}
