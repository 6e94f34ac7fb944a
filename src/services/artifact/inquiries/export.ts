// ExportComplianceInquiry's document: the inquiry's questions and the passages answering them (with their citations
// when asked) as a PDF, kept until its presigned URL expires (store.ts reads it back for the download endpoint).
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../core/runtime.js';
import { collect, INK, MUTED, newDocument } from '../pdf.js';
import { presignedUrl, REPORT_URL_TTL_MS } from '../download.js';
import type { Citation } from '../../../aws/generated/artifact.js';
import type { InquiryRow, QueryRow } from './store.js';

function renderExportPdf(inquiry: InquiryRow, queries: QueryRow[], withCitations: boolean): Promise<Buffer> {
  const doc = newDocument(
    `Compliance inquiry: ${inquiry.name.slice(0, 200)}`,
    `${inquiry.id}, account ${inquiry.account_id}, ${new Date(Number(inquiry.created_at)).toISOString()}. ` +
      "Each response quotes the passage of Warden's own reports that best matches the question; it is not generated.",
  );
  const done = collect(doc);
  for (const q of queries) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(INK)
      .text(`${Number(q.query_id)}. ${q.query}`);
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(q.response === null ? MUTED : INK)
      .text(q.response ?? "No passage of Warden's reports matches this question.", { indent: 12 });
    if (withCitations) {
      for (const c of JSON.parse(q.citations) as Citation[]) {
        doc
          .fontSize(8)
          .fillColor(MUTED)
          .text(`Source: ${c.sourceLabel ?? ''}${c.sourceLink !== undefined ? ` (${c.sourceLink})` : ''}`, {
            indent: 12,
          });
      }
    }
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}

/** Renders and stores the export (sweeping the account's expired ones) and answers its presigned URL. */
export async function exportInquiry(
  ctx: RequestContext,
  inquiry: InquiryRow,
  queries: QueryRow[],
  withCitations: boolean,
): Promise<string> {
  const now = ctx.receivedAt.getTime();
  const db = ctx.runtime.store.db;
  const pdf = await renderExportPdf(inquiry, queries, withCitations);
  const id = `export-${randomBytes(16).toString('hex')}`;
  await db
    .deleteFrom('artifact_inquiry_exports')
    .where('account_id', '=', ctx.identity.accountId)
    .where('expires_at', '<', now)
    .execute();
  await db
    .insertInto('artifact_inquiry_exports')
    .values({
      id,
      account_id: ctx.identity.accountId,
      inquiry_id: inquiry.id,
      document: pdf.toString('base64'),
      expires_at: now + REPORT_URL_TTL_MS,
    })
    .execute();
  return presignedUrl(
    ctx.runtime.secrets,
    { host: ctx.host, secure: ctx.secureTransport },
    { kind: 'inquiry', account: ctx.identity.accountId, report: id, version: 0 },
    now,
    REPORT_URL_TTL_MS,
  );
}
