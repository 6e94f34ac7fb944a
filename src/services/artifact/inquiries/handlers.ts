// Artifact's compliance inquiries as Warden answers them: each question answered at once with the passage of
// Warden's own reports (shared responsibility matrix, audit checklist with this account's verdicts) that matches
// it best, quoted and cited with the report version it comes from; a question nothing matches gets no response.
// No generated text, no human review (FULL_SUPPORT is refused).
import type {
  Citation,
  CreateComplianceInquiryResponse,
  ExportComplianceInquiryResponse,
  GetComplianceInquiryMetadataResponse,
  InquiryDetail,
  InquirySummary,
  ListComplianceInquiriesResponse,
  ListComplianceInquiryQueriesResponse,
  PutComplianceInquiryFeedbackResponse,
  QuerySummary,
} from '../../../aws/generated/artifact.js';
import type { RequestContext } from '../../../core/runtime.js';
import { pageOfList, pageOfQuery } from '../../../store/pagination.js';
import { runChecklist } from '../compliance/checklist.js';
import { invalidNextToken, queryNotFound, validation } from '../errors.js';
import { CHECKLIST_REPORT_ID, MATRIX_REPORT_ID, refreshGeneratedReports, reportVersions } from '../reports.js';
import { bestPassages, passagesOf } from './passages.js';
import { questionsOf } from './questions.js';
import {
  checkTags,
  findInquiry,
  inquiryArn,
  newInquiryId,
  queriesOf,
  scope,
  tagsOf,
  type InquiryRow,
  type QueryRow,
} from './store.js';
import { exportInquiry } from './export.js';

const COMPLETE = 'Compliance inquiry processing is complete.';
const QUERY_COMPLETE = 'Query processing is complete.';
const DEFAULT_PAGE = 50;
const MAX_NAME_CHARS = 1024;
const MAX_RESPONSE_CHARS = 2048;

function summaryOf(ctx: RequestContext, row: InquiryRow): InquirySummary {
  return {
    arn: inquiryArn(ctx, row.id),
    name: row.name,
    id: row.id,
    status: row.status as InquirySummary['status'],
    statusMessage: row.status_message as InquirySummary['statusMessage'],
    inputSource: row.input_source as InquirySummary['inputSource'],
    createdAt: new Date(Number(row.created_at)),
  };
}

function detailOf(ctx: RequestContext, row: InquiryRow): InquiryDetail {
  return {
    ...summaryOf(ctx, row),
    updatedAt: new Date(Number(row.updated_at)),
    supportMode: row.support_mode as InquiryDetail['supportMode'],
  };
}

export function querySummaryOf(row: QueryRow): QuerySummary {
  const citations = JSON.parse(row.citations) as Citation[];
  return {
    queryIdentifier: Number(row.query_id),
    query: row.query,
    ...(row.response !== null ? { response: row.response } : {}),
    ...(citations.length > 0 ? { citations } : {}),
    status: row.status as QuerySummary['status'],
    statusMessage: row.status_message as QuerySummary['statusMessage'],
    createdAt: new Date(Number(row.created_at)),
  };
}

/** The report ARN a citation links to: the latest version, which says what the passage quotes. */
async function citationLinks(ctx: RequestContext): Promise<Map<string, string>> {
  await refreshGeneratedReports(ctx);
  const links = new Map<string, string>();
  for (const id of [CHECKLIST_REPORT_ID, MATRIX_REPORT_ID]) {
    const [latest] = await reportVersions(ctx.runtime.store.db, ctx.identity.accountId, id);
    if (latest !== undefined) {
      links.set(id, `arn:${ctx.partition}:artifact:${ctx.region}::report/${id}:${Number(latest.version)}`);
    }
  }
  return links;
}

export async function createComplianceInquiry(
  ctx: RequestContext,
  input: {
    name: string;
    inquiryContent: { query?: string; fileContent?: { content: Uint8Array; fileSections?: string[] } };
    clientToken?: string;
    supportMode?: string;
    tags?: Record<string, string>;
  },
): Promise<CreateComplianceInquiryResponse> {
  if (input.name.length === 0 || input.name.length > MAX_NAME_CHARS) {
    throw validation(`name: 1 to ${MAX_NAME_CHARS} characters`, 'fieldValidationFailed');
  }
  const { source, questions } = questionsOf(input.inquiryContent);
  if (input.supportMode !== undefined && source === 'TEXT') {
    throw validation('supportMode is only supported for file upload mode', 'fieldValidationFailed');
  }
  if (input.supportMode === 'FULL_SUPPORT') {
    throw validation('FULL_SUPPORT is not available: Warden has no human reviewers', 'fieldValidationFailed');
  }
  const tags = input.tags ?? {};
  checkTags(tags);
  if (input.clientToken !== undefined) {
    const earlier = await scope(ctx)
      .selectFrom('artifact_compliance_inquiries')
      .selectAll()
      .where('region', '=', ctx.region)
      .where('client_token', '=', input.clientToken)
      .executeTakeFirst();
    if (earlier !== undefined) return { complianceInquirySummary: summaryOf(ctx, earlier), tags: tagsOf(earlier) };
  }

  const now = ctx.receivedAt.getTime();
  const links = await citationLinks(ctx);
  const passages = passagesOf(
    await runChecklist(ctx.runtime.store.db, ctx.identity.accountId, { partition: ctx.partition, now }),
    {
      matrix: MATRIX_REPORT_ID,
      checklist: CHECKLIST_REPORT_ID,
    },
  );
  const id = newInquiryId();
  const row: InquiryRow = {
    account_id: ctx.identity.accountId,
    region: ctx.region,
    id,
    name: input.name,
    input_source: source,
    support_mode: 'AI_ONLY',
    status: 'COMPLETED',
    status_message: COMPLETE,
    client_token: input.clientToken ?? null,
    tags: JSON.stringify(tags),
    feedback: null,
    created_at: now,
    updated_at: now,
  };
  const queryRows = questions.map((question, i): QueryRow => {
    const matches = bestPassages(question, passages);
    const citations: Citation[] = matches.map((m) => ({
      sourceLabel: m.passage.label,
      sourceContent: m.passage.text.slice(0, MAX_RESPONSE_CHARS),
      ...(links.has(m.passage.reportId) ? { sourceLink: links.get(m.passage.reportId)! } : {}),
    }));
    return {
      account_id: ctx.identity.accountId,
      region: ctx.region,
      inquiry_id: id,
      query_id: i + 1,
      query: question,
      response: matches[0] === undefined ? null : matches[0].passage.text.slice(0, MAX_RESPONSE_CHARS),
      citations: JSON.stringify(citations),
      status: 'COMPLETED',
      status_message: QUERY_COMPLETE,
      created_at: now,
      feedback: null,
    };
  });
  const inserted = await ctx.runtime.store.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('artifact_compliance_inquiries')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await tx.insertInto('artifact_inquiry_queries').values(queryRows).execute();
    return true;
  });
  // A retry racing this call with the same client token won the insert: answer what it made.
  if (!inserted && input.clientToken !== undefined) {
    const earlier = await scope(ctx)
      .selectFrom('artifact_compliance_inquiries')
      .selectAll()
      .where('region', '=', ctx.region)
      .where('client_token', '=', input.clientToken)
      .executeTakeFirstOrThrow();
    return { complianceInquirySummary: summaryOf(ctx, earlier), tags: tagsOf(earlier) };
  }
  ctx.audit.resources = [
    { ARN: inquiryArn(ctx, id), accountId: ctx.identity.accountId, type: 'AWS::Artifact::ComplianceInquiry' },
  ];
  return { complianceInquirySummary: summaryOf(ctx, row), tags };
}

export async function getComplianceInquiryMetadata(
  ctx: RequestContext,
  input: { complianceInquiryId: string },
): Promise<GetComplianceInquiryMetadataResponse> {
  const row = await findInquiry(ctx, input.complianceInquiryId);
  return { complianceInquiryDetail: detailOf(ctx, row), tags: tagsOf(row) };
}

type InquiryCursor = [createdAt: number, id: string];
const isInquiryCursor = (v: unknown): v is InquiryCursor =>
  Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string';

export async function listComplianceInquiries(
  ctx: RequestContext,
  input: { maxResults?: number; nextToken?: string },
): Promise<ListComplianceInquiriesResponse> {
  // Newest first, paged by (created_at, id) so inquiries made between pages neither repeat nor shift the pages.
  const page = await pageOfQuery(ctx, {
    token: input.nextToken,
    limit: input.maxResults ?? DEFAULT_PAGE,
    filters: { region: ctx.region },
    errors: { invalid: invalidNextToken },
    fetch: async (after: InquiryCursor | undefined, count) => {
      let q = scope(ctx).selectFrom('artifact_compliance_inquiries').selectAll().where('region', '=', ctx.region);
      if (after !== undefined) {
        const [at, id] = after;
        q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
      }
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(count).execute();
    },
    cursorOf: (row) => [Number(row.created_at), row.id],
    isCursor: isInquiryCursor,
  });
  return {
    complianceInquiries: page.items.map((r) => summaryOf(ctx, r)),
    ...(page.next ? { nextToken: page.next } : {}),
  };
}

export async function listComplianceInquiryQueries(
  ctx: RequestContext,
  input: { complianceInquiryId: string; maxResults?: number; nextToken?: string },
): Promise<ListComplianceInquiryQueriesResponse> {
  await findInquiry(ctx, input.complianceInquiryId);
  const queries = await queriesOf(ctx, input.complianceInquiryId);
  const page = pageOfList(ctx, queries, {
    token: input.nextToken,
    limit: input.maxResults ?? DEFAULT_PAGE,
    filters: { region: ctx.region, inquiry: input.complianceInquiryId },
    errors: { invalid: invalidNextToken },
  });
  return { queries: page.items.map(querySummaryOf), ...(page.next ? { nextToken: page.next } : {}) };
}

interface Feedback {
  rating: string;
  reasonCodes: string[];
  comment?: string;
  responseRevisionId?: number;
  clientToken?: string;
  submittedAt: number;
}

export async function putComplianceInquiryFeedback(
  ctx: RequestContext,
  input: {
    complianceInquiryId: string;
    queryIdentifier?: number;
    rating: string;
    responseRevisionId?: number;
    reasonCodes?: string[];
    comment?: string;
    clientToken?: string;
  },
): Promise<PutComplianceInquiryFeedbackResponse> {
  const inquiry = await findInquiry(ctx, input.complianceInquiryId);
  let stored = inquiry.feedback;
  if (input.queryIdentifier !== undefined) {
    const q = (await queriesOf(ctx, inquiry.id)).find((r) => Number(r.query_id) === input.queryIdentifier);
    if (q === undefined) throw queryNotFound(inquiry.id, input.queryIdentifier);
    stored = q.feedback;
  }
  // The same client token again is the same submission: nothing changes.
  const previous = stored === null ? undefined : (JSON.parse(stored) as Feedback);
  if (input.clientToken !== undefined && previous?.clientToken === input.clientToken) {
    return { submittedAt: new Date(previous.submittedAt) };
  }
  const feedback: Feedback = {
    rating: input.rating,
    reasonCodes: input.reasonCodes ?? [],
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    ...(input.responseRevisionId !== undefined ? { responseRevisionId: input.responseRevisionId } : {}),
    ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
    submittedAt: ctx.receivedAt.getTime(),
  };
  if (input.queryIdentifier === undefined) {
    await scope(ctx)
      .updateTable('artifact_compliance_inquiries')
      .set({ feedback: JSON.stringify(feedback), updated_at: feedback.submittedAt })
      .where('region', '=', ctx.region)
      .where('id', '=', inquiry.id)
      .execute();
  } else {
    await scope(ctx)
      .updateTable('artifact_inquiry_queries')
      .set({ feedback: JSON.stringify(feedback) })
      .where('region', '=', ctx.region)
      .where('inquiry_id', '=', inquiry.id)
      .where('query_id', '=', input.queryIdentifier)
      .execute();
  }
  return { submittedAt: new Date(feedback.submittedAt) };
}

export async function exportComplianceInquiry(
  ctx: RequestContext,
  input: { complianceInquiryId: string; queryIdentifiers?: number[]; includeCitations?: boolean },
): Promise<ExportComplianceInquiryResponse> {
  const inquiry = await findInquiry(ctx, input.complianceInquiryId);
  const all = await queriesOf(ctx, inquiry.id);
  const wanted = input.queryIdentifiers;
  if (wanted !== undefined) {
    for (const n of wanted) {
      if (!all.some((q) => Number(q.query_id) === n)) throw queryNotFound(inquiry.id, n);
    }
  }
  const queries = wanted === undefined ? all : all.filter((q) => wanted.includes(Number(q.query_id)));
  const documentPresignedUrl = await exportInquiry(ctx, inquiry, queries, input.includeCitations === true);
  // The URL is a bearer credential for the export: the trail keeps that one was made, not the URL.
  ctx.audit.responseElements = { exported: true, queries: queries.length };
  return { documentPresignedUrl, tags: tagsOf(inquiry) };
}
